// readSnapshot: the domain snapshot for one reconcile, read in two stages so
// that API calls grow with pages, not with groups:
//  1. the fleet (groups, configurations, executions as far back as they
//     decide anything, images), paged;
//  2. instances, activities and the whole execution history, only for the
//     groups `selectForDetail` picks from a draft snapshot (the reconcile asks
//     the planner) in which every other group's instances are stand-ins
//     counted from its capacity.
import type { CloudClients, ScalingGroup } from '../../cloud/api';
import type { Policy } from '../../domain/policy';
import {
  isActiveExecution,
  type ExecutionSnapshot,
  type GroupSnapshot,
  type InstanceSnapshot,
  type Snapshot,
} from '../../domain/snapshot';
import { groupMatches } from '../../domain/select';
import { sourcesDecide } from '../../domain/plan';
import { executionsByGroup, kindOfExecution } from '../../domain/history';
import { toGroupSnapshot } from './map';
import { mapLimited } from '../../concurrency';
import { decodeGateState, GATE_STATE_TAG } from '../gate/state';
import { capacityUnsettled, inferredActivity, readGroupDetail, type GroupDetail } from './read-detail';
import type { FleetNarrowing } from './narrow';
import { readFleet, readNarrowedFleet, type Fleet } from './read-fleet';
import { mergeExecutions, readGroupHistory } from './read-history';

/**
 * Which groups a reconcile may act on: those named, and/or those the named
 * targets select. An empty scope (`{}`) is every group.
 */
export interface ReconcileScope {
  groupIds?: readonly string[];
  targetNames?: readonly string[];
}

export const ALL_GROUPS: ReconcileScope = {};

export function inScope(
  scope: ReconcileScope,
  policy: Policy,
  group: Pick<GroupSnapshot, 'id' | 'name' | 'tags'>,
): boolean {
  if (scope.groupIds === undefined && scope.targetNames === undefined) return true;
  if (scope.groupIds?.includes(group.id)) return true;
  const targets = policy.targets.filter((t) => scope.targetNames?.includes(t.name));
  return targets.some((t) => groupMatches(t.select, group));
}

export interface SnapshotOptions {
  regionId: string;
  /** Given a snapshot without instances, the ids of the groups whose instances and activities must be read. */
  selectForDetail?: (draft: Snapshot) => readonly string[];
  /** Concurrent per-group reads (default 8). */
  detailConcurrency?: number;
  /**
   * Read only the groups this narrowing keeps (and those with a rollout running), when the draft made from them
   * is `enough` to decide; otherwise the whole fleet, as without it.
   */
  narrowTo?: { narrowing: FleetNarrowing; enough: (draft: Snapshot) => boolean };
  /**
   * Read the configurations and the policy's images (and `alongside`, the recorded freeze) only when some group
   * in scope could be decided by them (`sourcesDecide`): a reconcile that finds every managed group's rollout in
   * flight reads the groups and the history only (docs/decisions.md, "The reconcile reads only what its decisions
   * need"). `alongside` runs whenever the sources are read, and beside a narrowed read.
   */
  lazySources?: { alongside?: () => Promise<unknown>; now: Date };
}

export interface SnapshotRead {
  /** The draft itself (the same object) when no group was read in detail. */
  snapshot: Snapshot;
  /** The detail-less snapshot the selection was made from. */
  draft: Snapshot;
  detailedGroupIds: string[];
  /** Whether the narrowed read was kept (`narrowTo`). */
  narrowed: boolean;
  /** Whether the configurations and images were read (`lazySources` may leave them unread). */
  sourcesRead: boolean;
}

/** The fleet with its executions indexed once, so per-group lookups never scan them all. */
interface IndexedFleet extends Fleet {
  executionsOf: Map<string, ExecutionSnapshot[]>;
  executionById: Map<string, ExecutionSnapshot>;
}

