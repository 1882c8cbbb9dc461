// status: where every managed group stands — per kind the revision it runs
// and the one it should run, the active rollout and its phase, the gate's
// latest verdict, the rejected revision, and its maintenance window.
import type { Policy } from '../domain/policy/schema';
import type { CloudClients } from '../cloud/api';
import type { GroupDecision, WaitAction } from '../domain/actions';
import { historyOf, invokeTypeOf, kindOfExecution, revisionOfExecution } from '../domain/history';
import { kindOf, type RolloutKind, type Target } from '../domain/policy';
import { groupMatches } from '../domain/select';
import { isActiveExecution, type ExecutionSnapshot, type GroupSnapshot } from '../domain/snapshot';
import { GROUP_TAG } from '../domain/tags';
import { desiredTagKey } from '../domain/group-tags';
import type { ControllerDeps } from '../controller/deps';
import { ROLLBACK_OF_TAG } from '../controller/gate/context';
import { decodeGateReason, decodeGateState, GATE_REASON_TAG, GATE_STATE_TAG } from '../controller/gate/state';
import { rereadExecution } from '../controller/gate/oos-writes';
import { readPause } from '../controller/gate/pause';
import { managedGroups, readView, type FleetView, type FreezeStatus } from './view';
import { windowStatus, type WindowStatus } from './window';
import { findGroup } from './groups';

export type RolloutPhase =
  'rolling' | 'paused at gate' | 'paused on failed instances' | 'held' | 'baking' | 'rolling back' | 'cancelling';

export interface ActiveRollout {
  executionId: string;
  kind: RolloutKind;
  revision: string;
  status: string;
  phase: RolloutPhase;
  /** Batch k of n at a pause (k finished); absent while the first batch runs. */
  batch?: { index: number; total: number };
  instances: { updated: number; total: number };
  rollbackOf?: string;
  startedAt?: string;
}

export interface GateVerdictStatus {
  executionId: string;
  pause: string;
  phase: string;
  verdict?: string;
  /** How many answers in a row gave this verdict, from when to when. */
  count?: number;
  since?: string;
  last?: string;
  heldSince?: string;
  /** The latest health-check answer's first reason (cut to what an ESS tag value holds). */
  reasons?: string[];
}

export interface KindStatus {
  kind: RolloutKind;
  target: string;
  /** What the group runs: the scaling configuration's image, or the newest successful script/package revision. */
  current?: string;
  desired?: string;
  /** `tag` (pinned by rollout) or `policy` (resolved from the policy's source). */
  desiredFrom?: 'tag' | 'policy';
  decision: { verdict: string; reason: string; detail: string; recheckAt?: string };
  window: WindowStatus;
}

export interface GroupStatus {
  groupId: string;
  name: string;
  paused: boolean;
  rejected?: string;
  kinds: KindStatus[];
  rollout?: ActiveRollout;
  gate?: GateVerdictStatus;
}

export interface StatusReport {
  at: string;
  region: string;
  /** The emergency freeze in force, if any: no rollout starts, running ones hold at their next batch pause. */
  freeze?: FreezeStatus;
  groups: GroupStatus[];
}

const iso = (seconds: number | undefined): string | undefined =>
  seconds === undefined ? undefined : new Date(seconds * 1000).toISOString();

function currentRevision(
  group: GroupSnapshot,
  executions: readonly ExecutionSnapshot[],
  kind: RolloutKind,
): string | undefined {
  if (kind === 'image') return group.activeScalingConfiguration?.imageId;
  const newest = executions.find((e) => e.status === 'Success' && kindOfExecution(e) === kind);
  if (newest === undefined || invokeTypeOf(newest) !== 'invoke') return undefined;
  return revisionOfExecution(newest);
}

