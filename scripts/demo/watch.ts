// Phase 3: watch rollgate roll the fleet, redrawing the progress view with
// the events below it, until every managed group runs the new image (or the
// real-time budget runs out).
import type { RollgateEvent } from '../../shared/domain/events';
import type { Policy } from '../../shared/domain/policy';
import type { DemoEnvironment } from './environment';
import { converged, observeFleet, type FleetView } from './observe';
import type { ProgressView } from './progress';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function watchRollout(
  env: DemoEnvironment,
  opts: {
    policy: Policy;
    imageId: string;
    timeoutSeconds: number;
    progress: ProgressView;
    events: () => RollgateEvent[];
    pollMs?: number;
  },
): Promise<{ view: FleetView; converged: boolean }> {
  const deadline = Date.now() + opts.timeoutSeconds * 1000;
  let view = await observeFleet(env.clients, opts.policy, opts.imageId, env.cloud.clock.iso());
  for (;;) {
    const fresh = opts.events();
    opts.progress.events(fresh, view);
    for (const e of fresh) {
      const reasons = e.detail['reasons'];
      if ((e.type === 'batch.failed' || e.type === 'gate.misconfigured') && Array.isArray(reasons))
        for (const r of reasons.slice(0, 6)) opts.progress.note(`${' '.repeat(10)}- ${r}`);
    }
    opts.progress.render(view);
    if (converged(view, opts.imageId)) break;
    if (Date.now() > deadline) {
      await opts.progress.finish();
      return { view, converged: false };
    }
    await sleep(opts.pollMs ?? 500);
    view = await observeFleet(env.clients, opts.policy, opts.imageId, env.cloud.clock.iso());
  }
  await opts.progress.finish();
  return { view, converged: true };
}
