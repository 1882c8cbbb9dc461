// `npm run build` packages the policy into every bundle, and refuses one that
// does not validate, naming each problem where it is.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertValidPolicy, buildFunctions } from '../../scripts/build';

describe('build: policy check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-build-'));

  it('accepts the example policy', () => {
    assertValidPolicy(new URL('../../rollgate.yaml', import.meta.url).pathname);
  });

  it('refuses an invalid policy before bundling anything, with line, column and a did-you-mean', async () => {
    const bad = join(dir, 'rollgate.yaml');
    writeFileSync(
      bad,
      'version: 1\ntargets:\n  - name: app\n    select: { tags: { a: b } }\n    image: { family: app }\n    gate: { bakeSecond: 60 }\n',
    );
    await assert.rejects(buildFunctions(join(dir, 'dist'), bad), (error: Error) => {
      assert.match(error.message, /refusing to package an invalid policy/);
      assert.match(
        error.message,
        /rollgate\.yaml:6:13 targets\[0\]\.gate\.bakeSecond: unknown key bakeSecond .*did you mean bakeSeconds\?/,
      );
      return true;
    });
  });
});
