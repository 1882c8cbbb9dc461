// readSnapshot: the domain snapshot for one reconcile, read in two stages so
// that API calls grow with pages, not with groups:
//  1. the fleet (groups, configurations, executions, images), paged;
//  2. instances and activities, only for the groups `selectForDetail` picks
//     from a draft snapshot that has none (the reconcile asks the planner).
import type { CloudClients, ScalingGroup } from '../../cloud/api';
import type { Policy } from '../../domain/policy';
import type { GroupSnapshot, Snapshot } from '../../domain/snapshot';
import { groupMatches } from '../../domain/select';
import { toGroupSnapshot } from './map';
import { capacityUnsettled, inferredActivity, mapLimited, readGroupDetail, type GroupDetail } from './read-detail';
import { readFleet, type Fleet } from './read-fleet';

/**
 * Which groups a reconcile may act on: those named, and/or those the named
 * targets select. An empty scope (`{}`) is every group.
 */
export interface ReconcileScope {
  groupIds?: readonly string[];
  targetNames?: readonly string[];
}

export const ALL_GROUPS: ReconcileScope = {};

export function inScope(scope: ReconcileScope, policy: Policy, group: Pick<GroupSnapshot, 'id' | 'name' | 'tags'>): boolean {
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
}

export interface SnapshotRead {
  snapshot: Snapshot;
  /** The detail-less snapshot the selection was made from. */
  draft: Snapshot;
  detailedGroupIds: string[];
}

function draftGroup(fleet: Fleet, group: ScalingGroup, regionId: string): GroupSnapshot {
  return toGroupSnapshot(group, regionId, fleet.configurations.get(group.scalingGroupId), {
    instances: [],
    scalingActivities: capacityUnsettled(group) ? [inferredActivity(group)] : [],
  });
}

export async function readSnapshot(clients: CloudClients, policy: Policy, scope: ReconcileScope, options: SnapshotOptions): Promise<SnapshotRead> {
  const fleet = await readFleet(clients, policy);
  const base = { regionId: options.regionId, images: fleet.images, executions: fleet.executions };
  const draft: Snapshot = { ...base, groups: fleet.groups.map((g) => draftGroup(fleet, g, options.regionId)) };

  const scoped = fleet.groups.filter((g) => inScope(scope, policy, { id: g.scalingGroupId, name: g.scalingGroupName, tags: g.tags }));
  const selected = options.selectForDetail === undefined ? undefined : new Set(options.selectForDetail(draft));
  const toDetail = scoped.filter((g) => selected === undefined || selected.has(g.scalingGroupId));
  const details = await mapLimited(toDetail, options.detailConcurrency ?? 8, (g) => readGroupDetail(clients, g));
  const detailById = new Map<string, GroupDetail>(toDetail.map((g, i) => [g.scalingGroupId, details[i] as GroupDetail]));

  const groups = fleet.groups.map((g) => {
    const detail = detailById.get(g.scalingGroupId);
    return detail === undefined ? draftGroup(fleet, g, options.regionId) : toGroupSnapshot(g, options.regionId, fleet.configurations.get(g.scalingGroupId), detail);
  });
  return { snapshot: { ...base, groups }, draft, detailedGroupIds: [...detailById.keys()] };
}
