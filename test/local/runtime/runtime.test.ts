import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startLocalCloud, type RunningLocalCloud } from '../../../local/cloud/index';
import { localMns } from '../../../local/cloud/mns/routes';
import { startLocalRuntime, type LocalRuntime } from '../../../local/runtime/index';

// Each trigger kind end to end: s.yaml fixture → local runtime → local cloud
// → the echo bundle, which reports every call to a recorder on 127.0.0.1.

interface Record {
  functionName: string;
  eventIsBuffer: boolean;
  event: string;
  context: {
    requestId: string;
    credentials: { accessKeyId: string; accessKeySecret: string };
    function: { name: string; handler: string; memory: number; timeout: number };
    region: string;
    accountId: string;
    hasLogger: boolean;
  };
  env: { [name: string]: string | undefined };
}

const START = Date.UTC(2024, 0, 1, 0, 0, 0);

describe('local runtime from s.yaml', () => {
  let cloud: RunningLocalCloud;
  let runtime: LocalRuntime;
  let records: Record[] = [];
  const logs: string[] = [];
  const recorder = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      records.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record);
      res.end();
    });
  });

  before(async () => {
    await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
    cloud = await startLocalCloud({ startTimeMs: START });
    runtime = await startLocalRuntime({
      cloud,
      sYamlPath: join(import.meta.dirname, 'fixtures', 's.yaml'),
      env: { FIXTURE_GREETING: 'hi there' },
      functionEnv: { RECORDER_URL: `http://127.0.0.1:${(recorder.address() as AddressInfo).port}/` },
      // fixture-echo's 2 s timeout, as configured: every invocation of this suite must finish inside it, on a busy
      // machine too, and only `sleep` (which waits a minute) may outlast it.
      timeoutScale: 1,
      onLog: (fn, line) => logs.push(`${fn}: ${line}`),
    });
  });
  after(async () => {
    await runtime.close();
    await cloud.close();
    recorder.close();
  });
  beforeEach(() => {
    records = [];
  });

  it('registers every fc3 function and wires its triggers', () => {
    assert.deepEqual(
      runtime.functions.map((f) => f.name),
      ['fixture-echo', 'fixture-stream', 'fixture-ticker'],
    );
    const topics = localMns(cloud.world().mns).topics;
    assert.deepEqual(topics.subscriptionNames('fixture-events'), [
      'fc-fixture-echo-deploy-events',
      'fc-fixture-stream-raw',
    ]);
    assert.equal(
      topics.subscription('fixture-events', 'fc-fixture-echo-deploy-events').endpoint,
      'acs:fc:cn-hangzhou:1234567890123456:functions/fixture-echo',
    );
  });

  it('invokes a function through FC with a Buffer event, an FC context and the cloud in its environment', async () => {
    // Act
    const result = await runtime.functions[0]?.invoke('{"direct":true}');
    // Assess
    assert.ok(result);
    assert.equal(result.status, 200);
    const record = JSON.parse(result.body.toString('utf8')) as Record;
    assert.equal(record.eventIsBuffer, true);
    assert.equal(record.event, '{"direct":true}');
    assert.equal(record.context.requestId, result.headers['x-fc-request-id']);
    assert.deepEqual(record.context.function, {
      name: 'fixture-echo',
      handler: 'index.handler',
      memory: 128,
      timeout: 2,
    });
    assert.deepEqual(record.context.credentials, {
      accessKeyId: cloud.accessKeyId,
      accessKeySecret: cloud.accessKeySecret,
      securityToken: '',
    });
    assert.equal(record.context.region, 'cn-hangzhou');
    assert.equal(record.context.accountId, cloud.accountId);
    assert.equal(record.context.hasLogger, true);
    assert.deepEqual(record.env, {
      GREETING: 'hi there',
      TOPIC: 'fixture-events',
      ROLLGATE_ENDPOINT: cloud.url,
      ALIBABA_CLOUD_ACCESS_KEY_ID: cloud.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: cloud.accessKeySecret,
      ALIBABA_CLOUD_REGION_ID: cloud.regionId,
      ALIBABA_CLOUD_ACCOUNT_ID: cloud.accountId,
    });
    assert.ok(logs.some((l) => l.startsWith('fixture-echo: ') && l.includes('[INFO] handled {"direct":true}')));
    // Output written straight to fd 1 (as pino does) reaches onLog too.
    assert.ok(logs.includes('fixture-echo: fd-1 write from fixture-echo'));
  });

  it('delivers topic messages as FC MNS-trigger JSON (honouring filterTag) and as STREAM raw bodies', async () => {
    // Prepare
    const mns = localMns(cloud.world().mns);
    // Act
    const tagged = mns.publish('fixture-events', '{"release":"v2"}', 'deploy');
    mns.publish('fixture-events', 'untagged body');
    await runtime.settle();
    // Assess
    const echo = records.filter((r) => r.functionName === 'fixture-echo');
    const stream = records.filter((r) => r.functionName === 'fixture-stream');
    assert.equal(echo.length, 1);
    const event = JSON.parse(echo[0]?.event ?? '{}') as { [k: string]: unknown };
    assert.equal(event['TopicName'], 'fixture-events');
    assert.equal(event['TopicOwner'], cloud.accountId);
    assert.equal(event['SubscriptionName'], 'fc-fixture-echo-deploy-events');
    assert.equal(event['MessageId'], tagged);
    assert.equal(event['Message'], '{"release":"v2"}');
    assert.equal(event['MessageTag'], 'deploy');
    assert.equal(typeof event['PublishTime'], 'number');
    assert.deepEqual(stream.map((r) => r.event).sort(), ['untagged body', '{"release":"v2"}'].sort());
  });

  it('fires timer triggers on the simulated clock with FC timer events, and skips disabled ones', async () => {
    // Act: ten simulated minutes → firings at 00:05 and 00:10 UTC.
    cloud.clock.advance(600);
    await runtime.settle();
    // Assess
    const ticks = records
      .filter((r) => r.functionName === 'fixture-ticker')
      .map((r) => JSON.parse(r.event) as { [k: string]: unknown });
    assert.deepEqual(ticks.map((t) => t['triggerTime']).sort(), ['2024-01-01T00:05:00Z', '2024-01-01T00:10:00Z']);
    assert.deepEqual(ticks[0], {
      triggerTime: ticks[0]?.['triggerTime'],
      triggerName: 'five-minutes',
      payload: '{"tick":true}',
    });
  });

  it('serves the HTTP trigger: request → FC HTTP event, {statusCode, headers, body} → response', async () => {
    // Act
    const res = await fetch(`${runtime.httpUrl('fixture-echo')}/hooks/deploy?env=prod&env=staging`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"group":"asg-1"}',
    });
    // Assess
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('x-echo-path'), '/hooks/deploy');
    assert.deepEqual(await res.json(), { method: 'POST', query: { env: 'prod,staging' }, body: '{"group":"asg-1"}' });
  });

  it('refuses methods the HTTP trigger does not allow and answers 502 when the function fails', async () => {
    const refused = await fetch(`${runtime.httpUrl('fixture-echo')}/`, { method: 'DELETE' });
    const failed = await fetch(`${runtime.httpUrl('fixture-echo')}/fail`);
    assert.equal(refused.status, 405);
    await refused.arrayBuffer();
    assert.equal(failed.status, 502);
    assert.equal(failed.headers.get('x-fc-error-type'), 'UnhandledInvocationError');
    assert.equal(((await failed.json()) as { errorMessage: string }).errorMessage, 'http failure');
  });

  it('turns a thrown error into FC UnhandledInvocationError', async () => {
    const result = await runtime.functions[0]?.invoke('fail');
    assert.equal(result?.headers['x-fc-error-type'], 'UnhandledInvocationError');
    assert.deepEqual(
      (({ errorMessage, errorType }) => ({ errorMessage, errorType }))(
        JSON.parse(result?.body.toString('utf8') ?? '{}') as { errorMessage: string; errorType: string },
      ),
      { errorMessage: 'asked to fail', errorType: 'RangeError' },
    );
  });

  it('stops an invocation that outlasts its timeout and starts a fresh instance for the next one', async () => {
    const slow = await runtime.functions[0]?.invoke('sleep');
    const next = await runtime.functions[0]?.invoke('after timeout');
    assert.equal(slow?.headers['x-fc-error-type'], 'UnhandledInvocationError');
    assert.match(slow?.body.toString('utf8') ?? '', /Function timed out after 2 seconds/);
    assert.equal(next?.status, 200);
    assert.equal((JSON.parse(next?.body.toString('utf8') ?? '{}') as Record).event, 'after timeout');
  });
});

