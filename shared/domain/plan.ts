// plan(snapshot, policy, now): the whole decision of one reconcile, pure.
// Every managed group is run through the rules in order; the first
// non-compliant verdict decides it, else its rollout starts.
import type { Action, GroupDecision, PlanResult } from './actions';
import { makeEvent } from './events';
import { historyIndex } from './history';
import type { Policy } from './policy/schema';
import { kindOf, type Target } from './policy/target';
import { resolveDesired } from './revision';
import { occurrenceOf, scheduledDesired, scheduledRunFor } from './scheduled-action';
import { campaignIdFor, startRolloutAction } from './rollout-request';
import { GROUP_RULES, LISTING_RULES, REVISION_RULES } from './rules/index';
import { executionInFlight, inFlight } from './rules/rollout-not-in-flight';
import type { GroupContext, RuleVerdict } from './rules/verdict';
import { groupMatches } from './select';
import type { GroupSnapshot, Snapshot } from './snapshot';
import { isActiveExecution } from './snapshot';
import { EXECUTION_TAG } from './tags';
import { kindOfExecution, revisionOfExecution } from './history';
import { targetMembers, waveIndexOf, type WaveMember } from './waves';
import { compareText } from './order';

interface WorkItem {
  group: GroupSnapshot;
  target: Target;
  targetIndex: number;
  waveIndex: number;
  competingTargets: string[];
}

/** Managed groups with an unfinished execution (rollgate's or anyone's): each holds one concurrency slot. */
function groupsUpdating(snapshot: Snapshot, policy: Policy): number {
  const ids = new Set(
    snapshot.groups.filter((g) => policy.targets.some((t) => groupMatches(t.select, g))).map((g) => g.id),
  );
  const busy = new Set(
    snapshot.executions.filter(isActiveExecution).map((e) => e.tags[EXECUTION_TAG.scalingGroup] ?? ''),
  );
  return [...busy].filter((id) => ids.has(id)).length;
}

/** Earlier targets, then earlier waves, then by name: the same order on every run, so slots go to canaries first. */
function workItems(snapshot: Snapshot, policy: Policy): { items: WorkItem[]; unmanaged: GroupSnapshot[] } {
  const items: WorkItem[] = [];
  const unmanaged: GroupSnapshot[] = [];
  for (const group of snapshot.groups) {
    const targets = policy.targets
      .map((target, targetIndex) => ({ target, targetIndex }))
      .filter(({ target }) => groupMatches(target.select, group));
    if (targets.length === 0) unmanaged.push(group);
    for (const { target, targetIndex } of targets) {
      const competingTargets = targets
        .filter((t) => t.target !== target && kindOf(t.target) === kindOf(target))
        .map((t) => t.target.name);
      items.push({
        group,
        target,
        targetIndex,
        waveIndex: waveIndexOf(target, group) ?? Number.MAX_SAFE_INTEGER,
        competingTargets,
      });
    }
  }
  items.sort(
    (a, b) =>
      a.targetIndex - b.targetIndex ||
      a.waveIndex - b.waveIndex ||
      compareText(a.group.name, b.group.name) ||
      compareText(a.group.id, b.group.id),
  );
  return { items, unmanaged };
}

function firstStop<C>(
  rules: ReadonlyArray<(ctx: C) => RuleVerdict>,
  ctx: C,
): Extract<RuleVerdict, { verdict: 'non-compliant' }> | undefined {
  for (const rule of rules) {
    const verdict = rule(ctx);
    if (verdict.verdict === 'non-compliant') return verdict;
  }
  return undefined;
}

