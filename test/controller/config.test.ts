import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, DEFAULT_EVENTS_TOPIC, loadConfig } from '../../shared/config';

function dirWithPolicy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-config-'));
  writeFileSync(join(dir, 'rollgate.yaml'), 'version: 1\n');
  return dir;
}

describe('loadConfig', () => {
  it('reads the region, topics, endpoint and clock, and finds the policy beside the bundle', () => {
    // Prepare
    const bundleDir = dirWithPolicy();
    // Act
    const config = loadConfig(
      {
        ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou',
        ROLLGATE_ENDPOINT: 'http://127.0.0.1:9100/',
        ROLLGATE_CLOCK_URL: 'http://127.0.0.1:9100/_local/clock',
      },
      [bundleDir, '/nonexistent'],
    );
    // Assess
    assert.deepEqual(config, {
      regionId: 'cn-hangzhou',
      policyPath: join(bundleDir, 'rollgate.yaml'),
      eventsTopic: DEFAULT_EVENTS_TOPIC,
      endpoint: 'http://127.0.0.1:9100',
      clockUrl: 'http://127.0.0.1:9100/_local/clock',
      gateFunction: 'rollgate-gate',
      reconcileFunction: 'rollgate-reconcile',
    });
  });

  it('falls back to FC_REGION and honours ROLLGATE_EVENTS_TOPIC and a relative ROLLGATE_POLICY', () => {
    // Prepare
    const dir = dirWithPolicy();
    // Act
    const config = loadConfig(
      {
        FC_REGION: 'cn-shanghai',
        ROLLGATE_EVENTS_TOPIC: 'ops-events',
        ROLLGATE_POLICY: 'rollgate.yaml',
        ROLLGATE_GATE_FUNCTION: 'ops-gate',
      },
      [dir],
    );
    // Assess
    assert.equal(config.gateFunction, 'ops-gate');
    assert.equal(config.regionId, 'cn-shanghai');
    assert.equal(config.eventsTopic, 'ops-events');
    assert.equal(config.policyPath, join(dir, 'rollgate.yaml'));
    assert.equal(config.endpoint, undefined);
    assert.equal(config.clockUrl, undefined);
  });

  it('fails fast naming the key that is missing or malformed', () => {
    // Prepare
    const dir = dirWithPolicy();
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'ALIBABA_CLOUD_REGION_ID'],
      [{ ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou', ROLLGATE_POLICY: 'missing.yaml' }, 'ROLLGATE_POLICY'],
      [{ ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou', ROLLGATE_ENDPOINT: 'not a url' }, 'ROLLGATE_ENDPOINT'],
      [{ ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou', ROLLGATE_CLOCK_URL: '127.0.0.1:1' }, 'ROLLGATE_CLOCK_URL'],
    ];
    for (const [env, key] of cases) {
      // Act / Assess
      assert.throws(
        () => loadConfig(env, [dir]),
        (err: unknown) => err instanceof ConfigError && err.key === key && err.message.startsWith(`${key}:`),
        `expected a ConfigError naming ${key}`,
      );
    }
    assert.throws(
      () => loadConfig({ ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou' }, [mkdtempSync(join(tmpdir(), 'rollgate-empty-'))]),
      /ROLLGATE_POLICY: unset and no rollgate.yaml/,
    );
  });
});
