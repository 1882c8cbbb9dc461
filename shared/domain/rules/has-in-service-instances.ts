import { inService } from '../satisfied';
import { COMPLIANT, type RevisionContext, type RuleVerdict, wait } from './verdict';

/** Rolling updates touch only InService instances; with none, the template ends without doing anything. */
export function hasInServiceInstances(ctx: RevisionContext): RuleVerdict {
  if (inService(ctx.group).length > 0) return COMPLIANT;
  return wait('no-instances', `no InService instance (${ctx.group.instances.length} instance(s) in other states)`);
}
