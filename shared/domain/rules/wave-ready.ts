import { inService, satisfaction } from '../satisfied';
import { waveIndexOf } from '../waves';
import { COMPLIANT, notApplicable, type RevisionContext, type RuleVerdict, wait } from './verdict';

/** What the groups of waves before one wave say about one revision. */
export interface EarlierWaves {
  /** Groups not yet on the revision, as `name (wave)`. */
  pending: string[];
  /** When the last of them has soaked, epoch ms (0 when nothing soaks). */
  soakEnd: number;
}

const LISTED = 5;

function earlierWaves(ctx: RevisionContext, index: number): EarlierWaves {
  const { target, desired } = ctx;
  const pending: string[] = [];
  let soakEnd = 0;
  for (const { group: other, waveIndex: otherIndex } of ctx.targetMembers) {
    if (otherIndex === undefined || otherIndex >= index) continue;
    if (inService(other).length === 0) continue;
    const s = satisfaction(other, desired, ctx.historyOf(other.id));
    if (!s.satisfied) {
      pending.push(`${other.name} (${target.waves[otherIndex]?.name ?? otherIndex})`);
      continue;
    }
    const soakSeconds = target.waves[otherIndex]?.soakSeconds ?? 0;
    const since = s.since === undefined ? Number.NaN : Date.parse(s.since);
    if (!Number.isNaN(since)) soakEnd = Math.max(soakEnd, since + soakSeconds * 1000);
  }
  return { pending, soakEnd };
}

function listed(names: readonly string[]): string {
  return names.length <= LISTED
    ? names.join(', ')
    : `${names.slice(0, LISTED).join(', ')} and ${names.length - LISTED} more`;
}

/**
 * Waves run in order: a group starts only when every group of the earlier
 * waves (same target) runs the same revision and has soaked for its wave's
 * soak time. Groups without InService instances do not hold later waves back.
 * The answer depends only on (target, wave, revision), so one plan computes it once.
 */
export function waveReady(ctx: RevisionContext): RuleVerdict {
  const { target, group, desired, now } = ctx;
  const index = waveIndexOf(target, group);
  if (index === undefined) return wait('not-in-wave', `no wave of target ${target.name} selects this group`);
  if (index === 0) return notApplicable('first wave');
  const key = `${target.name}|${index}|${desired.kind}|${desired.revision}`;
  const earlier = ctx.waveCache.get(key) ?? earlierWaves(ctx, index);
  ctx.waveCache.set(key, earlier);
  const waveName = target.waves[index]?.name ?? String(index);
  if (earlier.pending.length > 0)
    return wait('wave-pending', `wave ${waveName} waits for ${desired.revision} on ${listed(earlier.pending)}`);
  if (earlier.soakEnd > now.getTime()) {
    const recheckAt = new Date(earlier.soakEnd).toISOString();
    return wait('soaking', `earlier waves soak until ${recheckAt}`, { recheckAt });
  }
  return COMPLIANT;
}