function phaseOf(execution: ExecutionSnapshot, group: GroupSnapshot, failurePause: boolean): RolloutPhase {
  if (execution.tags[ROLLBACK_OF_TAG] !== undefined) return 'rolling back';
  const state = decodeGateState(group.tags[GATE_STATE_TAG]);
  if (state?.executionId === execution.id && state.phase === 'rollback') return 'rolling back';
  if (execution.status !== 'Waiting') return 'rolling';
  if (state?.executionId === execution.id && state.phase === 'held') return 'held';
  if (state?.executionId === execution.id && state.phase === 'cancel') return 'cancelling';
  return failurePause ? 'paused on failed instances' : 'paused at gate';
}

/**
 * A rollback decided (the gate state says so) whose source has ended and whose own execution is not listed yet: the
 * group is rolling back, not cancelled, between the source's cancel and the rollback's start (or a turn cut short
 * there, which the gate's next turn finishes).
 */
function rollbackNotStarted(
  group: GroupSnapshot,
  executions: readonly ExecutionSnapshot[],
): ExecutionSnapshot | undefined {
  const state = decodeGateState(group.tags[GATE_STATE_TAG]);
  if (state?.phase !== 'rollback') return undefined;
  if (executions.some((e) => e.tags[ROLLBACK_OF_TAG] === state.executionId)) return undefined;
  return executions.find((e) => e.id === state.executionId);
}

/** Instances the execution has updated so far (its loop items that succeeded). */
async function updatedInstances(clients: CloudClients, executionId: string): Promise<number> {
  const tasks = await clients.oos.listAllTaskExecutions({ executionId, includeChildTaskExecution: true });
  return new Set(
    tasks.filter((t) => t.loopItem !== undefined && t.loopItem !== '' && t.status === 'Success').map((t) => t.loopItem),
  ).size;
}

async function activeRollout(
  clients: CloudClients,
  group: GroupSnapshot,
  executions: readonly ExecutionSnapshot[],
): Promise<ActiveRollout | undefined> {
  const total = group.instances.filter(
    (i) => i.lifecycleState === 'InService' || i.lifecycleState === 'Standby',
  ).length;
  const active = executions.find(isActiveExecution);
  if (active !== undefined) {
    const kind = kindOfExecution(active) ?? 'image';
    const fresh = active.status === 'Waiting' ? await rereadExecution(clients, active.id) : undefined;
    const pause = fresh === undefined ? undefined : await readPause(clients, fresh);
    return {
      executionId: active.id,
      kind,
      revision: revisionOfExecution(active) ?? '',
      status: active.status,
      phase: phaseOf(active, group, pause?.kind === 'failure'),
      ...(pause === undefined ? {} : { batch: { index: pause.batch, total: pause.total } }),
      instances: { updated: await updatedInstances(clients, active.id), total },
      ...(active.tags[ROLLBACK_OF_TAG] === undefined ? {} : { rollbackOf: active.tags[ROLLBACK_OF_TAG] }),
      ...(active.startDate === undefined ? {} : { startedAt: active.startDate }),
    };
  }
  const rollingBack = rollbackNotStarted(group, executions);
  if (rollingBack !== undefined) {
    return {
      executionId: rollingBack.id,
      kind: kindOfExecution(rollingBack) ?? 'image',
      revision: revisionOfExecution(rollingBack) ?? '',
      status: rollingBack.status,
      phase: 'rolling back',
      instances: { updated: await updatedInstances(clients, rollingBack.id), total },
    };
  }
  if (group.finalBake === undefined) return undefined;
  const baked = executions.find((e) => e.id === group.finalBake?.executionId);
  if (baked === undefined) return undefined;
  return {
    executionId: baked.id,
    kind: kindOfExecution(baked) ?? 'image',
    revision: revisionOfExecution(baked) ?? '',
    status: baked.status,
    phase: group.finalBake.state === 'held' ? 'held' : 'baking',
    instances: { updated: total, total },
    ...(baked.startDate === undefined ? {} : { startedAt: baked.startDate }),
  };
}

