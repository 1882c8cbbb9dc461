// Planner rules are small pure functions with a closed verdict (cdk-nag
// style): compliant lets planning go on, not-applicable says the rule does not
// concern this group, non-compliant stops planning the group with a wait (and
// maybe repair actions) or with "already satisfied".
import type { Action, WaitReason } from '../actions';
import type { GroupHistory } from '../history';
import type { Policy } from '../policy/schema';
import type { RolloutKind, Target } from '../policy/target';
import type { DesiredRevision } from '../revision';
import type { GroupSnapshot, Snapshot } from '../snapshot';
import type { WaveMember } from '../waves';

export type RuleVerdict =
  | { verdict: 'compliant' }
  | { verdict: 'not-applicable'; why: string }
  | {
      verdict: 'non-compliant';
      outcome: 'wait';
      reason: WaitReason;
      detail: string;
      recheckAt?: string;
      actions?: Action[];
    }
  | { verdict: 'non-compliant'; outcome: 'satisfied'; detail: string };

export interface GroupContext {
  group: GroupSnapshot;
  target: Target;
  kind: RolloutKind;
  /** Other targets of the same kind that also select this group. */
  competingTargets: readonly string[];
  policy: Policy;
  snapshot: Snapshot;
  history: GroupHistory;
  /** Every group this target selects, with its wave. */
  targetMembers: readonly WaveMember[];
  /** Any group's history (waves look at the groups of earlier waves). */
  historyOf: (groupId: string) => GroupHistory;
  now: Date;
}

export interface RevisionContext extends GroupContext {
  desired: DesiredRevision;
  /** Groups updating now (including starts planned earlier in this plan) and the limit. */
  concurrency: { inUse: number; limit: number };
  /** Groups that another target's rollout already starts in this plan. */
  startingGroups: ReadonlySet<string>;
  /** Per-plan memo of the earlier-waves check, keyed by (target, wave, kind, revision). */
  waveCache: Map<string, { pending: string[]; soakEnd: number }>;
}

export type GroupRule = (ctx: GroupContext) => RuleVerdict;
export type RevisionRule = (ctx: RevisionContext) => RuleVerdict;

export const COMPLIANT: RuleVerdict = { verdict: 'compliant' };

export function wait(
  reason: WaitReason,
  detail: string,
  extra: { recheckAt?: string; actions?: Action[] } = {},
): RuleVerdict {
  return { verdict: 'non-compliant', outcome: 'wait', reason, detail, ...extra };
}

export function notApplicable(why: string): RuleVerdict {
  return { verdict: 'not-applicable', why };
}