function indexed(fleet: Fleet, executions: ExecutionSnapshot[] = fleet.executions): IndexedFleet {
  return {
    ...fleet,
    executions,
    executionsOf: executionsByGroup(executions),
    executionById: new Map(executions.map((e) => [e.id, e])),
  };
}

function draftGroup(fleet: IndexedFleet, group: ScalingGroup, regionId: string): GroupSnapshot {
  const configuration = fleet.configurations.get(group.scalingGroupId);
  return withFinalBake(
    fleet,
    group,
    toGroupSnapshot(group, regionId, configuration, {
      instances: unreadInstances(group, imageOfInstances(fleet, group.scalingGroupId, configuration?.imageId)),
      scalingActivities: capacityUnsettled(group) ? [inferredActivity(group)] : [],
    }),
  );
}

/** The gate's state (group tag) says the final bake of the group's successful execution has not passed. */
function withFinalBake(fleet: IndexedFleet, group: ScalingGroup, snapshot: GroupSnapshot): GroupSnapshot {
  const state = decodeGateState(group.tags[GATE_STATE_TAG]);
  if (state === undefined || state.pause !== 'final' || (state.phase !== 'bake' && state.phase !== 'held'))
    return snapshot;
  const execution = fleet.executionById.get(state.executionId);
  if (execution?.status !== 'Success') return snapshot;
  return {
    ...snapshot,
    finalBake: { executionId: state.executionId, state: state.phase === 'held' ? 'held' : 'baking' },
  };
}

/**
 * The image a group's instances run, as far as it can be known without
 * reading each instance: with no rolling update in flight, every instance was
 * launched from (or updated to) the active configuration's image; during one
 * the template has already switched the configuration, so it is unknown
 * (docs/decisions.md, "Snapshot without per-instance reads"). It is unknown
 * too when the group's latest image rollout stopped half way (failed or
 * cancelled): the configuration names its image, some instances still run
 * the one before.
 */
function imageOfInstances(fleet: IndexedFleet, groupId: string, configImageId: string | undefined): string | undefined {
  const executions = fleet.executionsOf.get(groupId) ?? [];
  if (executions.some(isActiveExecution)) return undefined;
  const lastImageRollout = executions.find((e) => kindOfExecution(e) === 'image');
  return lastImageRollout !== undefined && STOPPED_HALF_WAY.includes(lastImageRollout.status)
    ? undefined
    : configImageId;
}

const STOPPED_HALF_WAY: readonly string[] = ['Failed', 'Cancelled'];

/**
 * Stand-ins for a group's instances that were not read: as many as its
 * capacity, InService. Identical for every group of the same size and image,
 * so one frozen list is shared (a 1,000-group fleet costs a few lists, not
 * 50,000 objects).
 */
const standIns = new Map<string, readonly InstanceSnapshot[]>();

function unreadInstances(group: ScalingGroup, imageId: string | undefined): readonly InstanceSnapshot[] {
  const count = group.totalCapacity ?? group.desiredCapacity ?? 0;
  const key = `${count}|${imageId ?? ''}`;
  let list = standIns.get(key);
  if (list === undefined) {
    list = Object.freeze(
      Array.from({ length: count }, (_, i) =>
        Object.freeze({
          id: `(not read #${i + 1})`,
          lifecycleState: 'InService' as const,
          healthStatus: 'Healthy' as const,
          ...(imageId === undefined ? {} : { imageId }),
        }),
      ),
    );
    if (standIns.size < 1000) standIns.set(key, list);
  }
  return list;
}

function draftOf(fleet: IndexedFleet, regionId: string): Snapshot {
  return {
    regionId,
    images: fleet.images,
    executions: fleet.executions,
    groups: fleet.groups.map((g) => draftGroup(fleet, g, regionId)),
  };
}

