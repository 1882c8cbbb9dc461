import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CloudError, toCloudError } from '../../shared/cloud/errors';
import { backoffDelayMs, withRetry, type AttemptEvent, type RetryDeps } from '../../shared/cloud/retry';
import type { RetryPolicy } from '../../shared/cloud/config';

const policy: RetryPolicy = { maxAttempts: 5, maxTotalMs: 20_000, baseDelayMs: 200, maxDelayMs: 5_000 };

function throttled(): CloudError {
  return new CloudError({
    code: 'Throttling.User',
    message: 'slow down',
    operation: 'ess:DescribeScalingGroups',
    retryable: true,
    status: 400,
  });
}

function fakeDeps() {
  let now = 0;
  const sleeps: number[] = [];
  const events: AttemptEvent[] = [];
  const logs: object[] = [];
  const deps: RetryDeps = {
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => 0.5,
    now: () => now,
    onAttempt: (e) => events.push(e),
    logger: { debug: () => undefined, info: () => undefined, warn: (obj) => logs.push(obj) },
  };
  return { deps, sleeps, events, logs };
}

describe('withRetry', () => {
  it('retries throttling until the call succeeds and logs each retry', async () => {
    // Prepare
    const { deps, sleeps, events, logs } = fakeDeps();
    let calls = 0;
    // Act
    const result = await withRetry('ess:DescribeScalingGroups', policy, deps, async () => {
      calls++;
      if (calls < 3) throw throttled();
      return 'ok';
    });
    // Assess
    assert.equal(result, 'ok');
    assert.equal(calls, 3);
    assert.deepEqual(sleeps, [100, 200]); // half (random 0.5) of 200, 400
    assert.deepEqual(
      events.map((e) => e.outcome),
      ['retry', 'retry', 'ok'],
    );
    assert.deepEqual(logs[0], {
      operation: 'ess:DescribeScalingGroups',
      code: 'Throttling.User',
      status: 400,
      requestId: undefined,
      attempt: 1,
      delayMs: 100,
    });
  });

  it('does not retry a non-retryable error', async () => {
    // Prepare
    const { deps, sleeps } = fakeDeps();
    let calls = 0;
    const bad = new CloudError({
      code: 'InvalidParameter',
      message: 'no',
      operation: 'ess:SuspendProcesses',
      retryable: false,
      status: 400,
    });
    // Act
    const failure = withRetry('ess:SuspendProcesses', policy, deps, async () => {
      calls++;
      throw bad;
    });
    // Assess
    await assert.rejects(
      failure,
      (err: unknown) => err instanceof CloudError && err.code === 'InvalidParameter' && err.attempts === 1,
    );
    assert.equal(calls, 1);
    assert.deepEqual(sleeps, []);
  });

  it('stops after maxAttempts and reports the attempts made', async () => {
    // Prepare
    const { deps, sleeps } = fakeDeps();
    let calls = 0;
    // Act
    const failure = withRetry('oos:ListExecutions', { ...policy, maxAttempts: 3 }, deps, async () => {
      calls++;
      throw throttled();
    });
    // Assess
    await assert.rejects(
      failure,
      (err: unknown) =>
        err instanceof CloudError && err.code === 'Throttling.User' && err.attempts === 3 && err.retryable,
    );
    assert.equal(calls, 3);
    assert.equal(sleeps.length, 2);
  });

  it('stops before the total time bound would be exceeded', async () => {
    // Prepare: every delay is the 5 s cap (random just under 1), the bound is 12 s.
    const { deps, sleeps } = fakeDeps();
    deps.random = () => 0.999;
    let calls = 0;
    // Act
    const failure = withRetry(
      'ecs:DescribeImages',
      { ...policy, maxAttempts: 100, baseDelayMs: 5_000, maxTotalMs: 12_000 },
      deps,
      async () => {
        calls++;
        throw throttled();
      },
    );
    // Assess: waits 4995 + 4995, a third wait would pass 12 s
    await assert.rejects(failure, (err: unknown) => err instanceof CloudError && err.attempts === 3);
    assert.equal(calls, 3);
    assert.deepEqual(sleeps, [4995, 4995]);
  });

  it('keeps jittered delays within the exponential cap', () => {
    // Prepare
    const draws = [0, 0.25, 0.999999];
    // Act
    const delays = [1, 2, 3, 10].flatMap((attempt) => draws.map((r) => backoffDelayMs(policy, attempt, () => r)));
    // Assess
    assert.deepEqual(delays.slice(0, 3), [0, 50, 199]);
    assert.deepEqual(delays.slice(3, 6), [0, 100, 399]);
    assert.equal(Math.max(...delays), 4999); // attempt 10 is capped at maxDelayMs
  });
});