describe('local runtime lifecycle', () => {
  it('unregisters its functions and subscriptions on close', async () => {
    // Prepare
    const cloud = await startLocalCloud({ startTimeMs: START });
    const runtime = await startLocalRuntime({
      cloud,
      sYamlPath: join(import.meta.dirname, 'fixtures', 's.yaml'),
      env: {},
      onLog: () => undefined,
    });
    // Act
    await runtime.close();
    // Assess
    try {
      const fc = cloud.world().fc;
      await assert.rejects(
        fc.invoke('fixture-echo', Buffer.from('x'), 'Sync'),
        (e: Error & { code?: string }) => e.code === 'FunctionNotFound',
      );
      assert.deepEqual(localMns(cloud.world().mns).topics.subscriptionNames('fixture-events'), []);
      cloud.clock.advance(3600);
    } finally {
      await cloud.close();
    }
  });

  it('fails to start, naming the folder, when a function bundle is missing', async () => {
    const cloud = await startLocalCloud({ startTimeMs: START });
    try {
      await assert.rejects(
        startLocalRuntime({
          cloud,
          sYamlPath: join(import.meta.dirname, 'fixtures', 's.yaml'),
          codeRoot: '/nonexistent-root',
          env: {},
          onLog: () => undefined,
        }),
        /no index\.js in \/nonexistent-root\/echo/,
      );
      assert.deepEqual(cloud.world().fc.names(), []);
    } finally {
      await cloud.close();
    }
  });
});