function gateStatus(group: GroupSnapshot): GateVerdictStatus | undefined {
  const state = decodeGateState(group.tags[GATE_STATE_TAG]);
  if (state === undefined) return undefined;
  const heldSince = iso(state.heldSince);
  const reason = decodeGateReason(group.tags[GATE_REASON_TAG], state);
  return {
    executionId: state.executionId,
    pause: state.pause,
    phase: state.phase,
    ...(state.run === undefined
      ? {}
      : {
          verdict: state.run.verdict,
          count: state.run.count,
          since: iso(state.run.since) as string,
          last: iso(state.run.last) as string,
        }),
    ...(heldSince === undefined ? {} : { heldSince }),
    ...(reason === undefined ? {} : { reasons: [reason] }),
  };
}

function decisionFor(view: FleetView, group: GroupSnapshot, target: Target): GroupDecision | undefined {
  return view.plan.decisions.find((d) => d.groupId === group.id && d.targetName === target.name);
}

function recheckAtOf(view: FleetView, groupId: string, reason: string): string | undefined {
  const wait = view.plan.actions.find(
    (a): a is WaitAction => a.type === 'wait' && a.groupId === groupId && a.reason === reason,
  );
  return wait?.recheckAt;
}

function kindStatus(
  policy: Pick<Policy, 'windows'>,
  view: FleetView,
  group: GroupSnapshot,
  target: Target,
  executions: readonly ExecutionSnapshot[],
): KindStatus {
  const kind = kindOf(target);
  const decision = decisionFor(view, group, target);
  const pinned = group.tags[desiredTagKey(kind)];
  const desired = decision?.revision ?? (pinned === '' ? undefined : pinned);
  const current = currentRevision(group, executions, kind);
  const recheckAt = decision === undefined ? undefined : recheckAtOf(view, group.id, decision.reason);
  return {
    kind,
    target: target.name,
    ...(current === undefined ? {} : { current }),
    ...(desired === undefined
      ? {}
      : { desired, desiredFrom: pinned !== undefined && pinned !== '' ? 'tag' : 'policy' }),
    decision: {
      verdict: decision?.verdict ?? 'unmanaged',
      reason: decision?.reason ?? 'unmanaged',
      detail: decision?.detail ?? '',
      ...(recheckAt === undefined ? {} : { recheckAt }),
    },
    window: windowStatus(policy, target, kind, group, view.at),
  };
}

export async function groupStatus(deps: ControllerDeps, view: FleetView, group: GroupSnapshot): Promise<GroupStatus> {
  const executions = historyOf(view.snapshot, group.id).executions;
  const targets = deps.policy.targets.filter((t) => groupMatches(t.select, group));
  const paused = group.tags[GROUP_TAG.paused];
  const rejected = [
    GROUP_TAG.rejectedImage,
    GROUP_TAG.rejectedScript,
    GROUP_TAG.rejectedPackage,
    GROUP_TAG.legacyRejected,
  ]
    .map((k) => group.tags[k])
    .find((v) => v !== undefined && v !== '');
  const rollout = await activeRollout(deps.clients, group, executions);
  const gate = gateStatus(group);
  return {
    groupId: group.id,
    name: group.name,
    paused: paused !== undefined && paused !== 'false',
    ...(rejected === undefined || rejected === '' ? {} : { rejected }),
    kinds: targets.map((t) => kindStatus(deps.policy, view, group, t, executions)),
    ...(rollout === undefined ? {} : { rollout }),
    ...(gate === undefined ? {} : { gate }),
  };
}

/** Every managed group, or the one `groupRef` names (id or name). */
export async function status(deps: ControllerDeps, groupRef?: string): Promise<StatusReport> {
  const view = await readView(deps);
  const groups = groupRef === undefined ? managedGroups(deps, view.snapshot) : [findGroup(view.snapshot, groupRef)];
  const statuses = await Promise.all(groups.map((g) => groupStatus(deps, view, g)));
  return {
    at: view.at.toISOString(),
    region: view.snapshot.regionId,
    ...(view.freeze === undefined ? {} : { freeze: view.freeze }),
    groups: statuses,
  };
}
