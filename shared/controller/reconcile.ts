// reconcile(deps, scope): read snapshot → plan (pure) → execute actions.
// Level-triggered: every trigger only says "look again"; the cloud holds all
// state, so a lost, repeated or reordered trigger changes nothing.
import type { GroupDecision, PlanResult } from '../domain/actions';
import { plan } from '../domain/plan';
import type { Action } from '../domain/actions';
import type { Snapshot } from '../domain/snapshot';
import { nextWake } from '../domain/wake';
import { isActiveExecution } from '../domain/snapshot';
import { EXECUTION_TAG } from '../domain/tags';
import { finishPendingDrift, followDriftRepairs } from './drift';
import { freezeReadOnce, policyInForce } from './freeze';
import type { ControllerDeps, RunGateOnce } from './deps';
import { executePlan } from './execute/execute-plan';
import { kickGate } from './gate/kick';
import type { ActionOutcome } from './execute/results';
import { failureOutcome, isTransient } from './failure';
import { done, retry, type Outcome } from './outcome';
import { firstWaveNarrowing, type FleetNarrowing } from './snapshot/narrow';
import { ROLLING_UPDATE_TEMPLATE_FILTER } from './snapshot/read-history';
import { inScope, readSnapshot, type ReconcileScope } from './snapshot/read-snapshot';
import { scheduleWake, WAKE_HORIZON_SECONDS } from './wake';

export interface ReconcileOptions {
  runGateOnce?: RunGateOnce;
  /**
   * The scope is the policy's first target and only its first wave can start (a new image): read that wave's
   * groups (and those with a rollout running) instead of the fleet, unless every one of them is in place already.
   */
  firstWaveOnly?: boolean;
}

export interface ReconcileReport {
  at: string;
  outcomes: ActionOutcome[];
  decisions: GroupDecision[];
  /** Groups whose instances and activities were read. */
  detailedGroupIds: string[];
  gate?: Record<string, unknown>;
  /** The delayed reconcile asked for (a window opens before the next timer tick). */
  wake?: { at: string; scheduled: boolean };
}

/** Wait reasons that the first, instance-less planning pass cannot settle. */
const NEEDS_DETAIL: readonly string[] = ['no-instances', 'scaling-activity'];

export function groupsNeedingDetail(result: PlanResult): string[] {
  return result.decisions
    .filter((d) => d.verdict === 'start' || (d.verdict === 'wait' && NEEDS_DETAIL.includes(d.reason)))
    .map((d) => d.groupId);
}

/**
 * A narrowed read holds the history of the first wave only: a campaign the planner takes for new may have started
 * on groups outside it already (a group that joined the first wave after the campaign moved on). One
 * `ListExecutions` by the campaign's tag per campaign the plan would announce says; a known one is not announced.
 */
async function withoutKnownCampaigns(deps: ControllerDeps, actions: readonly Action[]): Promise<Action[]> {
  const startedCampaign = (a: Action): string | undefined =>
    a.type === 'emit' && a.event.type === 'campaign.started' ? a.event.campaignId : undefined;
  const announced = new Set(actions.map(startedCampaign).filter((id) => id !== undefined));
  const known = new Set<string>();
  await Promise.all(
    [...announced].map(async (campaignId) => {
      const { executions } = await deps.clients.oos.listExecutions({
        templateName: ROLLING_UPDATE_TEMPLATE_FILTER,
        tags: { [EXECUTION_TAG.campaign]: campaignId },
        maxResults: 10,
      });
      if (executions.length > 0) known.add(campaignId);
    }),
  );
  return actions.filter((a) => !known.has(startedCampaign(a) ?? ''));
}

/**
 * The first wave's groups leave something to decide (one not in place): later waves wait for it, so the first
 * wave's read is enough. A first wave all in place (or empty) lets a later wave start: the whole fleet is read.
 */
function firstWaveUndecided(draft: Snapshot, narrowing: FleetNarrowing, result: PlanResult): boolean {
  const firstWave = new Set(draft.groups.filter((g) => narrowing.keeps(g)).map((g) => g.id));
  return result.decisions.some((d) => firstWave.has(d.groupId) && d.verdict !== 'satisfied');
}