describe('toCloudError', () => {
  it('maps an openapi-client response error, keeping the original as cause', () => {
    // Prepare: the shape @alicloud/openapi-client throws for an HTTP error
    const sdkError = Object.assign(new Error('SignatureDoesNotMatch: code: 400, bad request id: R-1'), {
      code: 'SignatureDoesNotMatch',
      statusCode: 400,
      data: {
        Code: 'SignatureDoesNotMatch',
        Message: 'The request signature does not conform.',
        RequestId: 'R-1',
        statusCode: 400,
      },
    });
    // Act
    const err = toCloudError(sdkError, 'ess:DescribeScalingGroups');
    // Assess
    assert.equal(err.code, 'SignatureDoesNotMatch');
    assert.equal(err.status, 400);
    assert.equal(err.requestId, 'R-1');
    assert.equal(err.message, 'The request signature does not conform.');
    assert.equal(err.retryable, false);
    assert.equal(err.operation, 'ess:DescribeScalingGroups');
    assert.equal(err.cause, sdkError);
  });

  it('treats throttling, ServiceUnavailable and 5xx as retryable', () => {
    // Prepare
    const cases = [
      { code: 'Throttling', statusCode: 400 },
      { code: 'Throttling.Api', statusCode: 400 },
      { code: 'ServiceUnavailable', statusCode: 503 },
      { code: 'InternalError', statusCode: 500 },
      { code: 'InvalidScalingGroupId.NotFound', statusCode: 404 },
    ];
    // Act
    const retryable = cases.map(
      (c) => toCloudError(Object.assign(new Error(c.code), c), 'oos:StartExecution').retryable,
    );
    // Assess
    assert.deepEqual(retryable, [true, true, true, true, false]);
  });

  it('maps an @alicloud/mns error from its name and message', () => {
    // Prepare
    const mnsError = new Error(
      'POST http://127.0.0.1:9/topics/t/messages failed with 404. requestid: 5F00AA, hostid: http://x, message: The topic you provided does not exist.',
    );
    mnsError.name = 'MNSTopicNotExistError';
    // Act
    const err = toCloudError(mnsError, 'mns:PublishMessage');
    // Assess
    assert.equal(err.code, 'TopicNotExist');
    assert.equal(err.status, 404);
    assert.equal(err.requestId, '5F00AA');
    assert.equal(err.message, 'The topic you provided does not exist.');
    assert.equal(err.retryable, false);
  });

  it('treats network failures as retryable and unknown errors as not', () => {
    // Prepare
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const hangUp = new Error('socket hang up');
    const odd = new TypeError('x is not a function');
    const readTimeout = Object.assign(new Error('ReadTimeout(15000). POST http://127.0.0.1:1/ failed.'), {
      name: 'RequestTimeoutError',
    });
    // Act
    const mapped = [refused, hangUp, odd, readTimeout].map((e) => toCloudError(e, 'fc:InvokeFunction'));
    // Assess
    assert.deepEqual(
      mapped.map((e) => [e.code, e.retryable, e.status]),
      [
        ['ECONNREFUSED', true, undefined],
        ['ECONNRESET', true, undefined],
        ['Unknown', false, undefined],
        ['ReadTimeout', true, undefined],
      ],
    );
  });
});
