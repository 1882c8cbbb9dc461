// The settled clock: simulated time moves only when the whole system waits
// for it — no request being served, no function invocation at work (a
// sleeping gate loop waits), no MNS delivery under way — and then jumps
// straight to the next thing due (a scheduled task or a sleeper's wake-up).
// A machine that is busy or slow therefore sees the same simulated timeline
// as a fast idle one, only later; and an idle system runs as fast as it can.
import type { LocalCloud } from './cloud';

/** Ticks in a row the system must be idle before time moves (lets a just-answered caller send its next request). */
const QUIET_TICKS = 2;

export function systemBusy(cloud: LocalCloud): boolean {
  if (cloud.activity.requests() > 0) return true;
  const now = cloud.clock.now();
  let invocations = 0;
  let deliveries = 0;
  for (const world of cloud.worlds.all()) {
    invocations += world.fc.inFlightCount();
    deliveries += world.mns.inFlightDeliveries();
  }
  return deliveries > 0 || invocations > cloud.activity.sleeping(now);
}

/** Advances to the next due task or wake-up if the system is idle; returns the seconds advanced (undefined: busy or nothing due). */
export function settleStep(cloud: LocalCloud): number | undefined {
  if (systemBusy(cloud)) return undefined;
  const now = cloud.clock.now();
  const due = cloud.clock.nextDueIn();
  const wake = cloud.activity.nextWakeMs(now);
  const targets = [due === undefined ? undefined : now + due * 1000, wake].filter((t): t is number => t !== undefined);
  if (targets.length === 0) return undefined;
  const seconds = Math.max(0, (Math.min(...targets) - now) / 1000);
  cloud.clock.advance(seconds);
  return seconds;
}

/** Runs settleStep every `tickMs` of real time once the system has been idle QUIET_TICKS ticks. Returns a stop function. */
export function startSettledDriver(cloud: LocalCloud, tickMs = 5): () => void {
  let quiet = 0;
  const timer = setInterval(() => {
    if (systemBusy(cloud)) {
      quiet = 0;
      return;
    }
    quiet += 1;
    if (quiet >= QUIET_TICKS) {
      settleStep(cloud);
      quiet = 0;
    }
  }, tickMs);
  timer.unref();
  return () => clearInterval(timer);
}
