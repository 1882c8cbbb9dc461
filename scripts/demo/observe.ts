// What the operator sees of each group, read through the public APIs (ESS,
// ECS, OOS) as the console would show it.
import type { CloudClients, Execution } from '../../shared/cloud/index';
import type { Policy } from '../../shared/domain/policy';
import { groupMatches } from '../../shared/domain/select';
import { isActiveExecution } from '../../shared/domain/snapshot';
import { EXECUTION_TAG } from '../../shared/domain/tags';
import { ROLLBACK_OF_TAG } from '../../shared/controller/gate/index';

export interface GroupView {
  groupId: string;
  name: string;
  managed: boolean;
  wave: string;
  configImageId: string | undefined;
  instances: number;
  /** Instances whose ECS image is the target image. */
  onTarget: number;
  /** Instances on the image the latest execution puts in place (a rollback's: the one its source replaced). */
  onGoal: number;
  /** The latest execution is rollgate's rollback of an earlier one. */
  rollingBack: boolean;
  /** Rolling-update executions of this group, oldest first. */
  executions: Execution[];
  batch: { current: number; total: number } | undefined;
  status: string;
}

export interface FleetView {
  at: string;
  groups: GroupView[];
}

const BATCH_MESSAGE = /Batch (\d+) of (\d+) finished/;

function batchOf(
  execution: Execution | undefined,
  finished: number,
  instances: number,
): { current: number; total: number } | undefined {
  if (execution === undefined) return undefined;
  const paused = BATCH_MESSAGE.exec(execution.statusMessage ?? '');
  if (paused) return { current: Number(paused[1]), total: Number(paused[2]) };
  // As the template's Fn::CalculateBatch: batchNumber batches at most, each of ceil(instances / batchNumber).
  const batchNumber = Number(execution.parameters['batchNumber'] ?? 0) || 1;
  const perBatch = Math.max(1, Math.ceil(instances / batchNumber));
  const total = Math.max(1, Math.ceil(instances / perBatch));
  if (execution.status === 'Success') return { current: total, total };
  return { current: Math.min(total, Math.floor(finished / perBatch) + 1), total };
}

/** The image an execution puts in place: a rollback's is the one its source execution replaced. */
function goalImage(executions: readonly Execution[], targetImageId: string): string {
  const latest = executions.at(-1);
  if (latest === undefined) return targetImageId;
  const source = latest.tags[ROLLBACK_OF_TAG];
  if (source === undefined) return String(latest.parameters['imageId'] ?? targetImageId);
  return String(executions.find((e) => e.executionId === source)?.parameters['sourceImageId'] ?? targetImageId);
}

function statusOf(view: Omit<GroupView, 'status'>, targetImageId: string): string {
  if (!view.managed) return 'unmanaged (not touched)';
  const latest = view.executions.at(-1);
  if (latest && isActiveExecution(latest)) {
    if (latest.status === 'Waiting')
      return /Batch/.test(latest.statusMessage ?? '') ? 'paused at batch gate' : 'paused on failure';
    return view.rollingBack ? 'rolling back' : 'rolling';
  }
  if (view.rollingBack && latest?.status === 'Success') return 'rolled back';
  if (view.configImageId === targetImageId && view.onTarget === view.instances)
    return latest?.status === 'Success' ? 'done' : 'up to date';
  if (latest?.status === 'Failed' || latest?.status === 'Cancelled') return `rollout ${latest.status.toLowerCase()}`;
  return 'waiting';
}

export async function observeFleet(
  clients: CloudClients,
  policy: Policy,
  targetImageId: string,
  now: string,
): Promise<FleetView> {
  const [groups, configurations, executions] = await Promise.all([
    clients.ess.listAllScalingGroups(),
    clients.ess.listAllScalingConfigurations({}),
    clients.oos.listAllExecutions({ templateName: 'ACS-ESS-RollingUpdate' }),
  ]);
  const views = await Promise.all(
    groups.map(async (g): Promise<GroupView> => {
      const managed = policy.targets.some((t) =>
        groupMatches(t.select, { id: g.scalingGroupId, name: g.scalingGroupName, tags: g.tags }),
      );
      const members = await clients.ess.listAllScalingInstances({ scalingGroupId: g.scalingGroupId });
      const ecs =
        members.length === 0
          ? []
          : await clients.ecs.listAllInstances({ instanceIds: members.map((m) => m.instanceId) });
      const mine = executions
        .filter((e) => e.tags[EXECUTION_TAG.scalingGroup] === g.scalingGroupId)
        .sort((a, b) => (a.startDate ?? '').localeCompare(b.startDate ?? ''));
      const onTarget = ecs.filter((i) => i.imageId === targetImageId).length;
      const latest = mine.at(-1);
      const goal = goalImage(mine, targetImageId);
      // An instance's batch is over only once it is back InService: its disk is new while it still stands by.
      const backInService = new Set(members.filter((m) => m.lifecycleState === 'InService').map((m) => m.instanceId));
      const finished = ecs.filter((i) => i.imageId === goal && backInService.has(i.instanceId)).length;
      const partial = {
        groupId: g.scalingGroupId,
        name: g.scalingGroupName,
        managed,
        wave: g.tags['rollgate:wave'] ?? '-',
        configImageId: configurations.find((c) => c.scalingConfigurationId === g.activeScalingConfigurationId)?.imageId,
        instances: members.length,
        onTarget,
        onGoal: ecs.filter((i) => i.imageId === goal).length,
        rollingBack: latest?.tags[ROLLBACK_OF_TAG] !== undefined,
        executions: mine,
        batch: batchOf(latest, finished, members.length),
      };
      return { ...partial, status: statusOf(partial, targetImageId) };
    }),
  );
  views.sort(
    (a, b) => Number(b.managed) - Number(a.managed) || a.wave.localeCompare(b.wave) || a.name.localeCompare(b.name),
  );
  return { at: now, groups: views };
}

/** Every managed group is on the target image with no rollout running. */
export function converged(view: FleetView, targetImageId: string): boolean {
  return view.groups
    .filter((g) => g.managed)
    .every(
      (g) => g.configImageId === targetImageId && g.onTarget === g.instances && !g.executions.some(isActiveExecution),
    );
}
