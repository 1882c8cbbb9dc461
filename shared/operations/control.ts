// Operator actions on one group: approve a held pause, pause / resume new
// batches, abort (cancel with the gate's cleanup), roll back, and retry a
// rejected revision. Each re-reads the group first and says `unchanged` when
// the request has already had its effect.
import type { RolloutKind } from '../domain/policy/target';
import { rejectedTagKey } from '../domain/group-tags';
import { pausedTagAction } from '../domain/group-tags';
import { plan } from '../domain/plan';
import { GROUP_TAG, IMAGE_TAG_REJECTED } from '../domain/tags';
import type { GroupSnapshot, Snapshot } from '../domain/snapshot';
import type { Execution } from '../cloud/api';
import type { ControllerDeps } from '../controller/deps';
import { tagGroup } from '../controller/execute/tag-group';
import { cancelAndClean } from '../controller/gate/cancel';
import { identityOf, ROLLBACK_OF_TAG } from '../controller/gate/context';
import { notifyAtPause } from '../controller/gate/oos-writes';
import { readCancelledPause, readPause } from '../controller/gate/pause';
import { rollBack } from '../controller/gate/rollback';
import { RolloutRaceLost } from '../controller/execute/race';
import { saveGateState } from '../controller/gate/save-state';
import {
  decodeGateState,
  encodeGateState,
  GATE_STATE_TAG,
  stateForPause,
  type GateState,
} from '../controller/gate/state';
import { reconcile } from '../controller/reconcile';
import { withCorrelation } from '../log';
import { OperationError } from './errors';
import { announce, isActive, readGroupState } from './group-state';
import { GroupActionRequestSchema, parseRequest } from './requests';

export type GroupAction = 'approve' | 'pause' | 'resume' | 'abort' | 'rollback' | 'retry';
export const GROUP_ACTIONS: readonly GroupAction[] = ['approve', 'pause', 'resume', 'abort', 'rollback', 'retry'];

export interface GroupActionReport {
  action: GroupAction;
  groupId: string;
  name: string;
  result: 'done' | 'unchanged';
  detail: string;
  executionId?: string;
  [key: string]: unknown;
}

type Handler = (
  deps: ControllerDeps,
  groupRef: string,
  reason: string,
  revision: string | undefined,
) => Promise<GroupActionReport>;

function reportOf(
  action: GroupAction,
  group: { id: string; name: string },
  result: 'done' | 'unchanged',
  detail: string,
  extra: Record<string, unknown> = {},
): GroupActionReport {
  return { action, groupId: group.id, name: group.name, result, detail, ...extra };
}

const approve: Handler = async (deps, groupRef, reason) => {
  const { view, group, executions } = await readGroupState(deps, groupRef);
  const state = decodeGateState(group.tags[GATE_STATE_TAG]);
  const execution = executions.find((e) => e.executionId === state?.executionId);
  const id = execution === undefined ? undefined : identityOf(execution);
  if (
    state === undefined ||
    execution === undefined ||
    id === undefined ||
    (state.phase === 'done' && !isActive(execution))
  ) {
    if (state?.phase === 'done')
      return reportOf('approve', group, 'unchanged', 'nothing is held: the pause was already decided');
    throw new OperationError(
      'conflict',
      `no rollout is held on group ${group.name}`,
      'groupId',
      'only a pause the gate held for an operator can be approved; see status',
    );
  }
  if (state.phase === 'done')
    return reportOf(
      'approve',
      group,
      'unchanged',
      `pause ${state.pause} of ${execution.executionId} was already decided`,
      { executionId: execution.executionId },
    );
  if (state.phase !== 'held') {
    throw new OperationError(
      'conflict',
      `the rollout on ${group.name} is not held (gate phase ${state.phase}); the gate decides it`,
      'groupId',
      'wait for the gate, or abort or roll back',
    );
  }
  if (state.pause.startsWith('x')) {
    // At a failure pause OOS waits for RetryTask/SkipTask per failed instance, not for Approve.
    throw new OperationError(
      'conflict',
      `the rollout on ${group.name} is held on failed instances (pause ${state.pause})`,
      'groupId',
      'abort or roll back; approving failed instances is not offered',
    );
  }
  const note = `rollgate: approved by an operator: ${reason}`;
  const moved =
    state.pause === 'final'
      ? 'done'
      : await notifyAtPause(deps.clients, state.pause, {
          executionId: execution.executionId,
          notifyType: 'Approve',
          notifyNote: note,
        });
  await saveGateState(deps.clients, group.id, group.tags[GATE_STATE_TAG], { ...state, phase: 'done' });
  withCorrelation(deps.log, { groupId: group.id, executionId: execution.executionId, campaignId: id.campaignId }).info(
    { pause: state.pause, reason, result: moved },
    'held pause approved',
  );
  await announce(
    deps,
    view.at,
    state.pause === 'final' ? 'rollout.succeeded' : 'batch.passed',
    { groupId: group.id, executionId: execution.executionId, campaignId: id.campaignId, revision: id.revision },
    `${id.kind} ${id.revision} on ${group.name}: held pause ${state.pause} approved by an operator (${reason})`,
    { pause: state.pause },
  );
  return reportOf('approve', group, 'done', `pause ${state.pause} approved`, {
    executionId: execution.executionId,
    pause: state.pause,
    continued: moved,
  });
};

