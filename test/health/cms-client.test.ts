import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseMetricResponse } from '../../shared/cloud/cms';
import { CloudError } from '../../shared/cloud/errors';

// rollgate's CloudMonitor client reads the body the way the service writes it.

describe('CloudMonitor response parsing', () => {
  it('reads Datapoints from its JSON string and keeps NextToken', () => {
    // Prepare
    const body = {
      RequestId: 'R1',
      Code: '200',
      Success: true,
      Period: '60',
      NextToken: 'abc',
      Datapoints: '[{"timestamp":1704110400000,"instanceId":"i-1","Average":31.5}]',
    };
    // Act
    const parsed = parseMetricResponse('cms:DescribeMetricList', body);
    // Assess
    assert.deepEqual(parsed, {
      requestId: 'R1',
      period: '60',
      nextToken: 'abc',
      datapoints: [{ timestamp: 1704110400000, instanceId: 'i-1', Average: 31.5 }],
    });
  });

  it('treats an empty Datapoints string and an empty NextToken as none', () => {
    // Act
    const parsed = parseMetricResponse('cms:DescribeMetricList', {
      RequestId: 'R2',
      Code: '200',
      Success: true,
      Datapoints: '',
      NextToken: '',
    });
    // Assess
    assert.deepEqual(parsed.datapoints, []);
    assert.equal(parsed.nextToken, undefined);
  });

  it('turns a failure reported in an HTTP 200 body into a CloudError', () => {
    // Act
    const failure = (() => {
      try {
        parseMetricResponse('cms:DescribeMetricList', {
          RequestId: 'R3',
          Code: 'Throttling.User',
          Success: false,
          Message: 'Request was denied due to user flow control.',
        });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    // Assess
    assert.ok(failure instanceof CloudError);
    assert.equal(failure.code, 'Throttling.User');
    assert.equal(failure.retryable, true);
    assert.equal(failure.requestId, 'R3');
    assert.match(failure.message, /flow control/);
  });

  it('refuses Datapoints that are not a JSON list', () => {
    // Act / Assess
    assert.throws(
      () =>
        parseMetricResponse('cms:DescribeMetricLast', { Code: '200', Success: true, Datapoints: '{"timestamp":1}' }),
      (e: unknown) => e instanceof CloudError && e.code === 'InvalidResponse',
    );
  });
});
