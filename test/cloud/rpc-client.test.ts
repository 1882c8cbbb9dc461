// The client's own logic against a scripted 127.0.0.1 server: signing, wire
// parameters, retries, error mapping and paging. Emulator-independent.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCloudClients, CloudError, type AttemptEvent } from '../../shared/cloud/index';
import { acs3SignatureValid } from './helpers/acs3';
import {
  fakeTime,
  startStubServer,
  stubConfig,
  type StubReply,
  type StubRequest,
  type StubServer,
} from './helpers/stub-server';

let script: (req: StubRequest, index: number) => StubReply = () => ({ status: 500 });
let stub: StubServer;

before(async () => {
  stub = await startStubServer((req, i) => script(req, i));
});
after(async () => {
  await stub.close();
});
beforeEach(() => {
  stub.requests.length = 0;
});

function clients(overrides: Parameters<typeof stubConfig>[1] = {}) {
  const time = fakeTime();
  const attempts: AttemptEvent[] = [];
  const warnings: object[] = [];
  const cloud = createCloudClients(stubConfig(stub.endpoint, overrides), {
    ...time.options,
    onAttempt: (e) => attempts.push(e),
    logger: { debug: () => undefined, info: () => undefined, warn: (o) => warnings.push(o) },
  });
  return { cloud, time, attempts, warnings };
}

function group(n: number) {
  return {
    ScalingGroupId: `asg-${String(n).padStart(4, '0')}`,
    ScalingGroupName: `g${n}`,
    LifecycleState: 'Active',
    ActiveScalingConfigurationId: 'asc-1',
    MinSize: 0,
    MaxSize: 10,
    SuspendedProcesses: [],
    Tags: [{ TagKey: 'rollgate:managed', TagValue: 'true' }],
  };
}

