// `npm start` leaves no temporary folder behind: the bundles and the policy
// copy live in one folder that closing the environment removes.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startDemoEnvironment } from '../../scripts/demo/environment';

describe('demo environment', { timeout: 120_000 }, () => {
  it('keeps its bundles and policy copy in one temporary folder and removes it on close', async () => {
    // Prepare
    const env = await startDemoEnvironment({ timeScale: 30, port: 0, say: () => undefined });
    const scratch = env.scratchDir;
    try {
      // Assess: what the run uses is inside it
      assert.ok(existsSync(join(scratch, 'rollgate.yaml')));
      assert.ok(env.policyPath.startsWith(scratch));
      assert.ok(readdirSync(join(scratch, 'code', 'dist')).includes('reconcile'));
    } finally {
      // Act
      await env.close();
    }
    // Assess
    assert.equal(existsSync(scratch), false);
  });
});
