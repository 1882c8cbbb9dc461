// Reconcile at fleet scale: 1,000 managed groups with 50,000 instances on the
// local cloud, 20 ms injected latency on every API call. Prints API calls per
// reconcile (counted by the client), wall time, and the peak RSS of the
// process running the reconcile (a child process running the reconcile
// bundled as a function is, so the local cloud's own memory and the
// TypeScript loader's are not counted). Figures only; nothing here passes or fails on time.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { startLocalCloud } from '../local/cloud/index';
import { injectLatency, seedBenchFleet } from './lib/fleet';

const root = new URL('..', import.meta.url).pathname;
const FLEET = { groups: 1000, instancesPerGroup: 50, canaryGroups: 10 };
const LATENCY_MS = 20;

interface RunFigures {
  run: number;
  /** Live heap after a full collection at the end of the run. */
  heapAfterGcMb?: number;
  wallMs: number;
  calls: number;
  byOperation: Record<string, number>;
  started: number;
  detailedGroups: number;
  peakRssMb: number;
  baselineRssMb: number;
}

/** The child is bundled as a function is (esbuild, CJS) and run by plain node, so its memory is what FC would see. */
async function bundleChild(): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'rollgate-bench-')), 'reconcile-child.cjs');
  await build({
    entryPoints: [join(root, 'bench/lib/reconcile-child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    external: ['pino-pretty', 'babel-runtime/*'],
  });
  return outfile;
}

function runChild(childFile: string, env: Record<string, string>, runs: number, nowMs: number): Promise<RunFigures[]> {
  return new Promise((resolve, reject) => {
    // --expose-gc: each run ends with a full collection, so run N's peak is what one
    // invocation needs, not the garbage earlier runs left for V8's lazy collector.
    const child = spawn(process.execPath, ['--expose-gc', childFile], {
      cwd: root,
      env: { ...process.env, ...env, BENCH_RUNS: String(runs), BENCH_NOW_MS: String(nowMs), ROLLGATE_POLICY: join(root, 'rollgate.yaml') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`reconcile child exited ${code}`));
      resolve(out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as RunFigures));
    });
  });
}

function print(label: string, figures: RunFigures[]): void {
  for (const f of figures) {
    console.log(
      `  ${label} run ${f.run}: ${f.calls} API calls, ${f.wallMs} ms wall, peak RSS ${f.peakRssMb} MB (${f.baselineRssMb} MB before the first run; ${f.heapAfterGcMb ?? '?'} MB heap live after it), ${f.started} started, ${f.detailedGroups} group(s) read in detail`,
    );
  }
  const last = figures.at(-1);
  if (last) console.log(`    calls by operation: ${Object.entries(last.byOperation).map(([op, n]) => `${op}=${n}`).join(' ')}`);
}

const childFile = await bundleChild();
const cloud = await startLocalCloud({ startTimeMs: Date.parse('2026-03-02T08:00:00Z') });
try {
  const { seedMs } = await seedBenchFleet(cloud, FLEET);
  console.log(`reconcile bench: ${FLEET.groups} managed groups, ${FLEET.groups * FLEET.instancesPerGroup} instances (seeded in ${seedMs} ms), ${LATENCY_MS} ms latency per API call`);
  await injectLatency(cloud, LATENCY_MS);

  console.log('no group needs a change (targets: ≤ 60 calls, < 5 s wall, < 128 MB peak RSS):');
  print("steady", await runChild(childFile, cloud.clientEnv(), Number(process.env["BENCH_STEADY_RUNS"] ?? 3), cloud.clock.now()));

  cloud.world().ecs.images.create({ imageName: 'app-base-bench-2', imageFamily: 'app-base', tags: {}, available: true, bootsUnhealthy: false });
  console.log('a new app-base image (canary wave starts; maxConcurrentGroups of rollgate.yaml applies):');
  print('new image', await runChild(childFile, cloud.clientEnv(), 2, cloud.clock.now()));
} finally {
  await cloud.close();
}