describe('RPC client on the wire', () => {
  it('signs with ACS3-HMAC-SHA256 and sends ESS 2022-02-22 plural list parameters', async () => {
    // Prepare
    script = () => ({
      body: { RequestId: 'R1', TotalCount: 1, PageNumber: 1, PageSize: 50, ScalingGroups: [group(1)] },
    });
    const { cloud } = clients();
    // Act
    const res = await cloud.ess.describeScalingGroups({ scalingGroupIds: ['asg-a', 'asg-b'], pageSize: 50 });
    // Assess
    const req = stub.requests[0];
    assert.ok(req);
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/');
    assert.equal(req.headers['x-acs-action'], 'DescribeScalingGroups');
    assert.equal(req.headers['x-acs-version'], '2022-02-22');
    assert.equal(req.query.get('RegionId'), 'cn-hangzhou');
    assert.equal(req.query.get('ScalingGroupIds.1'), 'asg-a');
    assert.equal(req.query.get('ScalingGroupIds.2'), 'asg-b');
    assert.equal(req.query.get('PageSize'), '50');
    assert.match(String(req.headers['authorization']), /^ACS3-HMAC-SHA256 Credential=test-key,/);
    assert.equal(acs3SignatureValid(req, 'test-secret'), true);
    assert.equal(acs3SignatureValid(req, 'other-secret'), false);
    assert.equal(res.requestId, 'R1');
    assert.deepEqual(res.scalingGroups[0]?.tags, { 'rollgate:managed': 'true' });
    assert.equal(res.scalingGroups[0]?.activeScalingConfigurationId, 'asc-1');
  });

  it('signs values with reserved and non-ASCII characters', async () => {
    // Prepare
    script = () => ({
      body: { RequestId: 'U', Execution: { ExecutionId: 'exec-u', Status: 'Started', Parameters: '{}' } },
    });
    const { cloud } = clients();
    const description = "滚动更新 web (canary) *!~ 'a+b=c&d' 100%";
    // Act
    await cloud.oos.startExecution({
      templateName: 'T',
      parameters: { note: description },
      description,
      tags: { 'rollgate:campaign': 'c/1' },
    });
    // Assess
    const req = stub.requests[0];
    assert.ok(req);
    assert.equal(req.query.get('Description'), description);
    assert.equal(acs3SignatureValid(req, 'test-secret'), true);
  });

  it('sends the STS token as x-acs-security-token', async () => {
    // Prepare
    script = () => ({ body: { RequestId: 'R2' } });
    const { cloud } = clients({
      credentials: { accessKeyId: 'STS.key', accessKeySecret: 'sts-secret', securityToken: 'TOKEN-1' },
    });
    // Act
    await cloud.ess.suspendProcesses({ scalingGroupId: 'asg-1', processes: ['ScaleIn', 'ScaleOut'] });
    // Assess
    const req = stub.requests[0];
    assert.ok(req);
    assert.equal(req.headers['x-acs-security-token'], 'TOKEN-1');
    assert.equal(req.query.get('Processes.1'), 'ScaleIn');
    assert.equal(req.query.get('Processes.2'), 'ScaleOut');
    assert.equal(acs3SignatureValid(req, 'sts-secret'), true);
  });

  it('retries throttling, then succeeds; the retries are counted and logged', async () => {
    // Prepare
    script = (_req, i) =>
      i < 2
        ? {
            status: 400,
            body: {
              Code: 'Throttling.User',
              Message: 'Request was denied due to user flow control.',
              RequestId: `T${i}`,
            },
          }
        : { body: { RequestId: 'OK', TotalCount: 0, PageNumber: 1, PageSize: 10, ScalingInstances: [] } };
    const { cloud, time, attempts, warnings } = clients();
    // Act
    const res = await cloud.ess.describeScalingInstances({ scalingGroupId: 'asg-1' });
    // Assess
    assert.equal(res.requestId, 'OK');
    assert.equal(stub.requests.length, 3);
    assert.deepEqual(
      attempts.map((a) => [a.operation, a.attempt, a.outcome]),
      [
        ['ess:DescribeScalingInstances', 1, 'retry'],
        ['ess:DescribeScalingInstances', 2, 'retry'],
        ['ess:DescribeScalingInstances', 3, 'ok'],
      ],
    );
    assert.deepEqual(time.sleeps, [100, 200]);
    assert.equal(warnings.length, 2);
    assert.deepEqual(warnings[1], {
      operation: 'ess:DescribeScalingInstances',
      code: 'Throttling.User',
      status: 400,
      requestId: 'T1',
      attempt: 2,
      delayMs: 200,
    });
  });

  it('does not retry a client error and maps it to CloudError', async () => {
    // Prepare
    script = () => ({
      status: 404,
      body: {
        Code: 'InvalidScalingGroupId.NotFound',
        Message: 'The specified scaling group does not exist.',
        RequestId: 'NF-1',
      },
    });
    const { cloud } = clients();
    // Act
    const failure = cloud.ess.enterStandby({ scalingGroupId: 'asg-x', instanceIds: ['i-1'] });
    // Assess
    await assert.rejects(failure, (err: unknown) => {
      assert.ok(err instanceof CloudError);
      assert.equal(err.code, 'InvalidScalingGroupId.NotFound');
      assert.equal(err.status, 404);
      assert.equal(err.requestId, 'NF-1');
      assert.equal(err.operation, 'ess:EnterStandby');
      assert.equal(err.retryable, false);
      assert.equal(err.attempts, 1);
      assert.ok(err.cause instanceof Error);
      return true;
    });
    assert.equal(stub.requests.length, 1);
  });

  it('gives up on a persistent 503 after the configured number of attempts', async () => {
    // Prepare
    script = () => ({ status: 503, body: { Code: 'ServiceUnavailable', Message: 'busy', RequestId: 'SU' } });
    const { cloud, time } = clients({
      retry: { maxAttempts: 4, maxTotalMs: 60_000, baseDelayMs: 100, maxDelayMs: 1_000 },
    });
    // Act
    const failure = cloud.oos.cancelExecution({ executionId: 'exec-1' });
    // Assess
    await assert.rejects(
      failure,
      (err: unknown) =>
        err instanceof CloudError && err.code === 'ServiceUnavailable' && err.status === 503 && err.attempts === 4,
    );
    assert.equal(stub.requests.length, 4);
    assert.equal(time.sleeps.length, 3);
  });

  it('retries a dropped connection', async () => {
    // Prepare
    script = (_req, i) => (i === 0 ? { destroy: true } : { body: { RequestId: 'AFTER-DROP' } });
    const { cloud } = clients();
    // Act
    const res = await cloud.ess.resumeProcesses({ scalingGroupId: 'asg-1', processes: ['ScaleIn'] });
    // Assess
    assert.equal(res.requestId, 'AFTER-DROP');
    assert.equal(stub.requests.length, 2);
  });

  it('retries a read timeout', async () => {
    // Prepare: the first answer comes long after the client's 300 ms read timeout
    script = (_req, i) =>
      i === 0 ? { delayMs: 3_000, body: { RequestId: 'LATE' } } : { body: { RequestId: 'ON-TIME' } };
    const { cloud, attempts } = clients({ readTimeoutMs: 300 });
    // Act
    const res = await cloud.ess.modifyScalingConfiguration({ scalingConfigurationId: 'asc-1', imageId: 'm-2' });
    // Assess
    assert.equal(res.requestId, 'ON-TIME');
    assert.deepEqual(
      attempts.map((a) => [a.outcome, a.code]),
      [
        ['retry', 'ReadTimeout'],
        ['ok', undefined],
      ],
    );
    assert.equal(stub.requests[1]?.query.get('ImageId'), 'm-2');
  });

  it('rejects a response that does not match the API shape', async () => {
    // Prepare
    script = () => ({
      body: {
        RequestId: 'BAD',
        TotalCount: 1,
        PageNumber: 1,
        PageSize: 10,
        ScalingGroups: [{ ScalingGroupName: 'no id' }],
      },
    });
    const { cloud } = clients();
    // Act
    const failure = cloud.ess.describeScalingGroups({});
    // Assess
    await assert.rejects(
      failure,
      (err: unknown) =>
        err instanceof CloudError &&
        err.code === 'InvalidResponse' &&
        err.requestId === 'BAD' &&
        /ScalingGroupId/.test(err.message),
    );
    assert.equal(stub.requests.length, 1);
  });
});

