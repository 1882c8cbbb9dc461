import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import PopCore from '@alicloud/pop-core';
import { ACCESS_KEY_ID, ACCESS_KEY_SECRET, NOW_MS, startCmsCloud } from './cms-cloud';

// CloudMonitor 2019-01-01 through @alicloud/pop-core (RPC, signature V2),
// a client rollgate itself does not use for CloudMonitor.

interface MetricResponse {
  RequestId: string;
  Code: string;
  Success: boolean;
  Period: string;
  Datapoints: string;
  NextToken?: string;
}
interface Point {
  timestamp: number;
  userId: string;
  instanceId: string;
  Minimum: number;
  Average: number;
  Maximum: number;
}
interface PopError extends Error {
  code: string;
}

const RPCClient = (PopCore as unknown as { RPCClient: typeof PopCore }).RPCClient;

describe('CloudMonitor DescribeMetricList / DescribeMetricLast with @alicloud/pop-core', () => {
  let env: Awaited<ReturnType<typeof startCmsCloud>>;
  let client: PopCore;

  const call = async (action: string, params: Record<string, string>): Promise<MetricResponse> =>
    (await client.request(action, params, { method: 'POST' })) as MetricResponse;
  const points = (response: MetricResponse): Point[] => JSON.parse(response.Datapoints) as Point[];

  before(async () => {
    env = await startCmsCloud();
    client = new RPCClient({
      accessKeyId: ACCESS_KEY_ID,
      accessKeySecret: ACCESS_KEY_SECRET,
      endpoint: env.url,
      apiVersion: '2019-01-01',
    });
  });
  after(() => env.close());

  it('answers healthy CPU in the 20-40% band, Datapoints as a JSON string', async () => {
    // Prepare
    const dimensions = JSON.stringify(env.web.map((instanceId) => ({ instanceId })));
    // Act
    const response = await call('DescribeMetricList', {
      Namespace: 'acs_ecs_dashboard',
      MetricName: 'CPUUtilization',
      Dimensions: dimensions,
      Period: '60',
      StartTime: String(NOW_MS - 300_000),
      EndTime: String(NOW_MS),
    });
    // Assess
    assert.equal(response.Code, '200');
    assert.equal(response.Success, true);
    assert.equal(response.Period, '60');
    assert.equal(typeof response.Datapoints, 'string');
    const list = points(response);
    assert.equal(list.length, 3 * 5, 'five periods in (start, end] for each of three instances');
    assert.deepEqual(new Set(list.map((p) => p.instanceId)), new Set(env.web));
    for (const p of list) {
      assert.ok(p.Average >= 20 && p.Average < 40, `healthy average ${p.Average}`);
      assert.ok(p.Minimum <= p.Average && p.Average <= p.Maximum);
      assert.equal(p.timestamp % 60_000, 0);
      assert.ok(p.timestamp > NOW_MS - 300_000 && p.timestamp <= NOW_MS);
      assert.equal(p.userId, '1234567890123456');
    }
  });

  it('answers ~95% CPU for an instance of an image that boots unhealthy', async () => {
    // Act
    const response = await call('DescribeMetricList', {
      Namespace: 'acs_ecs_dashboard',
      MetricName: 'CPUUtilization',
      Dimensions: JSON.stringify({ instanceId: env.bad[0] }),
      StartTime: String(NOW_MS - 180_000),
      EndTime: String(NOW_MS),
    });
    // Assess
    const list = points(response);
    assert.equal(list.length, 3);
    for (const p of list) assert.ok(p.Average >= 92 && p.Average <= 100, `unhealthy average ${p.Average}`);
  });

  it('returns the same values for the same query (deterministic simulation)', async () => {
    // Prepare
    const params = {
      Namespace: 'acs_ecs_dashboard',
      MetricName: 'memory_usedutilization',
      Dimensions: JSON.stringify([{ instanceId: env.web[0] }]),
    };
    // Act
    const first = points(await call('DescribeMetricList', params));
    const second = points(await call('DescribeMetricList', params));
    // Assess
    assert.ok(first.length > 0);
    assert.deepEqual(first, second);
  });

  it('DescribeMetricLast answers the newest datapoint of each instance', async () => {
    // Act
    const response = await call('DescribeMetricLast', {
      Namespace: 'acs_ecs_dashboard',
      MetricName: 'CPUUtilization',
      Dimensions: JSON.stringify([...env.web, ...env.bad].map((instanceId) => ({ instanceId }))),
    });
    // Assess
    const list = points(response);
    assert.equal(list.length, 4);
    assert.ok(
      list.every((p) => p.timestamp === NOW_MS),
      'the newest period is the current one',
    );
  });

  it('serves a custom error-rate metric in acs_customMetric_<uid>', async () => {
    // Act
    const healthy = points(
      await call('DescribeMetricList', {
        Namespace: 'acs_customMetric_1234567890123456',
        MetricName: 'error_rate',
        Dimensions: JSON.stringify({ instanceId: env.web[0] }),
      }),
    );
    const unhealthy = points(
      await call('DescribeMetricList', {
        Namespace: 'acs_customMetric_1234567890123456',
        MetricName: 'error_rate',
        Dimensions: JSON.stringify({ instanceId: env.bad[0] }),
      }),
    );
    // Assess
    assert.ok(healthy.length > 0 && healthy.every((p) => p.Average < 0.5));
    assert.ok(unhealthy.length > 0 && unhealthy.every((p) => p.Average >= 20));
  });

  it('accepts console times (YYYY-MM-DD hh:mm:ss, UTC+8)', async () => {
    // Prepare: 2024-01-01 12:00:00Z is 20:00:00 in UTC+8
    // Act
    const list = points(
      await call('DescribeMetricList', {
        Namespace: 'acs_ecs_dashboard',
        MetricName: 'CPUUtilization',
        Dimensions: JSON.stringify({ instanceId: env.web[0] }),
        StartTime: '2024-01-01 19:58:00',
        EndTime: '2024-01-01 20:00:00',
      }),
    );
    // Assess
    assert.deepEqual(
      list.map((p) => p.timestamp),
      [NOW_MS - 60_000, NOW_MS],
    );
  });

  it('pages with Length and NextToken', async () => {
    // Prepare
    const params = {
      Namespace: 'acs_ecs_dashboard',
      MetricName: 'CPUUtilization',
      Dimensions: JSON.stringify(env.web.map((instanceId) => ({ instanceId }))),
      StartTime: String(NOW_MS - 300_000),
      EndTime: String(NOW_MS),
      Length: '4',
    };
    // Act
    const seen: Point[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await call('DescribeMetricList', token === undefined ? params : { ...params, NextToken: token });
      seen.push(...points(page));
      token = page.NextToken;
      pages += 1;
    } while (token !== undefined && pages < 10);
    // Assess
    assert.equal(pages, 4);
    assert.equal(seen.length, 15);
    assert.equal(new Set(seen.map((p) => `${p.instanceId}@${p.timestamp}`)).size, 15);
  });

  it('reports nothing for a stopped instance and a fixed value when overridden', async () => {
    // Prepare
    const world = env.cloud.world();
    const [stopped, overridden] = [env.web[1] ?? '', env.web[2] ?? ''];
    world.ecs.setStatus(stopped, 'Stopped');
    const set = await fetch(`${env.url}/_local/cms/overrides`, {
      method: 'POST',
      body: JSON.stringify({ instanceId: overridden, metricName: 'CPUUtilization', value: 77.5 }),
    });
    assert.equal(set.status, 200);
    // Act
    const list = points(
      await call('DescribeMetricList', {
        Namespace: 'acs_ecs_dashboard',
        MetricName: 'CPUUtilization',
        Dimensions: JSON.stringify([{ instanceId: stopped }, { instanceId: overridden }]),
      }),
    );
    // Assess
    assert.ok(list.length > 0);
    assert.ok(list.every((p) => p.instanceId === overridden && p.Average === 77.5 && p.Maximum === 77.5));
    world.ecs.setStatus(stopped, 'Running');
  });

  it('refuses malformed Dimensions and an empty time range with InvalidParameter', async () => {
    // Act
    const badDimensions = await call('DescribeMetricList', {
      Namespace: 'acs_ecs_dashboard',
      MetricName: 'CPUUtilization',
      Dimensions: '{not json',
    }).catch((e: PopError) => e);
    const badRange = await call('DescribeMetricList', {
      Namespace: 'acs_ecs_dashboard',
      MetricName: 'CPUUtilization',
      StartTime: String(NOW_MS),
      EndTime: String(NOW_MS),
    }).catch((e: PopError) => e);
    const missing = await call('DescribeMetricList', { Namespace: 'acs_ecs_dashboard' }).catch((e: PopError) => e);
    // Assess
    assert.ok(badDimensions instanceof Error && (badDimensions as PopError).code === 'InvalidParameter');
    assert.match(badDimensions.message, /Dimensions/);
    assert.ok(badRange instanceof Error && (badRange as PopError).code === 'InvalidParameter');
    assert.ok(missing instanceof Error && (missing as PopError).code === 'MissingParameter');
    assert.match(missing.message, /MetricName/);
  });
});
