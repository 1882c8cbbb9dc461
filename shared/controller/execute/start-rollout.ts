import type { CloudClients } from '../../cloud/api';
import type { StartRolloutAction } from '../../domain/actions';
import type { ExecutionSnapshot } from '../../domain/snapshot';
import type { WriteResult } from './results';

/**
 * OOS pauses a failed instance instead of failing the whole execution, as the
 * ESS console runs rolling updates ("Pending (Failure Suspension)"), so the
 * gate can retry, skip or roll back (docs/decisions.md).
 */
export const ROLLOUT_MODE = 'FailurePause';

/**
 * Execution tag with the processes the group had suspended before the
 * rollout (comma list, `none`): after a cancel the gate resumes only what the
 * rollout itself suspended (shared/controller/gate/cancel.ts).
 */
export const PRE_SUSPENDED_TAG = 'rollgate:pre-suspended';

export function preSuspendedValue(suspended: readonly string[] | undefined): string {
  return suspended === undefined || suspended.length === 0 ? 'none' : [...suspended].sort().join(',');
}

function sameRollout(execution: ExecutionSnapshot, action: StartRolloutAction): boolean {
  return Object.entries(action.tags).every(([key, value]) => execution.tags[key] === value);
}

/**
 * Check-then-act: an execution already carrying this rollout's tags means it
 * was started (by an earlier run or a duplicate event) — nothing to do. The
 * ClientToken covers the race between the read and the start: OOS answers a
 * repeated token with the execution it already made.
 */
export async function startRollout(
  clients: CloudClients,
  known: readonly ExecutionSnapshot[],
  action: StartRolloutAction,
  suspendedBefore?: readonly string[],
): Promise<{ result: WriteResult; executionId: string }> {
  const existing = known.find((e) => sameRollout(e, action));
  if (existing) return { result: 'unchanged', executionId: existing.id };
  const execution = await clients.oos.startExecution({
    templateName: action.templateName,
    parameters: { ...action.parameters },
    tags: { ...action.tags, [PRE_SUSPENDED_TAG]: preSuspendedValue(suspendedBefore) },
    clientToken: action.clientToken,
    mode: ROLLOUT_MODE,
    description: action.description,
  });
  const repeated = known.some((e) => e.id === execution.executionId);
  return { result: repeated ? 'unchanged' : 'started', executionId: execution.executionId };
}
