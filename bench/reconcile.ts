// Reconcile at fleet scale on the local cloud, 20 ms injected latency on every
// API call: 1,000 managed groups / 50,000 instances with 5 and with 50
// finished rollouts per group, (full run only) 10,000 groups / 500,000
// instances, and one group alone. Prints API calls per reconcile (served, as
// the local cloud counts them), wall time, and the peak RSS of the process
// running the reconcile (a
// child process running the reconcile bundled as a function is, so the local
// cloud's own memory and the TypeScript loader's are not counted). Figures
// only; nothing here passes or fails on time.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { startLocalCloud } from '../local/cloud/index';
import { atMost, below, figure, QUICK, report, type Figure } from './lib/figures';
import { injectLatency, seedBenchFleet, type BenchFleet } from './lib/fleet';

const root = new URL('..', import.meta.url).pathname;
const LATENCY_MS = 20;

interface Variant extends BenchFleet {
  label: string;
  calls: number;
  wallMs: number;
  rssMb: number;
}

const VARIANTS: Variant[] = [
  {
    label: '1000g/5h',
    groups: 1000,
    instancesPerGroup: 50,
    canaryGroups: 10,
    finishedRollouts: 5,
    calls: 45,
    wallMs: 1000,
    rssMb: 256,
  },
  {
    label: '1000g/50h',
    groups: 1000,
    instancesPerGroup: 50,
    canaryGroups: 10,
    finishedRollouts: 50,
    calls: 45,
    wallMs: 1000,
    rssMb: 256,
  },
  ...(QUICK
    ? []
    : [
        {
          label: '10000g/5h',
          groups: 10_000,
          instancesPerGroup: 50,
          canaryGroups: 10,
          finishedRollouts: 5,
          calls: Infinity,
          wallMs: 5000,
          rssMb: 256,
        },
      ]),
];

interface RunFigures {
  run: number;
  /** Live heap after a full collection at the end of the run. */
  heapAfterGcMb?: number;
  wallMs: number;
  cpuMs: number;
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
      env: {
        ...process.env,
        ...env,
        BENCH_RUNS: String(runs),
        BENCH_NOW_MS: String(nowMs),
        ROLLGATE_POLICY: join(root, 'rollgate.yaml'),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`reconcile child exited ${code}`));
      resolve(
        out
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as RunFigures),
      );
    });
  });
}

function print(label: string, figures: RunFigures[], cloudCpuMs: number): void {
  for (const f of figures) {
    console.log(
      `  ${label} run ${f.run}: ${f.calls} API calls, ${f.wallMs} ms wall (${f.cpuMs} ms CPU in the ` +
        `reconcile), peak RSS ${f.peakRssMb} MB (${f.baselineRssMb} MB before the first run; ${f.heapAfterGcMb ?? '?'} ` +
        `MB heap live after it), ${f.started} started, ${f.detailedGroups} group(s) read in detail`,
    );
  }
  console.log(
    `    the local cloud's CPU serving them: ${Math.round(cloudCpuMs / Math.max(1, figures.length))} ms a run`,
  );
  const last = figures.at(-1);
  if (last)
    console.log(
      `    calls by operation: ${Object.entries(last.byOperation)
        .map(([op, n]) => `${op}=${n}`)
        .join(' ')}`,
    );
}

/** The child's runs, and the CPU this process (the local cloud serving them) used meanwhile. */
async function measured(run: () => Promise<RunFigures[]>): Promise<{ figures: RunFigures[]; cloudCpuMs: number }> {
  const before = process.cpuUsage();
  const figures = await run();
  const cpu = process.cpuUsage(before);
  return { figures, cloudCpuMs: (cpu.user + cpu.system) / 1000 };
}

const childFile = await bundleChild();
const figures: Figure[] = [];
for (const variant of VARIANTS) {
  const cloud = await startLocalCloud({ startTimeMs: Date.parse('2026-03-02T08:00:00Z') });
  try {
    const { seedMs } = await seedBenchFleet(cloud, variant);
    console.log(
      `reconcile ${variant.label}: ${variant.groups} managed groups, ${variant.groups * variant.instancesPerGroup} ` +
        `instances, ${variant.finishedRollouts} finished rollouts each (seeded in ${seedMs} ms), ${LATENCY_MS} ` +
        `ms latency per API call`,
    );
    await injectLatency(cloud, LATENCY_MS);
    const env = { ...cloud.clientEnv(), BENCH_CLOUD_URL: cloud.url };
    // Steady: no group needs a change. The first run is a cold start; the figure is the worst run.
    const steady = await measured(() => runChild(childFile, env, QUICK ? 2 : 3, cloud.clock.now()));
    print('steady', steady.figures, steady.cloudCpuMs);
    const worst = (pick: (f: RunFigures) => number) => Math.max(...steady.figures.map(pick));
    figures.push(
      ...(Number.isFinite(variant.calls)
        ? [
            figure(
              'reconcile.calls',
              variant.label,
              worst((f) => f.calls),
              'calls',
              atMost(variant.calls),
            ),
          ]
        : []),
      figure(
        'reconcile.wallMs',
        variant.label,
        worst((f) => f.wallMs),
        'ms',
        below(variant.wallMs),
      ),
      figure(
        'reconcile.peakRssMb',
        variant.label,
        worst((f) => f.peakRssMb),
        'MB',
        below(variant.rssMb),
      ),
    );
    if (variant === VARIANTS[0]) {
      cloud.world().ecs.images.create({
        imageName: 'app-base-bench-2',
        imageFamily: 'app-base',
        tags: {},
        available: true,
        bootsUnhealthy: false,
      });
      console.log('  a new app-base image (canary wave starts; maxConcurrentGroups of rollgate.yaml applies):');
      const started = await measured(() => runChild(childFile, env, 1, cloud.clock.now()));
      print('new image', started.figures, started.cloudCpuMs);
    }
  } finally {
    await cloud.close();
  }
}
// One managed group (a rollout's own minute reconciles, bench/gate.ts): what a reconcile of a small fleet costs.
{
  const cloud = await startLocalCloud({ startTimeMs: Date.parse('2026-03-02T08:00:00Z') });
  try {
    await seedBenchFleet(cloud, { groups: 1, instancesPerGroup: 10, canaryGroups: 1, finishedRollouts: 5 });
    const env = { ...cloud.clientEnv(), BENCH_CLOUD_URL: cloud.url };
    const one = await measured(() => runChild(childFile, env, 1, cloud.clock.now()));
    console.log('reconcile of one group (5 finished rollouts; no target, figures only):');
    print('steady', one.figures, one.cloudCpuMs);
  } finally {
    await cloud.close();
  }
}
report(figures);
