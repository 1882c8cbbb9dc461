// Cold start of every function bundle, measured as Function Compute loads it:
// scripts/build.ts bundles each function (CommonJS), the bundle is copied to a
// directory of its own outside the repository (no `"type": "module"` above
// it, no node_modules), and a fresh node process `require`s it and prints how
// long the load took. Prints bytes and load time per function (the median of
// a few fresh processes); targets: every bundle ≤ 600 KB, every load ≤ 150 ms.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFunctions } from '../scripts/build';
import { atMost, figure, QUICK, report } from './lib/figures';

const LOADS = QUICK ? 3 : 7;
// Wall time is the figure; CPU time beside it tells a slow load from a loaded machine.
const LOADER =
  'const t = process.hrtime.bigint(); const c = process.cpuUsage(); require(process.argv[1]); const u = process.cpuUsage(c);' +
  ' process.stdout.write(JSON.stringify([Number(process.hrtime.bigint() - t) / 1e6, (u.user + u.system) / 1e3]));';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const outRoot = mkdtempSync(join(tmpdir(), 'rollgate-cold-start-'));
try {
  const names = await buildFunctions(join(outRoot, 'dist'));
  let maxBytes = 0;
  let maxLoadMs = 0;
  for (const name of names) {
    // Only the files FC would be given: the bundle and the policy beside it.
    const fnDir = mkdtempSync(join(outRoot, `${name}-`));
    for (const file of readdirSync(join(outRoot, 'dist', name)).filter((f) => !f.endsWith('.map')))
      copyFileSync(join(outRoot, 'dist', name, file), join(fnDir, file));
    const bundle = join(fnDir, 'index.js');
    const bytes = statSync(bundle).size;
    const runs = Array.from(
      { length: LOADS },
      () =>
        JSON.parse(
          execFileSync(process.execPath, ['-e', LOADER, bundle], {
            cwd: fnDir,
            env: { PATH: process.env['PATH'] ?? '' },
          }).toString(),
        ) as [number, number],
    );
    const loads = runs.map(([wall]) => wall);
    const loadMs = Math.round(median(loads));
    const cpuMs = Math.round(median(runs.map(([, cpu]) => cpu)));
    maxBytes = Math.max(maxBytes, bytes);
    maxLoadMs = Math.max(maxLoadMs, loadMs);
    console.log(
      `  ${name.padEnd(16)} ${(bytes / 1024).toFixed(0).padStart(6)} KB   load ${String(loadMs).padStart(4)} ` +
        `ms, ${String(cpuMs).padStart(4)} ms CPU (medians of ${LOADS}; wall ${loads.map((l) => l.toFixed(0)).join(', ')})`,
    );
  }
  report([
    figure('coldStart.maxBundleBytes', undefined, maxBytes, 'bytes', atMost(600 * 1024)),
    figure('coldStart.maxLoadMs', undefined, maxLoadMs, 'ms', atMost(150)),
  ]);
} finally {
  rmSync(outRoot, { recursive: true, force: true });
}
