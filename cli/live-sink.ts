// `rollout --wait` on a terminal: the live rollout view of `npm start`, one
// line per group redrawn in place, with each group's outcome below it.
import type { GroupStatus } from '../shared/operations/index';
import { createRolloutView, type GroupProgress, type ViewOutput } from '../shared/rollout-view/index';
import type { FollowOutcome, ProgressSink } from './follow';

export interface LiveSink extends ProgressSink {
  /** Leaves the view on screen; later output starts below it. */
  finish(): void;
}

function progressOf(g: GroupStatus): GroupProgress {
  const r = g.rollout;
  const settled = g.kinds.every((k) => k.decision.verdict === 'satisfied');
  return {
    groupId: g.groupId,
    name: g.name,
    // Waves are the policy's; status does not carry them, and the view's wave column is for the demo's fleet.
    wave: '-',
    phase: r?.phase ?? (settled ? 'done' : 'waiting'),
    updated: r?.instances.updated ?? 0,
    total: r?.instances.total ?? 0,
    batch: r?.batch === undefined ? undefined : { current: r.batch.index, total: r.batch.total },
    rollback: r?.rollbackOf !== undefined,
    rolloutStartedMs: r?.startedAt === undefined ? undefined : Date.parse(r.startedAt),
  };
}

export function liveSink(out: ViewOutput): LiveSink {
  const view = createRolloutView(out, { live: true });
  const last = new Map<string, GroupProgress>();
  let nowMs = 0;
  return {
    update(groups, at) {
      nowMs = Date.parse(at);
      for (const g of groups) last.set(g.groupId, progressOf(g));
      view.update([...last.values()], nowMs);
    },
    finished(group, outcome: FollowOutcome, detail) {
      view.event(
        `${new Date(nowMs).toISOString().slice(11, 19)}  ${group.name} (${group.groupId}): ${outcome} — ${detail}`,
      );
      const known = last.get(group.groupId);
      if (known !== undefined) last.set(group.groupId, { ...known, phase: outcome });
    },
    finish() {
      view.update([...last.values()], nowMs);
      view.finish();
    },
  };
}