describe('paging', () => {
  it('lists 120 groups in 3 pages of the API maximum 50', async () => {
    // Prepare
    const all = Array.from({ length: 120 }, (_, i) => group(i));
    script = (req) => {
      const page = Number(req.query.get('PageNumber'));
      const size = Number(req.query.get('PageSize'));
      return {
        body: {
          RequestId: `P${page}`,
          TotalCount: all.length,
          PageNumber: page,
          PageSize: size,
          ScalingGroups: all.slice((page - 1) * size, page * size),
        },
      };
    };
    const { cloud } = clients();
    // Act
    const groups = await cloud.ess.listAllScalingGroups();
    // Assess
    assert.equal(groups.length, 120);
    assert.equal(new Set(groups.map((g) => g.scalingGroupId)).size, 120);
    assert.deepEqual(
      stub.requests.map((r) => [r.query.get('PageNumber'), r.query.get('PageSize')]),
      [
        ['1', '50'],
        ['2', '50'],
        ['3', '50'],
      ],
    );
  });

  it('stops on an exactly full last page using TotalCount', async () => {
    // Prepare
    const all = Array.from({ length: 200 }, (_, i) => ({ ImageId: `m-${i}`, Status: 'Available', Tags: { Tag: [] } }));
    script = (req) => {
      const page = Number(req.query.get('PageNumber'));
      return {
        body: {
          RequestId: 'I',
          TotalCount: 200,
          PageNumber: page,
          PageSize: 100,
          Images: { Image: all.slice((page - 1) * 100, page * 100) },
        },
      };
    };
    const { cloud } = clients();
    // Act
    const images = await cloud.ecs.listAllImages({ imageFamily: 'web', status: ['Creating', 'Available'] });
    // Assess
    assert.equal(images.length, 200);
    assert.equal(stub.requests.length, 2);
    assert.equal(stub.requests[0]?.query.get('Status'), 'Creating,Available');
    assert.equal(stub.requests[0]?.query.get('ImageFamily'), 'web');
  });

  it('follows NextToken for ESS tags and OOS executions', async () => {
    // Prepare
    script = (req) => {
      const token = req.query.get('NextToken');
      if (req.action === 'ListTagResources') {
        const next = token === null ? 't1' : token === 't1' ? 't2' : undefined;
        return {
          body: {
            RequestId: 'L',
            ...(next === undefined ? {} : { NextToken: next }),
            TagResources: [
              {
                ResourceId: `asg-${token ?? 't0'}`,
                ResourceType: 'ALIYUN::ESS::SCALINGGROUP',
                TagKey: 'k',
                TagValue: 'v',
              },
            ],
          },
        };
      }
      const next = token === null ? 'e1' : undefined;
      return {
        body: {
          RequestId: 'E',
          MaxResults: 100,
          ...(next === undefined ? {} : { NextToken: next }),
          Executions: [
            {
              ExecutionId: `exec-${token ?? 'e0'}`,
              Status: 'Running',
              Parameters: { scalingGroupId: 'asg-1' },
              Tags: { scaling_group: 'asg-1' },
            },
          ],
        },
      };
    };
    const { cloud } = clients();
    // Act
    const tags = await cloud.ess.listAllTagResources({ tags: { 'rollgate:managed': 'true' } });
    const tagRequests = stub.requests.splice(0);
    const executions = await cloud.oos.listAllExecutions({ tags: { scaling_group: 'asg-1' } });
    // Assess
    assert.deepEqual(
      tags.map((t) => t.resourceId),
      ['asg-t0', 'asg-t1', 'asg-t2'],
    );
    assert.equal(tagRequests.length, 3);
    assert.equal(tagRequests[0]?.query.get('ResourceType'), 'scalinggroup');
    assert.equal(tagRequests[0]?.query.get('Tags.1.Key'), 'rollgate:managed');
    assert.equal(tagRequests[2]?.query.get('NextToken'), 't2');
    assert.deepEqual(
      executions.map((e) => e.executionId),
      ['exec-e0', 'exec-e1'],
    );
    assert.equal(stub.requests[0]?.query.get('MaxResults'), '100');
    assert.equal(stub.requests[0]?.query.get('Tags'), '{"scaling_group":"asg-1"}');
  });
});