export function plan(snapshot: Snapshot, policy: Policy, now: Date): PlanResult {
  const actions: Action[] = [];
  const decisions: GroupDecision[] = [];
  const concurrency = { inUse: groupsUpdating(snapshot, policy), limit: policy.maxConcurrentGroups };
  const knownCampaigns = new Set(
    snapshot.executions.map((e) => e.tags[EXECUTION_TAG.campaign]).filter((c) => c !== undefined),
  );
  const { items, unmanaged } = workItems(snapshot, policy);
  const startingGroups = new Set<string>();
  const historyOf = historyIndex(snapshot);
  const waveCache = new Map<string, { pending: string[]; soakEnd: number }>();
  const campaignIds = new Map<string, string>();
  const campaignOf = (targetName: string, kind: string, revision: string, occurrence?: string): string => {
    const key = `${targetName}|${kind}|${revision}|${occurrence ?? ''}`;
    const id = campaignIds.get(key) ?? campaignIdFor(targetName, kind, revision, occurrence);
    campaignIds.set(key, id);
    return id;
  };
  const members = new Map<Target, WaveMember[]>(policy.targets.map((t) => [t, targetMembers(t, snapshot.groups)]));

  for (const group of unmanaged) {
    decisions.push({
      groupId: group.id,
      verdict: 'unmanaged',
      reason: 'unmanaged',
      detail: 'no target selects this group',
    });
  }

  for (const item of items) {
    const { group, target } = item;
    const ctx: GroupContext = {
      group,
      target,
      kind: kindOf(target),
      competingTargets: item.competingTargets,
      policy,
      snapshot,
      history: historyOf(group.id),
      historyOf,
      targetMembers: members.get(target) ?? [],
      now,
    };
    const base = { groupId: group.id, targetName: target.name, kind: ctx.kind };
    /** `known`: the revision (and campaign) the decision names. */
    const stop = (
      verdict: Extract<RuleVerdict, { verdict: 'non-compliant' }>,
      known: { revision?: string; campaignId?: string } = {},
    ): void => {
      if (verdict.outcome === 'satisfied') {
        decisions.push({ ...base, ...known, verdict: 'satisfied', reason: 'satisfied', detail: verdict.detail });
        return;
      }
      actions.push(...(verdict.actions ?? []));
      actions.push({
        type: 'wait',
        groupId: group.id,
        reason: verdict.reason,
        detail: verdict.detail,
        ...(verdict.recheckAt !== undefined ? { recheckAt: verdict.recheckAt } : {}),
      });
      decisions.push({ ...base, ...known, verdict: 'wait', reason: verdict.reason, detail: verdict.detail });
    };

    const groupStop = firstStop(GROUP_RULES, ctx);
    if (groupStop !== undefined) {
      // In flight: the revision and campaign are the running execution's own (its tags), not the sources'.
      const inFlightStop = groupStop.outcome === 'wait' && groupStop.reason === 'rollout-running';
      stop(groupStop, inFlightStop ? inFlightRevision(ctx) : {});
      continue;
    }
    const scheduled = ctx.kind === 'script' ? scheduledRunFor(policy, target, now) : undefined;
    const scheduledRevision = scheduled === undefined ? undefined : scheduledDesired(target, scheduled);
    const resolution =
      scheduledRevision === undefined
        ? resolveDesired(target, ctx.kind, group, snapshot.images)
        : ({ ok: true, desired: scheduledRevision } as const);
    if (!resolution.ok) {
      stop({ verdict: 'non-compliant', outcome: 'wait', reason: resolution.reason, detail: resolution.detail });
      continue;
    }
    const { desired } = resolution;
    const revisionStop = firstStop(REVISION_RULES, { ...ctx, desired, concurrency, startingGroups, waveCache });
    if (revisionStop !== undefined) {
      stop(revisionStop, {
        revision: desired.revision,
        campaignId: campaignOf(target.name, ctx.kind, desired.revision, occurrenceOf(desired)),
      });
      continue;
    }

    const start = startRolloutAction(
      desired,
      group,
      target,
      ctx.history.nextAttempt(desired.kind, desired.revision),
      ctx.history.executions[0]?.id,
    );
    actions.push(start);
    if (!knownCampaigns.has(start.campaignId)) {
      knownCampaigns.add(start.campaignId);
      actions.push({
        type: 'emit',
        event: makeEvent({
          type: 'campaign.started',
          at: now.toISOString(),
          campaignId: start.campaignId,
          revision: desired.revision,
          message: `campaign ${start.campaignId}: ${desired.kind} ${desired.revision} for target ${target.name}`,
          detail: { kind: desired.kind, target: target.name },
        }),
      });
    }
    concurrency.inUse += 1;
    startingGroups.add(group.id);
    decisions.push({
      ...base,
      revision: desired.revision,
      campaignId: start.campaignId,
      verdict: 'start',
      reason: 'start',
      detail: start.description,
    });
  }
  return { actions, decisions };
}

/** The revision (and campaign) a group's rollout in flight rolls, when it is of the target's kind. */
function inFlightRevision(ctx: GroupContext): { revision?: string; campaignId?: string } {
  const running = executionInFlight(ctx);
  const revision =
    running !== undefined && kindOfExecution(running) === ctx.kind ? revisionOfExecution(running) : undefined;
  if (revision === undefined) return {};
  const campaignId = running?.tags[EXECUTION_TAG.campaign];
  return campaignId === undefined ? { revision } : { revision, campaignId };
}

/**
 * Whether the recorded freeze, the policy's images and the groups' configurations could decide anything about the
 * groups `decides` picks: some group a target manages is neither stopped by a rule that reads only the listing
 * (region, lifecycle, conflicting targets) nor in flight (`rolloutNotInFlight`). When none is, `plan` decides them
 * the same with or without those reads (test/domain/plan-sources.test.ts), so the reconcile leaves them unread.
 * The snapshot needs groups (tags, final bake) and executions only.
 */
export function sourcesDecide(
  snapshot: Snapshot,
  policy: Policy,
  decides: (group: GroupSnapshot) => boolean,
  now: Date,
): boolean {
  const historyOf = historyIndex(snapshot);
  for (const group of snapshot.groups) {
    if (!decides(group)) continue;
    const targets = policy.targets.filter((target) => groupMatches(target.select, group));
    for (const target of targets) {
      const ctx: GroupContext = {
        group,
        target,
        kind: kindOf(target),
        competingTargets: targets.filter((t) => t !== target && kindOf(t) === kindOf(target)).map((t) => t.name),
        policy,
        snapshot,
        history: historyOf(group.id),
        historyOf,
        targetMembers: [],
        now,
      };
      if (firstStop(LISTING_RULES, ctx) === undefined && !inFlight(ctx)) return true;
    }
  }
  return false;
}
