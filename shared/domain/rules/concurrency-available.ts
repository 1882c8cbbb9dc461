import { COMPLIANT, type RevisionContext, type RuleVerdict, wait } from './verdict';

/** At most `maxConcurrentGroups` groups update at once, across the whole snapshot. */
export function concurrencyAvailable(ctx: RevisionContext): RuleVerdict {
  const { inUse, limit } = ctx.concurrency;
  return inUse < limit ? COMPLIANT : wait('concurrency-limit', `${inUse} group(s) updating, at most ${limit} at once`);
}
