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
/** Group tag: instances launched during a rollout, repaired when it ends (comma list; `none` when there are none). */
export const DRIFT_PENDING_TAG = 'rollgate:drift-pending';

export interface DriftReport {
  repairs: Array<{ revision: string; invokeId: string; instanceIds: string[] }>;
  detected: number;
  deferred: string[];
}

/** The instances a group's `rollgate:drift-pending` tag lists. */
export function pendingDrift(tags: Readonly<Record<string, string>>): string[] {
  const value = tags[DRIFT_PENDING_TAG] ?? 'none';
  return value === 'none' ? [] : value.split(',').filter((id) => id !== '');
}

/** ESS tag values hold 128 characters: instances beyond that are reported instead of remembered. */
const MAX_PENDING_CHARS = 128;

export async function repairDrift(
  deps: ControllerDeps,
  groupId: string,
  launchedIds: readonly string[],
): Promise<DriftReport> {
  const now = new Date(deps.now());
  const read = await readSnapshot(
    deps.clients,
    deps.policy,
    { groupIds: [groupId] },
    { regionId: deps.regionId, selectForDetail: () => [groupId] },
  );
  const plan = planDriftRepair(read.snapshot, deps.policy, groupId, launchedIds, now);
  const report: DriftReport = { repairs: [], detected: plan.events.length, deferred: plan.deferred };
  if (plan.deferred.length > 0)
    await remember(deps, groupId, read.snapshot.groups.find((g) => g.id === groupId)?.tags ?? {}, plan.deferred);
  for (const repair of plan.repairs) {
    const { invokeId } = await deps.clients.ecs.runCommand({
      instanceIds: repair.instanceIds,
      commandContent: repair.content,
      type: repair.commandType,
      name: repair.name,
      clientToken: repair.clientToken,
    });
    await deps.clients.ess.tagResources({
      resourceIds: [groupId],
      tags: { [DRIFT_REPAIR_TAG]: `${repair.revision} ${invokeId} ${repair.instanceIds.join(',')}`.slice(0, 128) },
    });
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
    deps.log.info(
      { groupId, revision: repair.revision, invokeId, instances: repair.instanceIds },
      'drift repair started',
    );
    report.repairs.push({ revision: repair.revision, invokeId, instanceIds: repair.instanceIds });
  }
  for (const event of plan.events) {
    await publishEvent(deps.clients, deps.eventsTopic, event);
    deps.log.warn({ groupId, eventId: event.id, revision: event.revision }, event.message);
  }
  return report;
}

async function remember(
  deps: ControllerDeps,
  groupId: string,
  tags: Readonly<Record<string, string>>,
  deferred: readonly string[],
): Promise<void> {
  const ids = [...new Set([...pendingDrift(tags), ...deferred])].sort();
  const kept: string[] = [];
  for (const id of ids) if ([...kept, id].join(',').length <= MAX_PENDING_CHARS) kept.push(id);
  const lost = ids.filter((id) => !kept.includes(id));
  await deps.clients.ess.tagResources({ resourceIds: [groupId], tags: { [DRIFT_PENDING_TAG]: kept.join(',') } });
  deps.log.info({ groupId, pending: kept }, 'instances launched during a rollout: repaired when it ends');
  if (lost.length > 0) {
    const event = makeEvent({
      type: 'drift.detected',
      at: new Date(deps.now()).toISOString(),
      groupId,
      message: `${lost.length} instance(s) launched during a rollout of ${groupId} are not remembered for repair; the next rollout covers them`,
      detail: { instances: lost },
    });
    await publishEvent(deps.clients, deps.eventsTopic, event);
  }
}

/**
 * Instances launched during a rollout, once no rollout of the group runs: the
 * repair runs as for a scale-out now, then the tag is cleared.
 */
export async function finishPendingDrift(
  deps: ControllerDeps,
  groups: ReadonlyArray<{ id: string; tags: Readonly<Record<string, string>> }>,
  busyGroupIds: ReadonlySet<string>,
): Promise<DriftReport[]> {
  const reports: DriftReport[] = [];
  for (const group of groups) {
    const pending = pendingDrift(group.tags);
    if (pending.length === 0 || busyGroupIds.has(group.id)) continue;
    const report = await repairDrift(deps, group.id, pending);
    if (report.deferred.length === 0)
      await deps.clients.ess.tagResources({ resourceIds: [group.id], tags: { [DRIFT_PENDING_TAG]: 'none' } });
    reports.push(report);
  }
  return reports;
}