function pauseOrResume(paused: boolean): Handler {
  return async (deps, groupRef, reason) => {
    const action: GroupAction = paused ? 'pause' : 'resume';
    const { group } = await readGroupState(deps, groupRef);
    const written = await tagGroup(deps.clients, group, pausedTagAction(group.id, paused, reason));
    withCorrelation(deps.log, { groupId: group.id }).info(
      { paused, reason, result: written.result },
      `group ${action}d`,
    );
    const detail = paused
      ? 'no new rollout starts and no further batch is approved until resume'
      : 'new rollouts and batches go on';
    return reportOf(action, group, written.result === 'unchanged' ? 'unchanged' : 'done', detail);
  };
}

/** Rejects the revision on the group (tag only): an aborted revision is not started again by the next reconcile. */
async function rejectOnGroup(
  deps: ControllerDeps,
  group: { id: string; tags: Readonly<Record<string, string>> },
  kind: RolloutKind,
  revision: string,
): Promise<void> {
  if (group.tags[rejectedTagKey(kind)] === revision) return;
  await deps.clients.ess.tagResources({ resourceIds: [group.id], tags: { [rejectedTagKey(kind)]: revision } });
}

/** Every group tag that may reject a revision: one per kind, and the shared one of earlier releases. */
const REJECTION_KEYS: readonly string[] = [
  GROUP_TAG.rejectedImage,
  GROUP_TAG.rejectedScript,
  GROUP_TAG.rejectedPackage,
  GROUP_TAG.legacyRejected,
];

/** The rejection tags naming `revision`, or (no revision given) the first rejection tag set on the group. */
function rejectionTags(
  tags: Readonly<Record<string, string>>,
  revision: string | undefined,
): { revision?: string; keys: string[] } {
  const wanted = revision ?? REJECTION_KEYS.map((k) => tags[k]).find((v) => v !== undefined && v !== '');
  if (wanted === undefined) return { keys: [] };
  return { revision: wanted, keys: REJECTION_KEYS.filter((k) => tags[k] === wanted) };
}

