// `rollout --wait`: follow the rollouts of the named groups until each ends,
// reporting progress through a small interface (a terminal line, JSON lines,
// or a live view elsewhere). Success only when every group's rollout
// succeeded; rolled back, held, cancelled or failed end it non-zero.
import type { ControllerDeps } from '../shared/controller/deps';
import { events, status, type GroupStatus } from '../shared/operations/index';

export type FollowOutcome = 'succeeded' | 'rolled back' | 'held' | 'cancelled' | 'failed';

export interface ProgressSink {
  /** Called after every poll with the groups' current status. */
  update(groups: readonly GroupStatus[], at: string): void;
  /** Called once per group when its rollout ends. */
  finished(group: { groupId: string; name: string }, outcome: FollowOutcome, detail: string): void;
}

export interface FollowOptions {
  groupIds: readonly string[];
  /** Real seconds between polls. */
  intervalSeconds: number;
  deps: () => Promise<ControllerDeps>;
  sink: ProgressSink;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const STOPPED: Readonly<Record<string, FollowOutcome>> = {
  'rolling back': 'rolled back',
  held: 'held',
  cancelling: 'cancelled',
};

/** How a group's rollout ended, from its newest execution event, once none is active. */
async function endOf(deps: ControllerDeps, groupId: string): Promise<{ outcome: FollowOutcome; detail: string }> {
  const recent = await events(deps, { group: groupId, limit: 5 });
  const last = recent.events.find((e) => e.type !== 'rollout.started' && e.type !== 'rollout.held');
  switch (last?.type) {
    case 'rollout.succeeded':
      return { outcome: 'succeeded', detail: last.message };
    case 'rollout.rolled_back':
      return { outcome: 'rolled back', detail: last.message };
    case 'rollout.cancelled':
      return { outcome: 'cancelled', detail: last.message };
    default:
      return { outcome: 'failed', detail: last?.message ?? 'the rollout ended without a result' };
  }
}

export async function follow(options: FollowOptions): Promise<Map<string, FollowOutcome>> {
  const sleep = options.sleep ?? realSleep;
  const outcomes = new Map<string, FollowOutcome>();
  const seenActive = new Set<string>();
  while (outcomes.size < options.groupIds.length) {
    const deps = await options.deps();
    const report = await status(deps);
    const watched = report.groups.filter((g) => options.groupIds.includes(g.groupId) && !outcomes.has(g.groupId));
    options.sink.update(watched, report.at);
    for (const g of watched) {
      const stopped = g.rollout === undefined ? undefined : STOPPED[g.rollout.phase];
      if (stopped !== undefined) {
        outcomes.set(g.groupId, stopped);
        options.sink.finished(g, stopped, `${g.rollout?.executionId ?? ''} ${g.rollout?.phase ?? ''}`.trim());
      } else if (g.rollout !== undefined) {
        seenActive.add(g.groupId);
      } else if (seenActive.has(g.groupId) || g.kinds.every((k) => k.decision.verdict === 'satisfied')) {
        const end = await endOf(deps, g.groupId);
        outcomes.set(g.groupId, end.outcome);
        options.sink.finished(g, end.outcome, end.detail);
      }
    }
    if (outcomes.size < options.groupIds.length) await sleep(options.intervalSeconds * 1000);
  }
  return outcomes;
}
