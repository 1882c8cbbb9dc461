// What plan() asks the controller to do. A closed union: the controller
// executes each kind and nothing else.
import type { RollgateEvent } from './events';
import type { RolloutKind } from './policy/target';

export const WAIT_REASONS = [
  'region-unsupported',
  'group-inactive',
  'paused',
  'frozen',
  'no-desired-revision',
  'unknown-revision',
  'target-conflict',
  'no-scaling-configuration',
  'rollout-running',
  'rejected-revision',
  'attempts-exhausted',
  'scaling-activity',
  'no-instances',
  'not-in-wave',
  'wave-pending',
  'soaking',
  'window-closed',
  'concurrency-limit',
] as const;
export type WaitReason = (typeof WAIT_REASONS)[number];

/** OOS execution tags rollgate sets on every rollout. */
export interface RolloutTags {
  scaling_group: string;
  'rollgate:campaign': string;
  'rollgate:kind': RolloutKind;
  'rollgate:revision': string;
  'rollgate:attempt': string;
}

export interface StartRolloutAction {
  type: 'startRollout';
  groupId: string;
  targetName: string;
  kind: RolloutKind;
  revision: string;
  attempt: number;
  templateName: string;
  /** The exact OOS template `Parameters` object (the controller JSON-encodes it). */
  parameters: Readonly<Record<string, unknown>>;
  tags: RolloutTags;
  /** ≤ 64 ASCII characters, derived from (group, its newest execution): a repeated or racing start gets one execution. */
  clientToken: string;
  campaignId: string;
  description: string;
}

export interface WaitAction {
  type: 'wait';
  groupId: string;
  reason: WaitReason;
  detail: string;
  /** When re-planning may change the answer (window opens, soak ends), ISO 8601. */
  recheckAt?: string;
}

export interface TagGroupAction {
  type: 'tagGroup';
  groupId: string;
  /** Tags to set (create or overwrite). */
  tags: Readonly<Record<string, string>>;
  reason: string;
}

export interface EmitAction {
  type: 'emit';
  event: RollgateEvent;
}

export type Action = StartRolloutAction | WaitAction | TagGroupAction | EmitAction;

export type GroupVerdict = 'start' | 'wait' | 'satisfied' | 'unmanaged';

export interface GroupDecision {
  groupId: string;
  verdict: GroupVerdict;
  /** A wait reason, `satisfied`, `unmanaged` or `start`. */
  reason: string;
  detail: string;
  targetName?: string;
  kind?: RolloutKind;
  revision?: string;
  /** Set once the revision is known: `camp-` + hash of (target, kind, revision). */
  campaignId?: string;
}

export interface PlanResult {
  actions: Action[];
  decisions: GroupDecision[];
}