const abort: Handler = async (deps, groupRef, reason) => {
  const { view, group, executions } = await readGroupState(deps, groupRef);
  const active = executions.find(isActive);
  if (active === undefined) {
    const newest = executions[0];
    const newestId = newest === undefined ? undefined : identityOf(newest);
    if (newest?.status === 'Cancelled' && newestId !== undefined)
      return reportOf('abort', group, 'unchanged', `${newest.executionId} is already cancelled`, {
        executionId: newest.executionId,
      });
    throw new OperationError(
      'conflict',
      `no rollout is running on group ${group.name}`,
      'groupId',
      'see status; a finished rollout can be rolled back',
    );
  }
  const id = identityOf(active);
  if (id === undefined)
    throw new OperationError(
      'conflict',
      `execution ${active.executionId} on ${group.name} was not started by rollgate`,
      'groupId',
      'cancel it in the OOS console',
    );
  // Recorded first, as the gate's own cancel: a cleanup cut short is finished by the gate's next turn.
  const { state: cancelling } = await recordDecision(deps, view.at, group, active, 'cancel');
  const worked = await readCancelledPause(deps.clients, active, cancelling.pause);
  const cleaned = await cancelAndClean(deps.clients, active, group.id, worked.itemInstanceIds);
  await rejectOnGroup(deps, group, id.kind, id.revision);
  await saveGateState(deps.clients, group.id, encodeGateState(cancelling), { ...cancelling, phase: 'done' });
  withCorrelation(deps.log, { groupId: group.id, executionId: active.executionId, campaignId: id.campaignId }).info(
    { reason, ...cleaned },
    'rollout aborted',
  );
  await announce(
    deps,
    view.at,
    'rollout.cancelled',
    { groupId: group.id, executionId: active.executionId, campaignId: id.campaignId, revision: id.revision },
    `${id.kind} ${id.revision} on ${group.name} aborted by an operator (${reason})`,
    {
      resumedProcesses: cleaned.resumed,
      exitedStandby: cleaned.exitedStandby,
    },
  );
  return reportOf('abort', group, 'done', `cancelled; ${id.revision} rejected on the group until retry`, {
    executionId: active.executionId,
    resumedProcesses: cleaned.resumed,
    exitedStandby: cleaned.exitedStandby,
  });
};

const rollback: Handler = async (deps, groupRef, reason) => {
  const { view, group, executions } = await readGroupState(deps, groupRef);
  const newest = executions.find((e) => isActive(e) || e.status === 'Success');
  const existing =
    newest === undefined
      ? undefined
      : newest.tags[ROLLBACK_OF_TAG] !== undefined
        ? newest
        : executions.find((e) => e.tags[ROLLBACK_OF_TAG] === newest.executionId);
  if (existing !== undefined)
    return reportOf('rollback', group, 'unchanged', `already rolled back by ${existing.executionId}`, {
      executionId: existing.executionId,
    });
  const id = newest === undefined ? undefined : identityOf(newest);
  if (newest === undefined || id === undefined)
    throw new OperationError(
      'conflict',
      `group ${group.name} has no rollgate rollout to roll back`,
      'groupId',
      'see status',
    );
  if (newest.status !== 'Waiting' && newest.status !== 'Success') {
    throw new OperationError(
      'conflict',
      `${newest.executionId} on ${group.name} is ${newest.status}; OOS rolls back a paused or finished execution`,
      'groupId',
      'pause the group and roll back at the next pause, or abort',
    );
  }
  // Recorded first, as the gate's own rollback: one cut short is finished by the gate's next turn, and status shows
  // the group rolling back meanwhile.
  const { state: deciding, batch } = await recordDecision(deps, view.at, group, newest, 'rollback');
  let result: Awaited<ReturnType<typeof rollBack>>;
  try {
    result = await rollBack(deps.clients, newest, id, group.tags);
  } catch (error) {
    // A reconcile started the group's next rolling update first: that one runs, not a rollback.
    if (error instanceof RolloutRaceLost)
      throw new OperationError(
        'conflict',
        error.message,
        'groupId',
        'see status; roll back the rollout that started instead',
      );
    throw error;
  }
  await saveGateState(deps.clients, group.id, encodeGateState(deciding), { ...deciding, phase: 'done' });
  withCorrelation(deps.log, { groupId: group.id, executionId: newest.executionId, campaignId: id.campaignId }).info(
    { reason, ...result },
    'rollback requested by an operator',
  );
  // With the pause's batch, the event has the id of the gate's own rejection: a gate turn that finished this rollback
  // meanwhile announced the same fact, and the notifier drops the repeat.
  await announce(
    deps,
    view.at,
    'revision.rejected',
    { groupId: group.id, executionId: newest.executionId, campaignId: id.campaignId, revision: id.revision },
    `${id.kind} ${id.revision} on ${group.name} rolled back by an operator (${reason}): ${result.rollbackExecutionId}`,
    {
      rollbackExecutionId: result.rollbackExecutionId,
      ...(batch === undefined ? {} : { batch }),
    },
  );
  return reportOf(
    'rollback',
    group,
    result.started === 'started' ? 'done' : 'unchanged',
    `rolling back ${id.revision}`,
    { executionId: result.rollbackExecutionId, sourceExecutionId: newest.executionId },
  );
};

