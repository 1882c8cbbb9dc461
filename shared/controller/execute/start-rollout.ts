import type { CloudClients } from '../../cloud/api';
import type { StartRolloutAction } from '../../domain/actions';
import type { ExecutionSnapshot } from '../../domain/snapshot';
import { EXECUTION_TAG } from '../../domain/tags';
import { isTokenMismatch, RolloutRaceLost } from './race';
import type { WriteResult } from './results';

/**
 * OOS pauses a failed instance instead of failing the whole execution, as the
 * ESS console runs rolling updates ("Pending (Failure Suspension)"), so the
 * gate can retry, skip or roll back (docs/decisions.md).
 */
export const ROLLOUT_MODE = 'FailurePause';

/**
 * Every execution rollgate starts skips OOS's per-action confirmation, as the
 * ESS console's rolling updates do: the default (ConfirmEveryHighRiskAction)
 * would wait for a person at each high-risk action.
 */
export const SAFETY_CHECK = 'Skip';

/**
 * Execution tag with the processes the group had suspended before the
 * rollout (comma list, `none`): after a cancel the gate resumes only what the
 * rollout itself suspended (shared/controller/gate/cancel.ts).
 */
export const PRE_SUSPENDED_TAG = 'rollgate:pre-suspended';

/** Execution tags rollgate adds at start from what it read: not part of the rollout's identity. */
export interface StartContext {
  /** The group's suspended processes before the rollout. */
  suspendedBefore?: readonly string[];
  /** Package rollouts: the version the group ran before, if known. */
  previousPackage?: string;
}

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
  context: StartContext = {},
): Promise<{ result: WriteResult; executionId: string }> {
  const existing = known.find((e) => sameRollout(e, action));
  if (existing) return { result: 'unchanged', executionId: existing.id };
  const previous: Record<string, string> =
    action.kind === 'package' ? { [EXECUTION_TAG.previousPackage]: context.previousPackage ?? 'none' } : {};
  let execution: Awaited<ReturnType<CloudClients['oos']['startExecution']>>;
  try {
    execution = await clients.oos.startExecution({
      templateName: action.templateName,
      parameters: { ...action.parameters },
      tags: { ...action.tags, [PRE_SUSPENDED_TAG]: preSuspendedValue(context.suspendedBefore), ...previous },
      clientToken: action.clientToken,
      mode: ROLLOUT_MODE,
      safetyCheck: SAFETY_CHECK,
      description: action.description,
    });
  } catch (error) {
    if (isTokenMismatch(error)) throw new RolloutRaceLost(action.groupId, undefined);
    throw error;
  }
  // The token names the slot after the group's newest execution: another revision's execution here means
  // another start (a racing reconcile, or the gate's rollback) took it first.
  if (!Object.entries(action.tags).every(([key, value]) => execution.tags[key] === value))
    throw new RolloutRaceLost(action.groupId, execution.executionId);
  const repeated = known.some((e) => e.id === execution.executionId);
  return { result: repeated ? 'unchanged' : 'started', executionId: execution.executionId };
}
