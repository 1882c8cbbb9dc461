import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import * as FcModule from '@alicloud/fc20230330';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { RuntimeOptions } from '@darabonba/typescript';
import { startMnsCloud } from '../mns/local-cloud';

// The official FC 3.0 client (API 2023-03-30, ACS3 signing) against the local FC.

type FcClient = InstanceType<typeof FcModule.default>;
const FcClientClass: typeof FcModule.default =
  typeof FcModule.default === 'function'
    ? FcModule.default
    : (FcModule.default as unknown as { default: typeof FcModule.default }).default;

type Cloud = Awaited<ReturnType<typeof startMnsCloud>>;

function client(cloud: Cloud, secret = cloud.accessKeySecret): FcClient {
  return new FcClientClass(
    new $OpenApiUtil.Config({
      accessKeyId: cloud.accessKeyId,
      accessKeySecret: secret,
      regionId: cloud.regionId,
      endpoint: `127.0.0.1:${cloud.port}`,
      protocol: 'http',
    }),
  );
}

async function readAll(body: unknown): Promise<string> {
  if (!(body instanceof Readable)) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

function invoke(
  fc: FcClient,
  name: string,
  payload: string,
  headers: { xFcInvocationType?: string; xFcLogType?: string; commonHeaders?: Record<string, string> } = {},
) {
  return fc.invokeFunctionWithOptions(
    name,
    new FcModule.InvokeFunctionRequest({ body: Readable.from([Buffer.from(payload)]) }),
    new FcModule.InvokeFunctionHeaders(headers),
    new RuntimeOptions({ autoretry: false }),
  );
}

describe('FC fidelity with @alicloud/fc20230330', () => {
  let cloud: Cloud;
  const asyncEvents: string[] = [];

  before(async () => {
    cloud = await startMnsCloud();
    const fc = cloud.fc();
    fc.register('echo', async (event, context) => ({
      got: JSON.parse(event.toString('utf8')) as unknown,
      requestId: context['requestId'],
    }));
    fc.register('text', async () => 'plain text');
    fc.register('fails', async () => {
      throw new TypeError('bad input');
    });
    fc.register('logs', async (_event, context) => {
      const log = context['log'];
      if (typeof log === 'function') log('hello from the function');
      return 'done';
    });
    fc.register('background', async (event) => {
      asyncEvents.push(event.toString('utf8'));
      return undefined;
    });
  });
  after(() => cloud.close());

  it('invokes synchronously and returns the JSON-encoded result with x-fc-request-id', async () => {
    // Act
    const res = await invoke(client(cloud), 'echo', '{"a":1}', { xFcInvocationType: 'Sync' });
    // Assess
    assert.equal(res.statusCode, 200);
    const body = JSON.parse(await readAll(res.body)) as { got: unknown; requestId: string };
    assert.deepEqual(body.got, { a: 1 });
    assert.equal(body.requestId, res.headers?.['x-fc-request-id']);
  });

  it('returns a string result as is', async () => {
    const res = await invoke(client(cloud), 'text', '');
    assert.equal(await readAll(res.body), 'plain text');
  });

  it('answers a function error with 200, x-fc-error-type and the error body', async () => {
    const res = await invoke(client(cloud), 'fails', '{}');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers?.['x-fc-error-type'], 'UnhandledInvocationError');
    const body = JSON.parse(await readAll(res.body)) as {
      errorMessage: string;
      errorType: string;
      stackTrace: string[];
    };
    assert.equal(body.errorMessage, 'bad input');
    assert.equal(body.errorType, 'TypeError');
    assert.ok(Array.isArray(body.stackTrace));
  });

  it('returns the log tail base64-encoded when x-fc-log-type is Tail', async () => {
    const res = await invoke(client(cloud), 'logs', '', { xFcLogType: 'Tail' });
    assert.equal(
      Buffer.from(res.headers?.['x-fc-log-result'] ?? '', 'base64').toString('utf8'),
      'hello from the function',
    );
  });

  it('accepts an Async invocation with 202 and runs it in the background', async () => {
    const res = await invoke(client(cloud), 'background', 'later', { xFcInvocationType: 'Async' });
    await cloud.fc().idle();
    assert.equal(res.statusCode, 202);
    assert.deepEqual(asyncEvents, ['later']);
  });

  it('runs an Async invocation with x-fc-async-delay when the delay is up on the simulated clock', async () => {
    // Act
    const res = await invoke(client(cloud), 'background', 'delayed', {
      xFcInvocationType: 'Async',
      commonHeaders: { 'x-fc-async-delay': '30' },
    });
    await cloud.fc().idle();
    const before = [...asyncEvents];
    cloud.running.clock.advance(29);
    await cloud.fc().idle();
    const justBefore = [...asyncEvents];
    cloud.running.clock.advance(1);
    await new Promise((resolve) => setImmediate(resolve));
    await cloud.fc().idle();
    // Assess
    assert.equal(res.statusCode, 202);
    assert.ok(!before.includes('delayed') && !justBefore.includes('delayed'), 'not run before its delay');
    assert.equal(asyncEvents.filter((e) => e === 'delayed').length, 1);
  });

  it('refuses x-fc-async-delay beyond 3600 s or on a Sync invocation, naming the header', async () => {
    for (const headers of [
      { xFcInvocationType: 'Async', commonHeaders: { 'x-fc-async-delay': '3601' } },
      { xFcInvocationType: 'Sync', commonHeaders: { 'x-fc-async-delay': '5' } },
    ]) {
      await assert.rejects(invoke(client(cloud), 'background', 'refused', headers), (e: Error & { code?: string }) => {
        assert.match(e.message, /x-fc-async-delay/);
        return true;
      });
    }
  });

  it('surfaces FunctionNotFound (404) for an unknown function', async () => {
    await assert.rejects(invoke(client(cloud), 'missing', ''), (e: Error & { code?: string; statusCode?: number }) => {
      assert.equal(e.code, 'FunctionNotFound');
      assert.equal(e.statusCode, 404);
      return true;
    });
  });

  it('accepts temporary (STS) keys with their security token', async () => {
    const sts = cloud.cloud.mintStsCredentials();
    const fc = new FcClientClass(
      new $OpenApiUtil.Config({
        accessKeyId: sts.AccessKeyId,
        accessKeySecret: sts.AccessKeySecret,
        securityToken: sts.SecurityToken,
        regionId: cloud.regionId,
        endpoint: `127.0.0.1:${cloud.port}`,
        protocol: 'http',
      }),
    );
    const res = await invoke(fc, 'text', '');
    assert.equal(await readAll(res.body), 'plain text');
  });

  it('refuses a request signed with the wrong secret', async () => {
    await assert.rejects(invoke(client(cloud, 'wrong-secret'), 'echo', '{}'), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'SignatureDoesNotMatch');
      return true;
    });
  });
});