describe('OOS JSON fields', () => {
  it('JSON-encodes parameters and tags, and parses the execution back into objects', async () => {
    // Prepare
    script = () => ({
      body: {
        RequestId: 'S',
        Execution: {
          ExecutionId: 'exec-42',
          TemplateName: 'ACS-ESS-RollingUpdateByReplaceSystemDiskInScalingGroup',
          Status: 'Started',
          Mode: 'Automatic',
          Parameters: '{"invokeType":"invoke","scalingGroupId":"asg-1","batchNumber":2}',
          Outputs: '',
          Tags: { scaling_group: 'asg-1' },
          Counters: { Total: 0 },
        },
      },
    });
    const { cloud } = clients();
    // Act
    const execution = await cloud.oos.startExecution({
      templateName: 'ACS-ESS-RollingUpdateByReplaceSystemDiskInScalingGroup',
      parameters: { invokeType: 'invoke', scalingGroupId: 'asg-1', batchNumber: 2 },
      tags: { scaling_group: 'asg-1', 'rollgate:kind': 'image' },
      clientToken: 'tok-1',
    });
    // Assess
    const req = stub.requests[0];
    assert.ok(req);
    assert.equal(req.headers['x-acs-version'], '2019-06-01');
    assert.deepEqual(JSON.parse(req.query.get('Parameters') ?? ''), {
      invokeType: 'invoke',
      scalingGroupId: 'asg-1',
      batchNumber: 2,
    });
    assert.deepEqual(JSON.parse(req.query.get('Tags') ?? ''), { scaling_group: 'asg-1', 'rollgate:kind': 'image' });
    assert.equal(req.query.get('ClientToken'), 'tok-1');
    assert.equal(execution.executionId, 'exec-42');
    assert.deepEqual(execution.parameters, { invokeType: 'invoke', scalingGroupId: 'asg-1', batchNumber: 2 });
    assert.deepEqual(execution.outputs, {});
    assert.deepEqual(execution.tags, { scaling_group: 'asg-1' });
    assert.deepEqual(execution.counters, { Total: 0 });
  });
});
