import { regionSupportsOos, regionUnsupportedMessage } from '../regions';
import { COMPLIANT, type GroupContext, type RuleVerdict, wait } from './verdict';

/** No rolling update in a region without OOS (the console seed lists them). */
export function regionSupported(ctx: GroupContext): RuleVerdict {
  return regionSupportsOos(ctx.group.regionId)
    ? COMPLIANT
    : wait('region-unsupported', regionUnsupportedMessage(ctx.group.regionId));
}
