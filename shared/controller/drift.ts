// Drift repair after a scale-out: the group's script revision is run on the
// instances ESS just launched (Cloud Assistant RunCommand, idempotent by its
// ClientToken), the invocation is recorded on the group and followed by later
// reconciles until every instance has exited (drift.repaired / drift.failed),
// and every drift that waits for the next rollout is published as an event.
import { makeEvent } from '../domain/events';
import { driftEvent, planDriftRepair, type DriftPlan } from '../domain/drift';
import type { Snapshot } from '../domain/snapshot';
import { behindAfter, encodeBehind } from '../domain/group-tags';
import { GROUP_TAG } from '../domain/tags';
import type { ControllerDeps } from './deps';
import { publishEvent } from './execute/publish-event';
import { readSnapshot } from './snapshot/read-snapshot';

/**
 * Group tag: the last drift repair, `<revision> <invokeId> <state> <instances>` with state `running`, `succeeded`
 * or `failed` (the output is in Cloud Assistant). A value without the state (written before it was followed) is
 * running.
 */
export const DRIFT_REPAIR_TAG = 'rollgate:drift-repair';

export type RepairState = 'running' | 'succeeded' | 'failed';
const REPAIR_STATES: readonly string[] = ['running', 'succeeded', 'failed'];

export interface RecordedRepair {
  revision: string;
  invokeId: string;
  state: RepairState;
  instanceIds: string[];
}

export function encodeRepair(repair: RecordedRepair): string {
  return `${repair.revision} ${repair.invokeId} ${repair.state} ${repair.instanceIds.join(',')}`.slice(0, 128);
}

export function decodeRepair(value: string | undefined): RecordedRepair | undefined {
  const [revision, invokeId, third, fourth] = (value ?? '').split(' ');
  if (revision === undefined || revision === '' || invokeId === undefined || invokeId === '') return undefined;
  const stated = third !== undefined && REPAIR_STATES.includes(third);
  const instances = (stated ? fourth : third) ?? '';
  return {
    revision,
    invokeId,
    state: stated ? (third as RepairState) : 'running',
    instanceIds: instances.split(',').filter((id) => id !== ''),
  };
}
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
      tags: {
        [DRIFT_REPAIR_TAG]: encodeRepair({
          revision: repair.revision,
          invokeId,
          state: 'running',
          instanceIds: repair.instanceIds,
        }),
      },
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
  if (plan.packageBehind !== undefined)
    await recordPackageBehind(deps, read.snapshot, groupId, plan.packageBehind, now);
  for (const event of plan.events) {
    await publishEvent(deps.clients, deps.eventsTopic, event);
    deps.log.warn({ groupId, eventId: event.id, revision: event.revision }, event.message);
  }
  return report;
}

/**
 * New instances the package execution in place did not cover (its loop items say which it did: one launched as it
 * started, or while it ran, may have been): recorded on the group before they are announced, so the next reconcile
 * starts one follow-up rollout of the same version from the record alone.
 */
async function recordPackageBehind(
  deps: ControllerDeps,
  snapshot: Snapshot,
  groupId: string,
  behind: NonNullable<DriftPlan['packageBehind']>,
  now: Date,
): Promise<void> {
  const group = snapshot.groups.find((g) => g.id === groupId);
  if (group === undefined) return;
  const tasks = await deps.clients.oos.listAllTaskExecutions({
    executionId: behind.executionId,
    includeChildTaskExecution: true,
  });
  const covered = new Set(tasks.filter((t) => t.status === 'Success').map((t) => t.loopItem));
  const lacking = behind.instanceIds.filter((id) => !covered.has(id));
  if (lacking.length === 0) return;
  // Already recorded for this execution (another scale-out, a redelivery): one follow-up covers them all.
  if (behindAfter(group.tags, behind.executionId) === 0)
    await deps.clients.ess.tagResources({
      resourceIds: [groupId],
      tags: { [GROUP_TAG.behind]: encodeBehind(behind.executionId, lacking.length) },
    });
  const message = `${lacking.length} new instance(s) of ${group.name} lack package ${behind.revision}: a follow-up rollout of it installs it`;
  const event = driftEvent(group, 'package', behind.revision, lacking, message, now);
  await publishEvent(deps.clients, deps.eventsTopic, event);
  deps.log.warn({ groupId, eventId: event.id, revision: event.revision }, event.message);
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

/** Cloud Assistant states of one instance's run that are not final yet. */
const UNFINISHED: readonly string[] = ['Pending', 'Scheduled', 'Running', 'Stopping'];

export interface FollowedRepair {
  groupId: string;
  invokeId: string;
  state: RepairState;
  failed: string[];
}

/**
 * The recorded repairs still running, followed once each: when every instance's run has ended, the outcome (exit
 * code 0 on all of them, or which failed) is published (`drift.repaired` / `drift.failed`), then written on the group.
 * A publish that fails leaves the tag `running`, so the next reconcile publishes it (same id).
 */
export async function followDriftRepairs(
  deps: ControllerDeps,
  groups: ReadonlyArray<{ id: string; name: string; tags: Readonly<Record<string, string>> }>,
): Promise<FollowedRepair[]> {
  const followed: FollowedRepair[] = [];
  for (const group of groups) {
    const repair = decodeRepair(group.tags[DRIFT_REPAIR_TAG]);
    if (repair?.state !== 'running') continue;
    const { invocationResults } = await deps.clients.ecs.describeInvocationResults({ invokeId: repair.invokeId });
    if (invocationResults.length === 0 || invocationResults.some((r) => UNFINISHED.includes(r.invocationStatus)))
      continue;
    const failed = invocationResults
      .filter((r) => r.invocationStatus !== 'Success' || (r.exitCode ?? 0) !== 0)
      .map((r) => r.instanceId)
      .sort();
    const state: RepairState = failed.length === 0 ? 'succeeded' : 'failed';
    const exitCodes = invocationResults.map((r) => `${r.instanceId}: ${r.exitCode ?? '?'}`).sort();
    await publishEvent(
      deps.clients,
      deps.eventsTopic,
      makeEvent({
        type: state === 'succeeded' ? 'drift.repaired' : 'drift.failed',
        at: new Date(deps.now()).toISOString(),
        groupId: group.id,
        revision: repair.revision,
        message:
          state === 'succeeded'
            ? `script ${repair.revision} ran on ${invocationResults.length} new instance(s) of ${group.name}: every one exited 0`
            : `script ${repair.revision} failed on ${failed.length} of ${invocationResults.length} new instance(s) ` +
              `of ${group.name} (${exitCodes.join(', ')}); the next script rollout covers them`,
        detail: { kind: 'script', invokeId: repair.invokeId, instances: repair.instanceIds, failedInstances: failed },
      }),
    );
    await deps.clients.ess.tagResources({
      resourceIds: [group.id],
      tags: { [DRIFT_REPAIR_TAG]: encodeRepair({ ...repair, state }) },
    });
    deps.log[state === 'succeeded' ? 'info' : 'warn'](
      { groupId: group.id, revision: repair.revision, invokeId: repair.invokeId, failed },
      `drift repair ${state}`,
    );
    followed.push({ groupId: group.id, invokeId: repair.invokeId, state, failed });
  }
  return followed;
}
