// Runs reconcile against the endpoint in ROLLGATE_ENDPOINT, in a process of
// its own so its memory is measured apart from the local cloud's. Prints one
// JSON line per run: API calls by operation (as the local cloud served them,
// BENCH_CLOUD_URL), wall time, peak RSS.
import { createCloudClients, loadCloudConfig } from '../../shared/cloud/index';
import type { ControllerDeps } from '../../shared/controller/deps';
import { loadPolicy } from '../../shared/controller/policy-file';
import { reconcile, summarize } from '../../shared/controller/reconcile';
import { createLogger } from '../../shared/log';
import { resetRequests, servedRequests } from './requests';

const baselineRssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
const runs = Number(process.env['BENCH_RUNS'] ?? '3');
const nowMs = Number(process.env['BENCH_NOW_MS'] ?? Date.now());
const cloudUrl = process.env['BENCH_CLOUD_URL'] ?? '';
const clients = createCloudClients(loadCloudConfig(process.env));
const deps: ControllerDeps = {
  clients,
  policy: loadPolicy(process.env['ROLLGATE_POLICY'] ?? 'rollgate.yaml'),
  regionId: process.env['ALIBABA_CLOUD_REGION_ID'] ?? 'cn-hangzhou',
  eventsTopic: 'rollgate-events',
  now: () => nowMs,
  log: createLogger('bench', 'silent'),
};

/** Live heap after a full collection (when node runs with --expose-gc): tells retained memory from lazy collection. */
function heapAfterGc(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return undefined;
  gc();
  return Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
}

async function main(): Promise<void> {
  for (let run = 1; run <= runs; run++) {
    await resetRequests(cloudUrl);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const report = await reconcile(deps, {});
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const served = await servedRequests(cloudUrl);
    const summary = summarize(report);
    process.stdout.write(
      `${JSON.stringify({
        run,
        wallMs: Math.round(wallMs),
        // CPU the reconcile itself used: on a loaded machine the wall figure is mostly waiting for a core.
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        calls: served.total,
        byOperation: served.byAction,
        started: summary['started'],
        detailedGroups: report.detailedGroupIds.length,
        decisions: report.decisions.length,
        // ru_maxrss: the peak resident set of this process so far, in KiB.
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        // RSS of the process before its first reconcile (node and the bundled SDKs loaded).
        baselineRssMb,
        heapAfterGcMb: heapAfterGc(),
      })}\n`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
