// Everything one gate decision about one execution needs, read once.
import type { Execution } from '../../cloud/api';
import type { FailureAction } from '../../domain/policy';
import {
  GateSchema,
  RolloutSchema,
  kindOf,
  type Gate,
  type Policy,
  type Rollout,
  type RolloutKind,
  type Target,
} from '../../domain/policy';
import { groupMatches } from '../../domain/select';
import { EXECUTION_TAG } from '../../domain/tags';
import { withCorrelation, type Logger } from '../../log';
import type { ControllerDeps } from '../deps';
import type { GroupView } from './group';
import type { GateMemory } from './memory';
import type { PauseView } from './pause';
import type { GateState } from './state';

/** Execution tag on a rollback rollgate started: the execution it undoes. */
export const ROLLBACK_OF_TAG = 'rollgate:rollback-of';
/** Execution tag set at start: processes the group had suspended before the rollout (comma list, `none`). */
export { PRE_SUSPENDED_TAG } from '../execute/start-rollout';

export interface RolloutIdentity {
  executionId: string;
  groupId: string;
  campaignId: string;
  kind: RolloutKind;
  revision: string;
  /** Set on rollbacks rollgate started: the execution being undone. */
  rollbackOf?: string;
}

export interface GateSettings {
  gate: Gate;
  rollout: Rollout;
  /** What a failed gate does here: a rollback that fails is only ever held. */
  onFailure: FailureAction;
  targetName?: string;
}

export interface GateContext {
  deps: ControllerDeps;
  log: Logger;
  execution: Execution;
  id: RolloutIdentity;
  settings: GateSettings;
  view: GroupView;
  pause: PauseView;
  state: GateState;
  nowMs: number;
  /** The gate loop's memory (addresses already read); absent outside a loop. */
  memory?: GateMemory;
}

const KINDS: readonly RolloutKind[] = ['image', 'script', 'package'];

/** rollgate's identity of an execution from its tags, or undefined for executions rollgate did not start. */
export function identityOf(execution: Execution): RolloutIdentity | undefined {
  const groupId = execution.tags[EXECUTION_TAG.scalingGroup];
  const kind = execution.tags[EXECUTION_TAG.kind] as RolloutKind | undefined;
  const revision = execution.tags[EXECUTION_TAG.revision];
  if (groupId === undefined || kind === undefined || !KINDS.includes(kind) || revision === undefined) return undefined;
  const rollbackOf = execution.tags[ROLLBACK_OF_TAG];
  return {
    executionId: execution.executionId,
    groupId,
    campaignId: execution.tags[EXECUTION_TAG.campaign] ?? '',
    kind,
    revision,
    ...(rollbackOf === undefined ? {} : { rollbackOf }),
  };
}

/** The policy target that manages this group for this kind; defaults (and hold) when the policy no longer names it. */
export function settingsFor(
  policy: Policy,
  group: { id: string; name: string; tags: Record<string, string> },
  id: RolloutIdentity,
): GateSettings {
  const target: Target | undefined = policy.targets.find(
    (t) => kindOf(t) === id.kind && groupMatches(t.select, { id: group.id, name: group.name, tags: group.tags }),
  );
  const gate = target?.gate ?? GateSchema.parse({});
  const rollout = target?.rollout ?? RolloutSchema.parse({});
  const onFailure: FailureAction = id.rollbackOf !== undefined || target === undefined ? 'hold' : rollout.onFailure;
  return { gate, rollout, onFailure, ...(target === undefined ? {} : { targetName: target.name }) };
}

/** One turn's context for an execution of the group in `view`: its settings, and a log that names the rollout. */
export function gateContext(
  fields: Omit<GateContext, 'settings' | 'log' | 'memory'> & { memory?: GateMemory | undefined },
): GateContext {
  const { deps, view, id, memory, ...rest } = fields;
  const group = { id: view.group.scalingGroupId, name: view.group.scalingGroupName, tags: view.group.tags };
  const log = withCorrelation(deps.log, {
    groupId: id.groupId,
    executionId: id.executionId,
    campaignId: id.campaignId,
  });
  return {
    ...rest,
    deps,
    view,
    id,
    settings: settingsFor(deps.policy, group, id),
    log,
    ...(memory === undefined ? {} : { memory }),
  };
}