export async function reconcile(
  given: ControllerDeps,
  scope: ReconcileScope,
  options: ReconcileOptions = {},
): Promise<ReconcileReport> {
  const now = new Date(given.now());
  // The recorded freeze is read once for the plan, and only when some group in scope could be decided by it (it is
  // read with the configurations and images). The gate turn reads it again before it approves a batch unless the
  // plan found one (gateTurnDeps). A turn whose groups are all in flight reads none of the three.
  const deps: ControllerDeps = { ...given, recordedFreeze: freezeReadOnce(given.clients) };
  const withFreeze = async (): Promise<void> => {
    deps.policy = await policyInForce(deps);
  };
  // plan() is pure: when no group was read in detail the snapshot is the draft, and the draft's plan is the plan
  // (one planning pass instead of two: a third of the reconcile's CPU at 10,000 groups).
  let planned: { snapshot: Snapshot; result: PlanResult } | undefined;
  const planAt = (snapshot: Snapshot): PlanResult => {
    if (planned?.snapshot !== snapshot) planned = { snapshot, result: plan(snapshot, deps.policy, now) };
    return planned.result;
  };
  const narrowing = options.firstWaveOnly === true ? firstWaveNarrowing(deps.policy, scope) : undefined;
  const read = await readSnapshot(deps.clients, deps.policy, scope, {
    regionId: deps.regionId,
    selectForDetail: (draft) => groupsNeedingDetail(planAt(draft)),
    lazySources: { alongside: withFreeze, now },
    ...(narrowing === undefined
      ? {}
      : { narrowTo: { narrowing, enough: (draft: Snapshot) => firstWaveUndecided(draft, narrowing, planAt(draft)) } }),
  });
  const result = planAt(read.snapshot);
  const scopedIds = new Set(read.snapshot.groups.filter((g) => inScope(scope, deps.policy, g)).map((g) => g.id));
  const detailed = new Set(read.detailedGroupIds);
  const actions = result.actions.filter((a) => {
    const groupId = a.type === 'emit' ? a.event.groupId : a.groupId;
    // A rollout starts only on a group whose instances and whole history were read. One the draft did
    // not pick (a slot the detail freed) starts on the next reconcile, which picks it.
    if (a.type === 'startRollout' && !detailed.has(a.groupId)) return false;
    return groupId === undefined || scopedIds.has(groupId);
  });
  const outcomes = await executePlan(
    { clients: deps.clients, snapshot: read.snapshot, eventsTopic: deps.eventsTopic, log: deps.log, now },
    read.narrowed ? await withoutKnownCampaigns(deps, actions) : actions,
  );
  // The minute reconcile's gate turn starts the gate loop itself; an event-driven
  // reconcile starts it here, so a new rollout's first pause is not left to the timer.
  const gate =
    options.runGateOnce === undefined
      ? await startGateFor(deps, outcomes)
      : await options.runGateOnce(gateTurnDeps(deps), read.snapshot, startedBy(outcomes));
  const wake = await wakeFor(deps, actions, now);
  await repairLaunchedDuringRollouts(deps, read.snapshot, scopedIds, outcomes);
  return {
    at: now.toISOString(),
    outcomes,
    decisions: result.decisions.filter((d) => scopedIds.has(d.groupId)),
    detailedGroupIds: read.detailedGroupIds,
    ...(gate === undefined ? {} : { gate }),
    ...(wake === undefined ? {} : { wake }),
  };
}

/**
 * The deps the reconcile's gate turn decides with: a freeze the plan found holds its batches, but "no freeze" is
 * not taken from the plan's read, which may be seconds old by the time a batch is approved (the detail reads and
 * the starts come between): without a freeze in the policy the gate reads it when it approves (batch-hold.ts).
 */
function gateTurnDeps(deps: ControllerDeps): ControllerDeps {
  const { recordedFreeze: _planRead, ...rest } = deps;
  return rest;
}

/** Instances launched while a rollout ran get their repair once no rollout of the group runs (a failure waits for the next reconcile). */
async function repairLaunchedDuringRollouts(
  deps: ControllerDeps,
  snapshot: Snapshot,
  scopedIds: ReadonlySet<string>,
  outcomes: readonly ActionOutcome[],
): Promise<void> {
  const busy = new Set(
    snapshot.executions.filter(isActiveExecution).map((e) => e.tags[EXECUTION_TAG.scalingGroup] ?? ''),
  );
  for (const o of outcomes) if (o.type === 'startRollout') busy.add(o.groupId);
  try {
    await finishPendingDrift(
      deps,
      snapshot.groups.filter((g) => scopedIds.has(g.id)),
      busy,
    );
  } catch (err) {
    deps.log.warn(
      { err },
      'drift repair of instances launched during a rollout failed; the next reconcile tries again',
    );
  }
  try {
    await followDriftRepairs(
      deps,
      snapshot.groups.filter((g) => scopedIds.has(g.id)),
    );
  } catch (err) {
    deps.log.warn({ err }, 'drift repairs could not be followed; the next reconcile tries again');
  }
}

