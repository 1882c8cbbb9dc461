// failureAction cancel: cancel the execution, then do what the console leaves
// to a person: resume the scaling processes this rollout suspended (not those
// suspended before it started, recorded in its `rollgate:pre-suspended` tag)
// and move the instances it left in Standby back to InService.
import type { CloudClients, Execution } from '../../cloud/api';
import { PRE_SUSPENDED_TAG } from './context';
import { lostRace } from './oos-writes';

export interface CancelResult {
  cancelled: 'done' | 'unchanged';
  resumed: string[];
  exitedStandby: string[];
}

function listParam(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string' && value !== '') {
    try {
      return listParam(JSON.parse(value));
    } catch {
      return value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    }
  }
  return [];
}

/** Processes suspended before the rollout: the tag written at start; absent means none. */
export function preSuspendedOf(execution: Pick<Execution, 'tags'>): string[] {
  const raw = execution.tags[PRE_SUSPENDED_TAG];
  if (raw === undefined || raw === '' || raw === 'none') return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Processes the rollout suspended and that are still suspended now. */
export function processesToResume(
  execution: Pick<Execution, 'tags' | 'parameters'>,
  suspendedNow: readonly string[],
): string[] {
  const before = new Set(preSuspendedOf(execution));
  const entered = listParam(execution.parameters['enterProcess']);
  return entered.filter((p) => !before.has(p) && suspendedNow.includes(p));
}

/**
 * `itemInstanceIds`: the instances the execution worked on; only those are
 * moved out of Standby (an instance an operator parked before is left alone).
 */
export async function cancelAndClean(
  clients: CloudClients,
  execution: Execution,
  groupId: string,
  itemInstanceIds: readonly string[],
): Promise<CancelResult> {
  let cancelled: CancelResult['cancelled'] = 'done';
  try {
    await clients.oos.cancelExecution({ executionId: execution.executionId });
  } catch (error) {
    if (!lostRace(error)) throw error;
    cancelled = 'unchanged';
  }
  const [groups, standby] = await Promise.all([
    clients.ess.describeScalingGroups({ scalingGroupIds: [groupId] }),
    clients.ess.listAllScalingInstances({ scalingGroupId: groupId, lifecycleStates: ['Standby'] }),
  ]);
  const suspendedNow = groups.scalingGroups.find((g) => g.scalingGroupId === groupId)?.suspendedProcesses ?? [];
  const resumed = processesToResume(execution, suspendedNow);
  if (resumed.length > 0) await clients.ess.resumeProcesses({ scalingGroupId: groupId, processes: resumed });
  const items = new Set(itemInstanceIds);
  const exitedStandby = standby
    .filter((i) => i.lifecycleState === 'Standby' && items.has(i.instanceId))
    .map((i) => i.instanceId);
  if (exitedStandby.length > 0) await clients.ess.exitStandby({ scalingGroupId: groupId, instanceIds: exitedStandby });
  return { cancelled, resumed, exitedStandby };
}