/** Writes the gate state that says `phase` was decided for `execution`'s current pause, before acting on it. */
async function recordDecision(
  deps: ControllerDeps,
  at: Date,
  group: GroupSnapshot,
  execution: Execution,
  phase: 'cancel' | 'rollback',
): Promise<{ state: GateState; batch?: number }> {
  const pause = await readPause(deps.clients, execution);
  const stored = decodeGateState(group.tags[GATE_STATE_TAG]);
  const key = pause?.key ?? (stored?.executionId === execution.executionId ? stored.pause : 'b0');
  const state = { ...stateForPause(stored, execution.executionId, key, Math.floor(at.getTime() / 1000)), phase };
  await saveGateState(deps.clients, group.id, group.tags[GATE_STATE_TAG], state);
  return pause === undefined ? { state } : { state, batch: pause.batch };
}

function withoutRejection(snapshot: Snapshot, groupId: string, revision: string): Snapshot {
  return {
    ...snapshot,
    groups: snapshot.groups.map((g) =>
      g.id === groupId
        ? {
            ...g,
            tags: Object.fromEntries(
              Object.entries(g.tags).filter(([k, v]) => !(REJECTION_KEYS.includes(k) && v === revision)),
            ),
          }
        : g,
    ),
    images: snapshot.images.map((i) =>
      i.id === revision ? { ...i, tags: { ...i.tags, [IMAGE_TAG_REJECTED]: 'false' } } : i,
    ),
  };
}

const retry: Handler = async (deps, groupRef, reason, revisionArg) => {
  const { view, group } = await readGroupState(deps, groupRef);
  const rejection = rejectionTags(group.tags, revisionArg);
  const revision = rejection.revision;
  const tagged = rejection.keys.length > 0 ? revision : undefined;
  if (revision === undefined) return reportOf('retry', group, 'unchanged', 'no revision is rejected on this group');
  const image = view.snapshot.images.find((i) => i.id === revision);
  const imageRejected = image?.tags[IMAGE_TAG_REJECTED] === 'true';
  if (tagged !== revision && !imageRejected)
    return reportOf('retry', group, 'unchanged', `${revision} is not rejected by a tag on this group`);
  // What the plan says once the tags are cleared: a revision a rollback undid stays rejected (the execution history says so).
  const after = plan(withoutRejection(view.snapshot, group.id, revision), deps.policy, view.at).decisions.find(
    (d) => d.groupId === group.id && d.revision === revision,
  );
  if (
    after !== undefined &&
    after.verdict === 'wait' &&
    (after.reason === 'rejected-revision' || after.reason === 'attempts-exhausted')
  ) {
    throw new OperationError(
      'unprocessable',
      `${revision} stays rejected on ${group.name}: ${after.detail}`,
      'revision',
      'roll a new image or revision',
    );
  }
  if (tagged === revision && rejection.keys.length > 0)
    await deps.clients.ess.untagResources({ resourceIds: [group.id], tagKeys: rejection.keys });
  if (imageRejected)
    await deps.clients.ecs.tagResources({
      resourceType: 'image',
      resourceIds: [revision],
      tags: { [IMAGE_TAG_REJECTED]: 'false' },
    });
  withCorrelation(deps.log, { groupId: group.id }).info({ revision, reason }, 'rejection cleared by an operator');
  const reconciled = await reconcile(deps, { groupIds: [group.id] });
  const decision = reconciled.decisions.find((d) => d.groupId === group.id && d.revision === revision);
  return reportOf(
    'retry',
    group,
    'done',
    `${revision} may roll again: ${decision?.verdict ?? 'planned'} ${decision?.reason ?? ''}`.trim(),
    { revision },
  );
};

const HANDLERS: Readonly<Record<GroupAction, Handler>> = {
  approve,
  pause: pauseOrResume(true),
  resume: pauseOrResume(false),
  abort,
  rollback,
  retry,
};

export async function groupAction(
  deps: ControllerDeps,
  action: GroupAction,
  groupRef: string,
  input: unknown = {},
): Promise<GroupActionReport> {
  const request = parseRequest(GroupActionRequestSchema, input ?? {});
  return HANDLERS[action](deps, groupRef, request.reason ?? `${action} requested`, request.revision);
}
