import { satisfaction } from '../satisfied';
import { COMPLIANT, type RevisionContext, type RuleVerdict } from './verdict';

/** Never start a rollout that is already in place. */
export function notSatisfied(ctx: RevisionContext): RuleVerdict {
  const s = satisfaction(ctx.group, ctx.desired, ctx.history);
  return s.satisfied ? { verdict: 'non-compliant', outcome: 'satisfied', detail: s.detail } : COMPLIANT;
}
