// Scheduled actions: a policy window may say "run script revision X on target
// T's groups", once in every occurrence of the window. While such a window is
// open, X is the target's desired revision, and it counts as in place only
// when a rollout of it started in this occurrence; then it is a gated rollout
// like any other (rules, waves, cutoff, concurrency). Pure.
import type { Policy } from './policy/schema';
import type { Target } from './policy/target';
import type { DesiredRevision } from './revision';
import { targetWindows, windowPhase } from './windows';

export interface ScheduledRun {
  window: string;
  revision: string;
  /** Epoch ms of this occurrence's opening. */
  openedAt: number;
}

/** The scheduled action of an open window for this target, if any (the first such window the target names). */
export function scheduledRunFor(
  policy: Pick<Policy, 'windows'>,
  target: Pick<Target, 'name' | 'windows'>,
  now: Date,
): ScheduledRun | undefined {
  for (const window of targetWindows(policy, target)) {
    if (window.action?.target !== target.name) continue;
    const phase = windowPhase(window, now.getTime());
    if (phase.open) return { window: window.name, revision: window.action.script, openedAt: phase.openedAt };
  }
  return undefined;
}

/** The desired revision a scheduled run sets; undefined when the target no longer lists the revision. */
export function scheduledDesired(target: Target, run: ScheduledRun): DesiredRevision | undefined {
  const script = target.script?.revisions.find((r) => r.revision === run.revision);
  return script === undefined
    ? undefined
    : { kind: 'script', revision: script.revision, script, source: 'policy', scheduled: run };
}

/** What makes each occurrence's rollouts a campaign of their own (same revision, another week). */
export function occurrenceOf(desired: DesiredRevision): string | undefined {
  return desired.kind === 'script' && desired.scheduled !== undefined
    ? `${desired.scheduled.window}@${new Date(desired.scheduled.openedAt).toISOString()}`
    : undefined;
}