async function wakeFor(deps: ControllerDeps, actions: readonly Action[], now: Date): Promise<ReconcileReport['wake']> {
  const wake = deps.reconcileFunction === undefined ? undefined : nextWake(actions, now, WAKE_HORIZON_SECONDS);
  if (wake === undefined || deps.reconcileFunction === undefined) return undefined;
  try {
    await scheduleWake(deps.clients, deps.reconcileFunction, wake);
    deps.log.info({ wake }, `reconcile woken at ${wake.at}`);
    return { at: wake.at, scheduled: true };
  } catch (err) {
    // The timer reconcile still comes: a failed wake only makes the start up to a minute later.
    deps.log.warn({ err, wake }, 'wake could not be scheduled');
    return { at: wake.at, scheduled: false };
  }
}

function startedBy(outcomes: readonly ActionOutcome[]): string[] {
  return outcomes.flatMap((o) => (o.type === 'startRollout' && o.result === 'started' ? [o.executionId] : []));
}

async function startGateFor(
  deps: ControllerDeps,
  outcomes: readonly ActionOutcome[],
): Promise<Record<string, unknown> | undefined> {
  const started = startedBy(outcomes);
  if (started.length === 0 || deps.gateFunction === undefined) return undefined;
  try {
    await kickGate(deps.clients, deps.gateFunction, `rollout started: ${started.join(', ')}`);
    return { kicked: deps.gateFunction };
  } catch (err) {
    // The minute reconcile still runs the gate: a failed start only makes the first decision slower.
    deps.log.warn({ err, gateFunction: deps.gateFunction }, 'gate loop could not be started');
    return { kicked: false };
  }
}

/** A compact, loggable summary: counts per result, and per group what was decided. */
export function summarize(report: ReconcileReport): Record<string, unknown> {
  const count = (pred: (o: ActionOutcome) => boolean) => report.outcomes.filter(pred).length;
  return {
    at: report.at,
    started: count((o) => o.type === 'startRollout' && o.result === 'started'),
    updated: count((o) => o.type === 'tagGroup' && o.result === 'updated'),
    unchanged: count((o) => (o.type === 'startRollout' || o.type === 'tagGroup') && o.result === 'unchanged'),
    published: count((o) => o.type === 'emit'),
    failed: count((o) => o.type === 'failed'),
    groups: Object.fromEntries(
      report.decisions.map((d) => [d.groupId, d.verdict === 'wait' ? `wait:${d.reason}` : d.verdict]),
    ),
    executions: report.outcomes.flatMap((o) =>
      o.type === 'startRollout' ? [{ groupId: o.groupId, executionId: o.executionId, result: o.result }] : [],
    ),
    ...(report.gate === undefined ? {} : { gate: report.gate }),
    ...(report.wake === undefined ? {} : { wake: report.wake }),
  };
}

/**
 * reconcile as a controller step: a transient cloud failure (in the read, or
 * in any action) asks FC to redeliver — every write is idempotent, so the
 * repeat only finishes what is left; anything else is final.
 */
export async function reconcileStep(
  deps: ControllerDeps,
  scope: ReconcileScope,
  options: ReconcileOptions = {},
): Promise<Outcome> {
  let report: ReconcileReport;
  try {
    report = await reconcile(deps, scope, options);
  } catch (err) {
    deps.log.error({ err }, 'reconcile failed');
    return failureOutcome(err);
  }
  const summary = summarize(report);
  const transient = report.outcomes.find((o) => o.type === 'failed' && isTransient(o.error));
  if (transient && transient.type === 'failed') {
    deps.log.warn({ summary }, 'reconcile incomplete; asking for redelivery');
    return retry(transient.error);
  }
  deps.log.info({ summary }, 'reconcile done');
  return done(summary);
}
