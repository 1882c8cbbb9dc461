// Drift repair after a scale-out: the group's script revision is run on the
// instances ESS just launched (Cloud Assistant RunCommand, idempotent by its
// ClientToken), the invocation is recorded on the group, and every repair or
// drift that waits for the next rollout is published as an event.
import { makeEvent } from '../domain/events';
import { planDriftRepair } from '../domain/drift';
import type { ControllerDeps } from './deps';
import { publishEvent } from './execute/publish-event';
import { readSnapshot } from './snapshot/read-snapshot';

/** Group tag: the last drift repair, `<revision> <invokeId> <instances>` (its output is in Cloud Assistant). */
export const DRIFT_REPAIR_TAG = 'rollgate:drift-repair';

export interface DriftReport {
  repairs: Array<{ revision: string; invokeId: string; instanceIds: string[] }>;
  detected: number;
}

export async function repairDrift(deps: ControllerDeps, groupId: string, launchedIds: readonly string[]): Promise<DriftReport> {
  const now = new Date(deps.now());
  const read = await readSnapshot(deps.clients, deps.policy, { groupIds: [groupId] }, { regionId: deps.regionId, selectForDetail: () => [groupId] });
  const plan = planDriftRepair(read.snapshot, deps.policy, groupId, launchedIds, now);
  const report: DriftReport = { repairs: [], detected: plan.events.length };
  for (const repair of plan.repairs) {
    const { invokeId } = await deps.clients.ecs.runCommand({
      instanceIds: repair.instanceIds,
      commandContent: repair.content,
      type: repair.commandType,
      name: repair.name,
      clientToken: repair.clientToken,
    });
    await deps.clients.ess.tagResources({ resourceIds: [groupId], tags: { [DRIFT_REPAIR_TAG]: `${repair.revision} ${invokeId} ${repair.instanceIds.join(',')}`.slice(0, 128) } });
    await publishEvent(
      deps.clients,
      deps.eventsTopic,
      makeEvent({
        type: 'drift.repair_started',
        at: now.toISOString(),
        groupId,
        revision: repair.revision,
        message: `script ${repair.revision} running on ${repair.instanceIds.length} new instance(s) of ${groupId} (invocation ${invokeId})`,
        detail: { kind: 'script', instances: repair.instanceIds, invokeId },
      }),
    );
    deps.log.info({ groupId, revision: repair.revision, invokeId, instances: repair.instanceIds }, 'drift repair started');
    report.repairs.push({ revision: repair.revision, invokeId, instanceIds: repair.instanceIds });
  }
  for (const event of plan.events) {
    await publishEvent(deps.clients, deps.eventsTopic, event);
    deps.log.warn({ groupId, eventId: event.id, revision: event.revision }, event.message);
  }
  return report;
}
