// How a group's rollout ended, in the words of the summary. A group that ended
// on the revision it ran before is never reported as a success of the rollout.

export type RolloutOutcome =
  'rolled out' | 'rolled back' | 'held' | 'cancelled' | 'failed' | 'in progress' | 'unchanged';

export interface OutcomeInput {
  /** The group's executions for this revision, oldest first; `rollback` marks rollgate's rollback executions. */
  executions: ReadonlyArray<{ executionId: string; status: string; rollback: boolean }>;
  /** Executions a `rollout.held` event was sent for. */
  heldExecutionIds: ReadonlySet<string>;
  /** The revision the group runs now, and the one the rollout was to put in place. */
  now: string | undefined;
  target: string;
}

const ACTIVE = new Set(['Started', 'Queued', 'Running', 'Pending', 'Waiting']);

export function rolloutOutcome(input: OutcomeInput): RolloutOutcome {
  const latestRollback = input.executions.filter((e) => e.rollback).at(-1);
  if (latestRollback !== undefined) {
    if (latestRollback.status === 'Success') return 'rolled back';
    if (input.heldExecutionIds.has(latestRollback.executionId) && latestRollback.status === 'Waiting') return 'held';
    return ACTIVE.has(latestRollback.status) ? 'in progress' : 'failed';
  }
  const latest = input.executions.at(-1);
  if (latest === undefined) return 'unchanged';
  if (latest.status === 'Cancelled') return 'cancelled';
  if (latest.status === 'Waiting' && input.heldExecutionIds.has(latest.executionId)) return 'held';
  if (ACTIVE.has(latest.status)) return 'in progress';
  // Success of the execution is not enough: the group must run the new revision.
  return latest.status === 'Success' && input.now === input.target ? 'rolled out' : 'failed';
}
