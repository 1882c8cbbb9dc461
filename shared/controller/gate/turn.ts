// What a gate turn reports for one execution, and the pause as the domain
// sees it: shared by the turn's decisions (decide-execution.ts, decide-bake.ts).
import type { GateDecision, GatePause } from '../../domain/gate';
import type { GateContext } from './context';
import { countedSkips, SKIPPED_TAG } from './skipped';

export interface GateDecisionReport {
  groupId: string;
  executionId: string;
  pause: string;
  decision: GateDecision['decision'];
  /** What the write did: done, unchanged (lost a race or nothing to do), or the action's result. */
  result: string;
  reasons: string[];
  finishedAt: string;
  decidedAt: string;
  rollbackOf?: string;
  detail?: Record<string, unknown>;
}

export interface ExecutionTurn {
  /** The execution still needs the fast gate loop (running, paused, baking). Held ones do not. */
  active: boolean;
  held?: boolean;
  /** A batch or failure pause seen for the first time long after it began: no fast loop was watching. */
  stale?: boolean;
  report?: GateDecisionReport;
  /** Another live gate loop holds the group's lease: this turn left the execution to it. */
  watched?: boolean;
  /** An older gate loop holds the lease: this loop should end. */
  yielded?: boolean;
}

export function domainPause(ctx: GateContext): GatePause {
  const { pause, state } = ctx;
  if (state.phase === 'held') {
    return {
      kind: 'held',
      heldSince: new Date((state.heldSince ?? state.seen) * 1000).toISOString(),
      ...(state.lastReminder === undefined
        ? {}
        : { lastReminderAt: new Date(state.lastReminder * 1000).toISOString() }),
    };
  }
  switch (pause.kind) {
    case 'final':
      return { kind: 'final', finishedAt: pause.finishedAt };
    case 'failure':
      return {
        kind: 'failure',
        batch: pause.batch,
        totalBatches: pause.total,
        finishedAt: pause.finishedAt,
        failedInstances: pause.failed.map((f) => ({ instanceId: f.instanceId, retries: f.retries })),
        skipped: earlierSkips(ctx),
      };
    case 'batch':
      return { kind: 'batch', batch: pause.batch, totalBatches: pause.total, finishedAt: pause.finishedAt };
  }
}

export function earlierSkips(ctx: GateContext): number {
  return countedSkips(
    ctx.state,
    ctx.view.group.tags[SKIPPED_TAG],
    ctx.pause.failed.map((f) => f.instanceId),
  );
}

export function report(
  ctx: GateContext,
  decision: GateDecision,
  result: string,
  detail?: Record<string, unknown>,
): GateDecisionReport {
  return {
    groupId: ctx.id.groupId,
    executionId: ctx.id.executionId,
    pause: ctx.pause.key,
    decision: decision.decision,
    result,
    reasons: decision.reasons,
    finishedAt: ctx.pause.finishedAt,
    decidedAt: new Date(ctx.nowMs).toISOString(),
    ...(ctx.id.rollbackOf === undefined ? {} : { rollbackOf: ctx.id.rollbackOf }),
    ...(detail === undefined ? {} : { detail }),
  };
}
