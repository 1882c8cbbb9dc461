import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadSYaml, parseSYaml, SYamlError, topicFromSourceArn } from '../../../local/runtime/s-yaml';

const FIXTURE = join(import.meta.dirname, 'fixtures', 's.yaml');
const options = { env: { FIXTURE_GREETING: 'hello' }, config: { AccountID: '1234567890123456' } };

describe('s.yaml loading', () => {
  it('reads every fc3 resource with its resolved props and triggers', () => {
    // Act
    const loaded = loadSYaml(FIXTURE, options);
    // Assess
    assert.deepEqual(
      loaded.functions.map((f) => f.functionName),
      ['fixture-echo', 'fixture-stream', 'fixture-ticker'],
    );
    const echo = loaded.functions[0];
    assert.ok(echo);
    assert.equal(echo.codeDir, join(import.meta.dirname, 'fixtures', 'echo'));
    assert.deepEqual(echo.environmentVariables, { GREETING: 'hello', TOPIC: 'fixture-events' });
    assert.equal(echo.timeoutSeconds, 2);
    assert.equal(echo.memorySize, 128);
    assert.deepEqual(echo.triggers, [
      {
        kind: 'mns_topic',
        name: 'deploy-events',
        topicName: 'fixture-events',
        config: { notifyContentFormat: 'JSON', notifyStrategy: 'BACKOFF_RETRY', filterTag: 'deploy' },
      },
      { kind: 'http', name: 'web', config: { authType: 'anonymous', methods: ['GET', 'POST'] } },
    ]);
    assert.deepEqual(loaded.functions[1]?.triggers[0], {
      kind: 'mns_topic',
      name: 'raw',
      topicName: 'fixture-events',
      config: { topicName: 'fixture-events', notifyContentFormat: 'STREAM', notifyStrategy: 'BACKOFF_RETRY' },
    });
    assert.equal(loaded.functions[2]?.timeoutSeconds, 3);
    assert.deepEqual(loaded.unresolved, []);
  });

  it('resolves vars that refer to vars, env with a default, and config', () => {
    const text = [
      'vars:',
      "  a: ${config('AccountID')}",
      '  role: acs:ram::${vars.a}:role/x',
      'resources:',
      '  f:',
      '    component: fc3',
      '    props:',
      '      functionName: f1',
      '      code: ./f',
      '      environmentVariables:',
      '        ROLE: ${vars.role}',
      "        MODE: ${env('MODE', 'fallback')}",
      '        PORT: 8080',
    ].join('\n');
    const loaded = parseSYaml(text, '/base', options);
    assert.deepEqual(loaded.functions[0]?.environmentVariables, {
      ROLE: 'acs:ram::1234567890123456:role/x',
      MODE: 'fallback',
      PORT: '8080',
    });
    assert.equal(loaded.functions[0]?.codeDir, '/base/f');
  });

  it('leaves unsupported expressions as written and reports them', () => {
    const text = [
      'resources:',
      '  f:',
      '    component: fc3',
      '    props:',
      '      functionName: f1',
      '      code: ./f',
      '      environmentVariables:',
      '        ARN: ${resources.other.output.arn}',
    ].join('\n');
    const loaded = parseSYaml(text, '/base', options);
    assert.equal(loaded.functions[0]?.environmentVariables['ARN'], '${resources.other.output.arn}');
    assert.deepEqual(loaded.unresolved, ['${resources.other.output.arn}']);
  });

  it('names the function and trigger when a trigger cannot be run locally', () => {
    const text = [
      'resources:',
      '  f:',
      '    component: fc3',
      '    props:',
      '      functionName: f1',
      '      code: ./f',
      '      triggers:',
      '        - triggerName: logs',
      '          triggerType: log',
    ].join('\n');
    assert.throws(
      () => parseSYaml(text, '/base', options),
      (e: unknown) => e instanceof SYamlError && /function f1, trigger logs: triggerType log/.test(e.message),
    );
  });

  it('refuses an mns_topic trigger that names no topic', () => {
    const text = [
      'resources:',
      '  f:',
      '    component: fc3',
      '    props:',
      '      functionName: f1',
      '      code: ./f',
      '      triggers:',
      '        - triggerName: t',
      '          triggerType: mns_topic',
    ].join('\n');
    assert.throws(() => parseSYaml(text, '/base', options), /name the topic/);
  });

  it('reads topics from fc3 sourceArns', () => {
    assert.equal(topicFromSourceArn('acs:mns:cn-hangzhou:123:/topics/ess-events'), 'ess-events');
    assert.equal(topicFromSourceArn('acs:mns:cn-hangzhou:123:topics/t2'), 't2');
    assert.equal(topicFromSourceArn('acs:mns:cn-hangzhou:123:/queues/q'), undefined);
  });
});
