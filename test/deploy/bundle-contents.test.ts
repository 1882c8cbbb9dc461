// What the function bundles hold: the policy compiled to JSON beside each,
// and none of the libraries only the tools need (the YAML parser), that
// windows no longer use (luxon, cron-parser) or that print only under a
// DEBUG variable no function sets (debug): cold start is bytes to load.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { build } from 'esbuild';
import { bundleOptions, functionNames } from '../../scripts/build';
import { buildOnce } from '../functions/local-system';
import { parsePolicy } from '../../shared/domain/policy';

const root = new URL('../..', import.meta.url).pathname;
const TOOLS_ONLY = ['yaml', 'luxon', 'cron-parser', 'debug'];

describe('function bundles', () => {
  it('each carries rollgate.yaml compiled to JSON: the same policy, and no YAML copy', async () => {
    const codeRoot = await buildOnce();
    const expected = parsePolicy(readFileSync(join(root, 'rollgate.yaml'), 'utf8'));
    assert.ok(expected.ok);
    for (const name of functionNames()) {
      const dir = join(codeRoot, 'dist', name);
      assert.ok(!existsSync(join(dir, 'rollgate.yaml')), `${name}: no YAML policy beside the bundle`);
      const raw = JSON.parse(readFileSync(join(dir, 'rollgate.json'), 'utf8')) as unknown;
      const again = parsePolicy(JSON.stringify(raw));
      assert.ok(again.ok, `${name}: the compiled policy validates`);
      assert.deepEqual(again.policy, expected.policy, `${name}: the compiled policy is rollgate.yaml`);
    }
  });

  it(`bundle none of ${TOOLS_ONLY.join(', ')}`, { timeout: 120_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'rollgate-bundle-meta-'));
    for (const name of functionNames()) {
      const result = await build({ ...bundleOptions(name, join(out, name, 'index.js')), write: false, metafile: true });
      const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
      assert.ok(output, `${name}: an output`);
      const bundled = Object.entries(output.inputs)
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([path]) => path);
      for (const pkg of TOOLS_ONLY)
        assert.deepEqual(
          bundled.filter((path) => path.includes(`node_modules/${pkg}/`)),
          [],
          `${name} bundles ${pkg}`,
        );
    }
  });
});
