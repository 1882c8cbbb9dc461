// What a function reads: the policy compiled to JSON by the build, validated
// again, failing by name when it was edited wrong or is not compiled at all.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compiledPolicy } from '../../scripts/build';
import { loadCompiledPolicy, loadPolicy, PolicyFileError } from '../../shared/controller/policy-file';

const root = new URL('../..', import.meta.url).pathname;

describe('the compiled policy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-compiled-'));

  it('is the policy rollgate.yaml describes, defaults included', () => {
    // Prepare
    const path = join(dir, 'rollgate.json');
    writeFileSync(path, compiledPolicy(join(root, 'rollgate.yaml')));
    // Act / Assess
    assert.deepEqual(loadCompiledPolicy(path), loadPolicy(join(root, 'rollgate.yaml')));
  });

  it('edited by hand into an invalid policy, fails naming the key and what is allowed', () => {
    // Prepare
    const raw = JSON.parse(compiledPolicy(join(root, 'rollgate.yaml'))) as { maxConcurrentGroups?: unknown };
    raw.maxConcurrentGroups = 0;
    const path = join(dir, 'edited.json');
    writeFileSync(path, JSON.stringify(raw));
    // Act / Assess
    assert.throws(
      () => loadCompiledPolicy(path),
      (error: unknown) =>
        error instanceof PolicyFileError && /maxConcurrentGroups: .*\(allowed: a number >= 1\)/.test(error.message),
    );
  });

  it('handed as YAML to a function, says it must be compiled', () => {
    // Prepare
    const path = join(dir, 'rollgate.yaml');
    writeFileSync(path, readFileSync(join(root, 'rollgate.yaml')));
    // Act / Assess
    assert.throws(() => loadCompiledPolicy(path), /is YAML; a function reads the policy compiled to JSON/);
  });
});
