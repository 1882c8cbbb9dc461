import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs } from '../../../local/cloud/main';

describe('local cloud CLI flags', () => {
  it('reads every flag, in both --flag value and --flag=value form', () => {
    // Act
    const options = parseArgs([
      '--port',
      '9200',
      '--region=cn-shanghai',
      '--account-id',
      '1111222233334444',
      '--access-key-id',
      'id',
      '--access-key-secret',
      's',
      '--time-scale',
      '60',
      '--seed',
      'demo',
    ]);

    // Assess
    assert.deepEqual(options, {
      port: 9200,
      regionId: 'cn-shanghai',
      accountId: '1111222233334444',
      accessKeyId: 'id',
      accessKeySecret: 's',
      timeScale: 60,
      seed: 'demo',
    });
  });

  it('defaults to port 9100 and no seed', () => {
    // Act / Assess
    assert.deepEqual(parseArgs(['--seed', 'none']), { port: 9100 });
  });

  it('names the flag that is unknown or has a bad value', () => {
    // Act / Assess
    assert.throws(() => parseArgs(['--prot', '1']), /unknown flag "--prot"/);
    assert.throws(() => parseArgs(['--port', 'abc']), /--port must be a port number/);
    assert.throws(() => parseArgs(['--time-scale', '-1']), /--time-scale must be a number/);
    assert.throws(() => parseArgs(['--account-id', '12']), /--account-id must be 16 digits/);
    assert.throws(() => parseArgs(['--region']), /flag --region needs a value/);
    assert.throws(() => parseArgs(['--seed', '/nonexistent/fleet.json']), /--seed: cannot read fleet file/);
  });
});
