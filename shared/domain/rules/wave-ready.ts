import { historyOf } from '../history';
import { inService, satisfaction } from '../satisfied';
import { groupMatches } from '../select';
import { waveIndexOf } from '../waves';
import { COMPLIANT, notApplicable, type RevisionContext, type RuleVerdict, wait } from './verdict';

/**
 * Waves run in order: a group starts only when every group of the earlier
 * waves (same target) runs the same revision and has soaked for its wave's
 * soak time. Groups without InService instances do not hold later waves back.
 */
export function waveReady(ctx: RevisionContext): RuleVerdict {
  const { target, group, desired, snapshot, now } = ctx;
  const index = waveIndexOf(target, group);
  if (index === undefined) return wait('not-in-wave', `no wave of target ${target.name} selects this group`);
  if (index === 0) return notApplicable('first wave');
  const pending: string[] = [];
  let soakEnd = 0;
  for (const other of snapshot.groups) {
    if (other.id === group.id || !groupMatches(target.select, other)) continue;
    const otherIndex = waveIndexOf(target, other);
    if (otherIndex === undefined || otherIndex >= index) continue;
    if (inService(other).length === 0) continue;
    const s = satisfaction(other, desired, historyOf(snapshot, other.id));
    if (!s.satisfied) {
      pending.push(`${other.name} (${target.waves[otherIndex]?.name ?? otherIndex})`);
      continue;
    }
    const soakSeconds = target.waves[otherIndex]?.soakSeconds ?? 0;
    const since = s.since === undefined ? Number.NaN : Date.parse(s.since);
    if (!Number.isNaN(since)) soakEnd = Math.max(soakEnd, since + soakSeconds * 1000);
  }
  const waveName = target.waves[index]?.name ?? String(index);
  if (pending.length > 0) return wait('wave-pending', `wave ${waveName} waits for ${desired.revision} on ${pending.join(', ')}`);
  if (soakEnd > now.getTime()) {
    const recheckAt = new Date(soakEnd).toISOString();
    return wait('soaking', `earlier waves soak until ${recheckAt}`, { recheckAt });
  }
  return COMPLIANT;
}
