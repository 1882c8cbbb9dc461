import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CloudConfigError } from '../../shared/cloud/errors';
import { credentialsFromFcContext, loadCloudConfig, DEFAULT_RETRY_POLICY } from '../../shared/cloud/config';

const base = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'AK',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'SK',
  ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou',
  ALIBABA_CLOUD_ACCOUNT_ID: '1234567890',
};

describe('loadCloudConfig', () => {
  it('reads credentials, region and account from the standard variables', () => {
    // Act
    const config = loadCloudConfig(base);
    // Assess
    assert.deepEqual(config.credentials, { accessKeyId: 'AK', accessKeySecret: 'SK' });
    assert.equal(config.regionId, 'cn-hangzhou');
    assert.equal(config.accountId, '1234567890');
    assert.equal(config.endpoint, undefined);
    assert.deepEqual(config.retry, DEFAULT_RETRY_POLICY);
  });

  it('fails fast naming the missing key', () => {
    // Prepare
    const { ALIBABA_CLOUD_ACCESS_KEY_SECRET: _omitted, ...env } = base;
    // Act + Assess
    assert.throws(
      () => loadCloudConfig(env),
      (err: unknown) =>
        err instanceof CloudConfigError &&
        err.message === 'missing environment variable ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    );
    assert.throws(() => loadCloudConfig({ ...base, ALIBABA_CLOUD_REGION_ID: '  ' }), /ALIBABA_CLOUD_REGION_ID/);
  });

  it('falls back to the Function Compute runtime variables for region and account', () => {
    // Prepare
    const { ALIBABA_CLOUD_REGION_ID: _r, ALIBABA_CLOUD_ACCOUNT_ID: _a, ...env } = base;
    // Act
    const config = loadCloudConfig({ ...env, FC_REGION: 'cn-shanghai', FC_ACCOUNT_ID: '999' });
    // Assess
    assert.equal(config.regionId, 'cn-shanghai');
    assert.equal(config.accountId, '999');
    assert.throws(() => loadCloudConfig(env), /missing environment variable ALIBABA_CLOUD_REGION_ID \(or FC_REGION/);
  });

  it('needs the account id only without an endpoint override', () => {
    // Prepare
    const { ALIBABA_CLOUD_ACCOUNT_ID: _omitted, ...env } = base;
    // Act
    const local = loadCloudConfig({ ...env, ROLLGATE_ENDPOINT: 'http://127.0.0.1:9100/' });
    // Assess
    assert.equal(local.endpoint, 'http://127.0.0.1:9100');
    assert.equal(local.accountId, undefined);
    assert.throws(() => loadCloudConfig(env), /ALIBABA_CLOUD_ACCOUNT_ID/);
  });

  it('rejects a malformed endpoint and retry settings', () => {
    assert.throws(() => loadCloudConfig({ ...base, ROLLGATE_ENDPOINT: '127.0.0.1:9100' }), /ROLLGATE_ENDPOINT/);
    assert.throws(() => loadCloudConfig({ ...base, ROLLGATE_ENDPOINT: 'ftp://x' }), /ROLLGATE_ENDPOINT/);
    assert.throws(() => loadCloudConfig({ ...base, ROLLGATE_RETRY_MAX_ATTEMPTS: '0' }), /ROLLGATE_RETRY_MAX_ATTEMPTS/);
  });

  it('reads the STS token and retry bounds when set', () => {
    // Act
    const config = loadCloudConfig({
      ...base,
      ALIBABA_CLOUD_SECURITY_TOKEN: 'TOKEN',
      ROLLGATE_RETRY_MAX_ATTEMPTS: '3',
      ROLLGATE_RETRY_MAX_TOTAL_MS: '5000',
    });
    // Assess
    assert.equal(config.credentials.securityToken, 'TOKEN');
    assert.equal(config.retry.maxAttempts, 3);
    assert.equal(config.retry.maxTotalMs, 5000);
  });

  it('uses FC context credentials instead of the key variables', () => {
    // Prepare
    const { ALIBABA_CLOUD_ACCESS_KEY_ID: _a, ALIBABA_CLOUD_ACCESS_KEY_SECRET: _b, ...env } = base;
    const context: unknown = {
      requestId: 'r',
      credentials: { accessKeyId: 'STS.AK', accessKeySecret: 'STS.SK', securityToken: 'STS.TOKEN' },
    };
    // Act
    const config = loadCloudConfig(env, { credentials: credentialsFromFcContext(context) });
    // Assess
    assert.deepEqual(config.credentials, {
      accessKeyId: 'STS.AK',
      accessKeySecret: 'STS.SK',
      securityToken: 'STS.TOKEN',
    });
  });

  it('rejects an FC context without credentials', () => {
    assert.throws(
      () => credentialsFromFcContext({ credentials: { accessKeyId: 'x' } }),
      (err: unknown) => err instanceof CloudConfigError && /accessKeySecret/.test(err.message),
    );
    assert.throws(() => credentialsFromFcContext(undefined), CloudConfigError);
  });
});