/** The fleet and its draft: narrowed when asked and enough, else the whole fleet. */
async function readDraft(
  clients: CloudClients,
  policy: Policy,
  scope: ReconcileScope,
  options: SnapshotOptions,
): Promise<{ fleet: IndexedFleet; draft: Snapshot; narrowed: boolean; sourcesRead: boolean }> {
  const lazy = options.lazySources;
  if (options.narrowTo !== undefined) {
    const [narrowedFleet] = await Promise.all([
      readNarrowedFleet(clients, policy, options.narrowTo.narrowing),
      lazy?.alongside?.(),
    ]);
    const fleet = indexed(narrowedFleet);
    const draft = draftOf(fleet, options.regionId);
    if (options.narrowTo.enough(draft)) return { fleet, draft, narrowed: true, sourcesRead: true };
  }
  const decides = (g: GroupSnapshot) => inScope(scope, policy, g);
  const read = await readFleet(
    clients,
    policy,
    lazy === undefined
      ? undefined
      : {
          // The stage-one draft: no configurations, no images; every group's final bake and history are in it.
          needed: (first) =>
            sourcesDecide(
              draftOf(indexed({ ...first, configurations: new Map(), images: [] }), options.regionId),
              policy,
              decides,
              lazy.now,
            ),
          ...(lazy.alongside === undefined ? {} : { alongside: lazy.alongside }),
        },
  );
  const fleet = indexed(read);
  return { fleet, draft: draftOf(fleet, options.regionId), narrowed: false, sourcesRead: read.sourcesRead };
}

export async function readSnapshot(
  clients: CloudClients,
  policy: Policy,
  scope: ReconcileScope,
  options: SnapshotOptions,
): Promise<SnapshotRead> {
  const { fleet: draftFleet, draft, narrowed, sourcesRead } = await readDraft(clients, policy, scope, options);

  const scoped = draftFleet.groups.filter((g) =>
    inScope(scope, policy, { id: g.scalingGroupId, name: g.scalingGroupName, tags: g.tags }),
  );
  const selected = options.selectForDetail === undefined ? undefined : new Set(options.selectForDetail(draft));
  const toDetail = scoped.filter((g) => selected === undefined || selected.has(g.scalingGroupId));
  const details = await mapLimited(toDetail, options.detailConcurrency ?? 8, async (g) => {
    const history = draftFleet.historyComplete(g.scalingGroupId)
      ? Promise.resolve([])
      : readGroupHistory(clients, g.scalingGroupId);
    const [detail, groupHistory] = await Promise.all([readGroupDetail(clients, g), history]);
    return { detail, history: groupHistory };
  });
  // Nothing read in detail: the snapshot is the draft itself (the caller may keep what it worked out from it).
  if (details.length === 0) return { snapshot: draft, draft, detailedGroupIds: [], narrowed, sourcesRead };
  const detailById = new Map<string, GroupDetail>(
    toDetail.map((g, i) => [g.scalingGroupId, (details[i] as { detail: GroupDetail }).detail]),
  );
  // A detailed group's whole history, read after the fleet's, replaces the fleet listing's copies.
  const fleet = indexed(draftFleet, mergeExecutions(...details.map((d) => d.history), draftFleet.executions));
  const base = { regionId: options.regionId, images: fleet.images, executions: fleet.executions };

  const groups = fleet.groups.map((g) => {
    const detail = detailById.get(g.scalingGroupId);
    if (detail === undefined) return draftGroup(fleet, g, options.regionId);
    const configuration = fleet.configurations.get(g.scalingGroupId);
    const imageId = imageOfInstances(fleet, g.scalingGroupId, configuration?.imageId);
    const instances = detail.instances.map((i) =>
      imageId === undefined || i.imageId !== undefined ? i : { ...i, imageId },
    );
    return withFinalBake(fleet, g, toGroupSnapshot(g, options.regionId, configuration, { ...detail, instances }));
  });
  return {
    snapshot: { ...base, groups },
    draft,
    detailedGroupIds: [...detailById.keys()],
    narrowed,
    sourcesRead,
  };
}
