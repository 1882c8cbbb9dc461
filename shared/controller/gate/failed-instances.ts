// A failure pause: instances that failed to update are retried
// (NotifyExecution RetryTask), then skipped (SkipTask) when the policy allows
// that many failed instances. OOS leaves a skipped instance in Standby, so the
// gate moves it back to InService.
import type { CloudClients } from '../../cloud/api';
import { notifyAtPause, type WriteOutcome } from './oos-writes';
import type { FailedItem } from './pause';

export async function retryInstances(
  clients: CloudClients,
  executionId: string,
  pauseKey: string,
  failed: readonly FailedItem[],
  instanceIds: readonly string[],
): Promise<WriteOutcome> {
  const tasks = failed.filter((f) => instanceIds.includes(f.instanceId)).map((f) => f.taskExecutionId);
  if (tasks.length === 0) return 'unchanged';
  return notifyAtPause(clients, pauseKey, {
    executionId,
    notifyType: 'RetryTask',
    taskExecutionIds: tasks,
    notifyNote: `rollgate: retry ${instanceIds.join(', ')}`,
  });
}

export async function skipInstances(
  clients: CloudClients,
  executionId: string,
  groupId: string,
  pauseKey: string,
  failed: readonly FailedItem[],
  instanceIds: readonly string[],
): Promise<{ skipped: WriteOutcome; exitedStandby: string[] }> {
  const tasks = failed.filter((f) => instanceIds.includes(f.instanceId)).map((f) => f.taskExecutionId);
  if (tasks.length === 0) return { skipped: 'unchanged', exitedStandby: [] };
  const skipped = await notifyAtPause(clients, pauseKey, {
    executionId,
    notifyType: 'SkipTask',
    taskExecutionIds: tasks,
    notifyNote: `rollgate: skip ${instanceIds.join(', ')} (within the allowed failed instances)`,
  });
  const standby = await clients.ess.listAllScalingInstances({ scalingGroupId: groupId, lifecycleStates: ['Standby'] });
  const exitedStandby = standby
    .filter((i) => i.lifecycleState === 'Standby' && instanceIds.includes(i.instanceId))
    .map((i) => i.instanceId);
  if (exitedStandby.length > 0) await clients.ess.exitStandby({ scalingGroupId: groupId, instanceIds: exitedStandby });
  return { skipped, exitedStandby };
}
