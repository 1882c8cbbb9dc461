// The CLI as a process: its first line names the URL, and the cloud behind it answers.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';

const MAIN = new URL('../../../local/cloud/main.ts', import.meta.url).pathname;

describe('npm run cloud', () => {
  it('prints "local cloud listening on http://127.0.0.1:<port>" first, then serves the seeded fleet there', async () => {
    // Prepare
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--seed', 'demo'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: child.stdout });
      const [first] = (await once(lines, 'line')) as [string];

      // Act
      const match = /^local cloud listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(first);
      assert.ok(match, `unexpected first line: ${first}`);
      const state = (await (await fetch(`${match[1]}/_local/state`)).json()) as {
        worlds: Array<{ groups: unknown[] }>;
      };

      // Assess
      assert.ok(Number(match[2]) > 0);
      assert.equal(state.worlds[0]?.groups.length, 4);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('exits with status 2 and names a bad flag', async () => {
    // Act
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--time-scale', 'fast'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number];

    // Assess
    assert.equal(code, 2);
    assert.match(stderr, /--time-scale must be a number/);
  });
});
