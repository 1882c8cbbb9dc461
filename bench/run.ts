// npm run bench [-- --quick] [name…]: every bench/*.ts in turn (--quick: only those
// whose figures results.json holds, with smaller runs), each in its own
// process, so one bench's memory and leftover timers never touch the next
// one's figures. Each bench reports its figures (bench/lib/figures.ts); this
// prints them as one table and writes bench/results.json. Figures are never
// pass/fail: a target not met is printed as such, and only a bench that
// crashes makes this exit non-zero.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Figure } from './lib/figures';

const benchDir = new URL('.', import.meta.url).pathname;
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const filters = args.filter((a) => a !== '--quick');
/** Benches that print figures of their own but none results.json holds: a quick run leaves them out. */
const NO_RESULTS = ['oos-rollout.ts', 'plan.ts'];
const benches = readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .filter((f) => !quick || filters.length > 0 || !NO_RESULTS.includes(f))
  .sort();

const scratch = mkdtempSync(join(tmpdir(), 'rollgate-bench-figures-'));
const figuresFile = join(scratch, 'figures.jsonl');
const suiteStarted = Date.now();
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file}`);
  const started = Date.now();
  const env = {
    ...process.env,
    LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'silent',
    BENCH_FIGURES: figuresFile,
    BENCH_QUICK: quick ? '1' : '0',
  };
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, file)], { stdio: 'inherit', env });
  const status = result.status ?? 1;
  if (status !== 0) failed += 1;
  console.log(
    `=== ${file}: ${status === 0 ? 'done' : `exit ${status}`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

const figures: Figure[] = existsSync(figuresFile)
  ? readFileSync(figuresFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Figure)
  : [];
rmSync(scratch, { recursive: true, force: true });

const rows = figures.map((f) => [
  `${f.key}${f.variant === undefined ? '' : `["${f.variant}"]`}`,
  `${f.value} ${f.unit}`,
  f.target,
  f.met ? 'yes' : 'NO',
]);
const header = ['figure', 'value', 'target', 'met'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
console.log(`\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.map(line).join('\n')}`);

// results.json: one key per figure; a figure measured in variants (fleet sizes, rollout counts) maps each variant to its value.
const results: Record<string, unknown> = {};
const targets: Record<string, string> = {};
for (const f of figures) {
  targets[f.key] = f.target;
  if (f.variant === undefined) results[f.key] = f.value;
  else results[f.key] = { ...(results[f.key] as Record<string, number> | undefined), [f.variant]: f.value };
}
const meta = {
  quick,
  benches,
  seconds: Math.round((Date.now() - suiteStarted) / 1000),
  cpus: cpus().length,
  node: process.version,
  targets,
  notMet: figures.filter((f) => !f.met).length,
};
writeFileSync(join(benchDir, 'results.json'), `${JSON.stringify({ ...results, meta }, null, 2)}\n`);
console.log(
  `\nbench/results.json written: ${figures.length} figure(s), ${meta.notMet} target(s) not met, ${meta.seconds} s`,
);
process.exit(failed === 0 ? 0 : 1);
