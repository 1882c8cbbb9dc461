// npm run bench: every bench/*.ts in turn, each in its own process, so one
// bench's memory and leftover timers never touch the next one's figures.
// Benches print figures; a bench that crashes makes this exit non-zero.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const benchDir = new URL('.', import.meta.url).pathname;
const filters = process.argv.slice(2);
const benches = readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, file)], { stdio: 'inherit', env: { ...process.env, LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'silent' } });
  const status = result.status ?? 1;
  if (status !== 0) failed += 1;
  console.log(`=== ${file}: ${status === 0 ? 'done' : `exit ${status}`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
process.exit(failed === 0 ? 0 : 1);
