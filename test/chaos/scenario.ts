// One chaos run: a seed picks the faults (throttling and 5xx on every
// product — a turn whose retries run out is cut short between two cloud calls,
// as if the runtime had killed it — a flaky or dead health-check function, the
// gate not running for minutes, two gate loops at once, an instance whose
// update fails once, a healthy or an unhealthy image) and the fleet; the run
// goes on simulated time until nothing is active, and the invariants are
// checked on the way and at the end. Everything follows from the seed: the
// same seed replays the same run. Also drawn: ten reconciles at once, the runtime
// killing turns right after a drawn cloud call, a scale-out mid-rollout, and a
// health check that answers only after the rollout has moved on to a later
// pause, a scale-out in the instant the canary's rollout starts, and a
// slow-starting app whose health check goes down while it still warms up. Besides the end state, every continued batch pause and passed final
// bake is checked against the health answers about that very batch.
import { ALL_GROUPS } from '../../shared/controller/snapshot/read-snapshot';
import { reconcile } from '../../shared/controller/reconcile';
import { reconcileGate, runGateOnce, type GateRunReport } from '../../shared/controller/gate/index';
import { newHolder, leaseSeconds, type LeaseRole } from '../../shared/controller/gate/lease';
import type { ControllerDeps } from '../../shared/controller/deps';
import { handleScalingEvent } from '../../shared/controller/scaling-event';
import { mnsMessageBody } from '../../shared/schemas/fc-events';
import { killableDeps, type KillPoint } from './killed-turn';
import { HEALTH_FUNCTION, startGateCloud, type GateCloud, type GroupSpec } from '../gate/gate-cloud';
import { seededRandom } from '../../local/cloud/core/seeded-random';
import { localOos } from '../../local/cloud/oos/model';
import { earlyBakes, type HealthAnswerSeen } from './observed-bakes';
import { deliverToChannel } from './notifier-channel';
import { slowCheck, type SlowCheck, type SlowCheckTarget } from './slow-check';

export const CHAOS_HEALTH_FUNCTION = 'chaos-health-check';
const SCALING_EVENTS_FUNCTION = 'chaos-scaling-events';
const ESS_EVENTS_TOPIC = 'ess-events';
const POLL_SECONDS = 20;
const BAKE_SECONDS = 60;
/**
 * How long one passing answer vouches for a batch (the policy's `gate.checkSeconds`): longer than the two poll
 * intervals of the default, so the bake's checks are spaced by it (at about 0, 48 and 60 s), and the invariant's
 * coverage is this same promise.
 */
const CHECK_SECONDS = 50;
/** A slowed health check answers at the latest this long after it was asked. */
const SLOW_CHECK_MAX_SECONDS = 900;
const RECONCILE_EVERY = 60;
const MAX_SIMULATED_SECONDS = 4 * 3600;
const ACTIVE = ['Started', 'Queued', 'Running', 'Waiting', 'Pending'];

/** The seeded generator the local cloud's faults use, so a seed replays exactly. */
export const random = seededRandom;

export interface Scenario {
  seed: number;
  unhealthy: boolean;
  groups: GroupSpec[];
  throttleShare: number;
  serverErrorShare: number;
  /** Share of health-check invocations that fail (no answer). */
  healthFailShare: number;
  /** Simulated seconds [from, to) in which the health check cannot be invoked at all. */
  healthDown?: [number, number];
  /** Simulated seconds [from, to) in which no gate loop runs. */
  gateDown?: [number, number];
  /** A second gate loop starts at this second (until it yields). */
  secondGateAt?: number;
  /** Index of a canary instance whose first update fails. */
  failingInstance?: number;
  /** Reconciles started at the same instant each minute (10 = a burst of events and the timer at once). */
  reconcilesAtOnce: number;
  /** Simulated seconds [from, to) in which every reconcile and gate turn is killed by the runtime at `at`. */
  kill?: { window: [number, number]; at: KillPoint };
  /** At this second the canary group's desired capacity grows by one (a scale-out in the middle of a rollout). */
  scaleOutAt?: number;
  /** ESS notifications reach the scaling-events handler through MNS, with these shares dropped, duplicated, held back. */
  essEvents?: { drop: number; duplicate: number; reorder: number };
  /**
   * The first gate loop's `nth` health check about one batch pause answers only once the rollout has moved on to a
   * later pause (or after 15 minutes); the canary then has three instances in three batches.
   */
  slowCheck?: { nth: number };
  /**
   * The canary's desired capacity grows by one in the instant its rollout starts, before the template suspends
   * scaling: the instance launches from the old configuration after the template listed the instances.
   */
  scaleOutAtStart?: boolean;
  /**
   * A slow-starting app: the health check says `wait` for its first two answers about each pause, and after the
   * first of them (the first pause's) it cannot be invoked for this many seconds, longer than the gate's timeout.
   */
  warmUpOutage?: number;
}

export function scenarioOf(seed: number): Scenario {
  const r = random(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(r() * values.length)]!;
  const window = (p: number, maxStart: number, lengths: readonly number[]): [number, number] | undefined => {
    if (r() >= p) return undefined;
    const from = Math.floor(r() * maxStart);
    return [from, from + pick(lengths)];
  };
  const prod = r() < 0.3;
  const unhealthy = r() < 0.35;
  const canaryInstances = pick([2, 3]);
  const scenario: Scenario = {
    seed,
    unhealthy,
    groups: [
      { name: 'web-canary', instances: canaryInstances, wave: 'canary' },
      ...(prod ? [{ name: 'web-prod', instances: 2, wave: 'prod' as const }] : []),
    ],
    throttleShare: pick([0, 0.1, 0.3, 0.3]),
    serverErrorShare: pick([0, 0, 0.05]),
    healthFailShare: pick([0, 0, 0.2, 0.5]),
    ...opt('healthDown', window(0.3, 900, [120, 300, 900])),
    ...opt('gateDown', window(0.3, 900, [120, 300, 600])),
    ...opt('secondGateAt', r() < 0.5 ? Math.floor(r() * 600) : undefined),
    ...opt('failingInstance', r() < 0.25 ? 0 : undefined),
    // Drawn after the older dimensions, so a seed keeps the faults it had before these were added.
    reconcilesAtOnce: r() < 0.1 ? 10 : 1,
    ...opt('kill', killOf(r, window(0.3, 900, [120, 300]), pick)),
    ...opt('scaleOutAt', r() < 0.3 ? Math.floor(r() * 600) : undefined),
    ...opt(
      'essEvents',
      r() < 0.3 ? { drop: pick([0, 0.2]), duplicate: pick([0, 0.2]), reorder: pick([0.2, 0.4]) } : undefined,
    ),
    ...opt('slowCheck', r() < 0.3 ? { nth: pick([2, 3, 3]) } : undefined),
    ...opt('scaleOutAtStart', r() < 0.2 ? true : undefined),
    ...opt('warmUpOutage', r() < 0.15 ? pick([330, 600]) : undefined),
  };
  // A later pause to land on needs three batches.
  if (scenario.slowCheck !== undefined) scenario.groups[0] = { ...scenario.groups[0]!, instances: 3 };
  return scenario;
}

const KILL_METHODS: readonly KillPoint['method'][] = [
  'startExecution',
  'notifyExecution',
  'publishMessage',
  'tagResources',
  'any',
];

function killOf(
  r: () => number,
  window: [number, number] | undefined,
  pick: <T>(values: readonly T[]) => T,
): Scenario['kill'] {
  if (window === undefined) return undefined;
  const method = pick(KILL_METHODS);
  return { window, at: { method, nth: method === 'any' ? 1 + Math.floor(r() * 12) : 1 } };
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

const inside = (t: number, w: [number, number] | undefined): boolean => w !== undefined && t >= w[0] && t < w[1];

export interface ChaosResult {
  scenario: Scenario;
  violations: string[];
  simulatedSeconds: number;
  events: number;
  /** Publishes beyond the first of an event id (at-least-once underneath; the notifier drops them). */
  repeatedPublishes: number;
  /** ESS notifications MNS decided on (delivered, dropped, duplicated or held back). */
  essNotifications: number;
}

/** The health check as seen through the scenario's faults: it forwards to the bundled one, or fails. */
function flakyHealthCheck(
  gc: GateCloud,
  scenario: Scenario,
  r: () => number,
  elapsed: () => number,
  seen: HealthAnswerSeen[],
): void {
  const world = gc.cloud.world();
  const warmUps = new Map<string, number>();
  let outage: [number, number] | undefined;
  world.fc.register(CHAOS_HEALTH_FUNCTION, async (payload) => {
    if (inside(elapsed(), scenario.healthDown) || inside(elapsed(), outage))
      throw new Error('health check down (chaos)');
    if (r() < scenario.healthFailShare) throw new Error('health check failed (chaos)');
    const asked = JSON.parse(payload.toString('utf8')) as {
      executionId: string;
      batch: { index: number; total: number };
    };
    const key = `${asked.executionId}/${asked.batch.index}`;
    const warmAnswers = warmUps.get(key) ?? 0;
    const warming = scenario.warmUpOutage !== undefined && warmAnswers < 2;
    if (warming) {
      warmUps.set(key, warmAnswers + 1);
      if (outage === undefined) outage = [elapsed() + 1, elapsed() + 1 + scenario.warmUpOutage!];
    }
    const answer = warming
      ? {
          headers: {},
          body: Buffer.from(JSON.stringify({ verdict: 'wait', reasons: ['instances warming up (chaos)'] })),
        }
      : await world.fc.invoke(HEALTH_FUNCTION, payload, 'Sync');
    const body = answer.body.toString('utf8');
    seen.push({
      executionId: asked.executionId,
      batch: asked.batch.index,
      totalBatches: asked.batch.total,
      atMs: gc.cloud.clock.now(),
      verdict: verdictOf(answer),
    });
    return body;
  });
}

/** The verdict a bundled health-check answer carries ('error' when the function failed or answered no verdict). */
function verdictOf(answer: { headers: Record<string, string>; body: Buffer }): string {
  if (answer.headers['x-fc-error-type'] !== undefined) return 'error';
  try {
    const verdict = (JSON.parse(answer.body.toString('utf8')) as { verdict?: unknown }).verdict;
    return typeof verdict === 'string' ? verdict : 'error';
  } catch {
    return 'error';
  }
}

/** The slowed check may answer: its rollout ended, or waits at a later pause, or it waited long enough. */
function movedOn(gc: GateCloud, target: SlowCheckTarget, waitedSeconds: number): boolean {
  if (waitedSeconds >= SLOW_CHECK_MAX_SECONDS) return true;
  const execution = localOos(gc.cloud.world()).getExecution(target.executionId);
  if (['Success', 'Failed', 'Cancelled'].includes(execution.status)) return true;
  return execution.status === 'Waiting' && (execution.rollout?.batchIndex ?? 0) + 1 > target.batch;
}

export async function runScenario(scenario: Scenario): Promise<ChaosResult> {
  const gc = await startGateCloud({
    groups: scenario.groups,
    // The production retry policy (without its waits): a call fails after five throttled attempts, a turn then stops between two calls.
    retryMaxAttempts: 5,
    ...(scenario.slowCheck === undefined ? {} : { rollout: { batchNumber: 3 } }),
    ...(scenario.essEvents === undefined ? {} : { essEventsTopic: ESS_EVENTS_TOPIC }),
    gate: {
      function: CHAOS_HEALTH_FUNCTION,
      pollSeconds: POLL_SECONDS,
      bakeSeconds: BAKE_SECONDS,
      checkSeconds: CHECK_SECONDS,
      timeoutSeconds: 300,
      starvedSeconds: 120,
    },
  });
  const violations: string[] = [];
  try {
    const world = gc.cloud.world();
    const r = random(scenario.seed ^ 0x5eed);
    const startMs = gc.cloud.clock.now();
    const elapsed = () => Math.floor((gc.cloud.clock.now() - startMs) / 1000);
    const answers: HealthAnswerSeen[] = [];
    flakyHealthCheck(gc, scenario, r, elapsed, answers);
    const slow: SlowCheck | undefined =
      scenario.slowCheck === undefined ? undefined : slowCheck(scenario.slowCheck.nth);
    /** The first loop's turn waiting on the slowed check (the loop runs no other turn meanwhile). */
    let hung: { turn: Promise<unknown>; target: SlowCheckTarget; since: number } | undefined;
    const canary = gc.groups['web-canary']!;
    const oldImage = canary.imageId;
    const suspendedBefore = new Map(world.ess.listGroups().map((g) => [g.scalingGroupId, [...g.suspendedProcesses]]));
    const imageId = gc.publishImage(scenario.unhealthy ? 'app-v2-broken' : 'app-v2', scenario.unhealthy);
    if (scenario.failingInstance !== undefined)
      world.faults.configure({
        instanceUpdateFailures: [{ instanceId: canary.instanceIds[scenario.failingInstance]!, times: 1 }],
      });
    world.faults.configure({
      rules: [
        {
          throttleShare: scenario.throttleShare,
          serverErrorShare: scenario.serverErrorShare,
          serverErrorCode: 'ServiceUnavailable',
        },
      ],
    });

    if (scenario.essEvents !== undefined) subscribeScalingEvents(gc, scenario.essEvents, () => turnDeps());

    const first: LeaseRole = {
      role: 'loop',
      holder: newHolder(1_000),
      seconds: leaseSeconds(POLL_SECONDS, CHECK_SECONDS),
      held: new Set(),
    };
    const second: LeaseRole = {
      role: 'loop',
      holder: newHolder(2_000),
      seconds: leaseSeconds(POLL_SECONDS, CHECK_SECONDS),
      held: new Set(),
    };
    let secondRunning = false;
    let lastReports: Array<GateRunReport | undefined> = [];
    let quietReconciles = 0;
    let lastOutcomes: string[] = [];
    let gateActive = 1;
    let scaledAtStart = false;
    let t = 0;
    const turnDeps = () => (inside(t, scenario.kill?.window) ? killableDeps(gc.deps, scenario.kill!.at).deps : gc.deps);
    for (; t < MAX_SIMULATED_SECONDS; t += POLL_SECONDS) {
      gc.cloud.clock.advance(POLL_SECONDS);
      // ESS notifications due by now reach their handler (each delivery a turn of its own, killable like the others).
      await world.mns.idle();
      // What the gate last said about pending work (a turn that failed says nothing; the next one will).
      if (scenario.scaleOutAt !== undefined && t === Math.floor(scenario.scaleOutAt / POLL_SECONDS) * POLL_SECONDS) {
        const group = world.ess.getGroup(canary.scalingGroupId);
        world.ess.modifyGroup(canary.scalingGroupId, {
          desiredCapacity: (group.desiredCapacity ?? world.ess.listInstances(canary.scalingGroupId).length) + 1,
        });
      }
      if (t % RECONCILE_EVERY === 0) {
        const reports = await Promise.all(
          // The burst while rollouts start (where starts race); later minutes reconcile once, to keep the run short.
          Array.from({ length: t < 900 ? scenario.reconcilesAtOnce : 1 }, () =>
            reconcile(turnDeps(), ALL_GROUPS, { runGateOnce: reconcileGate() }).catch(() => undefined),
          ),
        );
        // The settle check reads one report: the last that answered (the others raced it and mostly found the work done).
        const report = reports.filter((rep) => rep !== undefined).at(-1);
        const active = report?.gate?.['active'];
        if (typeof active === 'number') gateActive = active;
        if (report !== undefined)
          lastOutcomes = report.outcomes.map(
            (o) =>
              `${o.type === 'startRollout' ? JSON.stringify(o) : o.type}${'action' in o ? ` ${o.action}` : ''}${'error' in o ? ` ${o.error.message}` : ''}${'reason' in o ? ` ${o.reason}` : ''}`,
          );
        if (report !== undefined)
          quietReconciles = report.outcomes.some((o) => o.type === 'startRollout' || o.type === 'failed')
            ? 0
            : quietReconciles + 1;
      }
      // The slowed check answers once its rollout has moved on; that turn then ends before this step's turns run.
      if (hung !== undefined && movedOn(gc, hung.target, t - hung.since)) {
        slow?.release();
        await hung.turn;
        hung = undefined;
      }
      // Right after the reconcile that started the canary's rollout, in the same instant (before OOS runs a step).
      if (scenario.scaleOutAtStart === true && !scaledAtStart && gc.executions('web-canary').length > 0) {
        scaledAtStart = true;
        const group = world.ess.getGroup(canary.scalingGroupId);
        world.ess.modifyGroup(canary.scalingGroupId, {
          desiredCapacity: (group.desiredCapacity ?? world.ess.listInstances(canary.scalingGroupId).length) + 1,
        });
      }
      if (!inside(t, scenario.gateDown)) {
        if (
          scenario.secondGateAt !== undefined &&
          t === Math.floor(scenario.secondGateAt / POLL_SECONDS) * POLL_SECONDS
        )
          secondRunning = true;
        const roles = secondRunning ? [first, second] : [first];
        const firstTurn = async (): Promise<GateRunReport | undefined> => {
          // The first loop is still inside its turn that waits on the slowed check.
          if (hung !== undefined) return undefined;
          if (slow === undefined || slow.fired()) return runGateOnce(turnDeps(), first).catch(() => undefined);
          const turn = runGateOnce(slow.deps(turnDeps()), first).catch(() => undefined);
          const outcome = await Promise.race([turn, slow.asked.then((target) => ({ target }))]);
          if (outcome === undefined || !('target' in outcome)) return outcome;
          hung = { turn, target: outcome.target, since: t };
          return undefined;
        };
        const reports = await Promise.all(
          roles.map((role) =>
            role === first
              ? firstTurn()
              : runGateOnce(turnDeps(), role).catch((): GateRunReport | undefined => undefined),
          ),
        );
        if (reports[1]?.yielded === true) secondRunning = false;
        lastReports = reports;
        const answered = reports.filter((rep): rep is GateRunReport => rep !== undefined);
        // A starved pause waits for answers (it resumes by itself): pending, not settled.
        if (answered.length > 0)
          gateActive = Math.max(
            ...answered.map((rep) => rep.active + rep.decisions.filter((d) => d.decision === 'starved').length),
          );
      }
      // Invariant on the way: never two rolling updates on one group at once.
      for (const g of Object.values(gc.groups)) {
        const active = gc.executions(nameOf(gc, g.scalingGroupId)).filter((e) => ACTIVE.includes(e.status));
        if (active.length > 1)
          violations.push(
            `t=${t}s: ${active.length} rolling updates at once on ${g.scalingGroupId}: ${active.map((e) => e.executionId).join(', ')}`,
          );
      }
      const anyActive = Object.keys(gc.groups).some((name) =>
        gc.executions(name).some((e) => ACTIVE.includes(e.status)),
      );
      if (anyActive || gateActive > 0 || hung !== undefined) quietReconciles = 0;
      // Settled: nothing active, and three reconciles in a row that read everything and started nothing (waves soak, then the next starts).
      if (quietReconciles >= 3 && t > 600) break;
      if (violations.length > 0) break;
    }
    if (t >= MAX_SIMULATED_SECONDS) {
      const executions = Object.keys(gc.groups).map(
        (name) =>
          `${name}: ${gc
            .executions(name)
            .map((e) => `${e.executionId} ${e.status}`)
            .join(', ')}`,
      );
      const last = lastReports.map((rep) =>
        rep === undefined
          ? 'turn failed'
          : JSON.stringify({
              active: rep.active,
              watched: rep.watched,
              decisions: rep.decisions.map((d) => `${d.pause} ${d.decision} ${d.result} ${d.reasons[0] ?? ''}`),
              errors: rep.errors.map((e) => e.error),
            }),
      );
      const tags = world.ess
        .listGroups()
        .map(
          (g) =>
            `${g.scalingGroupName} ${g.tags?.['rollgate:gate'] ?? '-'} ${g.tags?.['rollgate:gate-lease'] ?? '-'} ` +
            `rejected=${g.tags?.['rollgate:rejected-image'] ?? '-'} desired=${g.tags?.['rollgate:desired-image'] ?? '-'}`,
        );
      violations.push(`gate tags: ${tags.join('; ')}`, `last reconcile: ${lastOutcomes.join(' | ')}`);
      violations.push(
        `did not settle within ${MAX_SIMULATED_SECONDS} s of simulated time; ${executions.join('; ')}; last gate turns: ${last.join(' / ')}`,
      );
    }
    if (hung !== undefined) {
      slow?.release();
      await hung.turn;
    }
    world.faults.clear();
    violations.push(...endInvariants(gc, scenario, { imageId, oldImage, suspendedBefore, answers, startMs }));
    violations.push(
      ...(await deliverToChannel(
        gc.clients,
        () => gc.cloud.clock.now(),
        world.mns.history('rollgate-events').map((m) => m.body),
      )),
    );
    const ids = world.mns.history('rollgate-events').map((m) => (JSON.parse(m.body) as { id: string }).id);
    return {
      scenario,
      violations,
      simulatedSeconds: t,
      events: ids.length,
      repeatedPublishes: ids.length - new Set(ids).size,
      essNotifications: world.mns.faults.view().counts.decided,
    };
  } finally {
    await gc.close();
  }
}

/** The scaling-events function, subscribed to the groups' ESS topic, behind MNS delivery faults on that topic. */
function subscribeScalingEvents(
  gc: GateCloud,
  faults: NonNullable<Scenario['essEvents']>,
  deps: () => ControllerDeps,
): void {
  const world = gc.cloud.world();
  world.fc.register(SCALING_EVENTS_FUNCTION, async (payload) =>
    JSON.stringify(await handleScalingEvent(deps(), mnsMessageBody(payload).body)),
  );
  world.mns.topics.subscribe(ESS_EVENTS_TOPIC, 'rollgate-scaling-events', {
    endpoint: `acs:fc:${world.regionId}:${world.accountId}:functions/${SCALING_EVENTS_FUNCTION}`,
    notifyContentFormat: 'JSON',
  });
  world.mns.faults.set({ seed: 7, ...faults, holdSeconds: 90, topics: [ESS_EVENTS_TOPIC] });
}

/** Successful image rollouts (not rollbacks) of a group. */
function successfulRollouts(gc: GateCloud, groupId: string): number {
  const oos = localOos(gc.cloud.world());
  return gc.cloud
    .world()
    .oos.executionsForGroup(groupId)
    .filter((e) => e.status === 'Success' && oos.getExecution(e.executionId).rollout?.sourceExecutionId === undefined)
    .length;
}

function nameOf(gc: GateCloud, groupId: string): string {
  return Object.entries(gc.groups).find(([, g]) => g.scalingGroupId === groupId)?.[0] ?? groupId;
}

function endInvariants(
  gc: GateCloud,
  scenario: Scenario,
  ctx: {
    imageId: string;
    oldImage: string;
    suspendedBefore: Map<string, string[]>;
    answers: readonly HealthAnswerSeen[];
    startMs: number;
  },
): string[] {
  const world = gc.cloud.world();
  const out: string[] = [];
  const events = gc.events();
  // No batch continued, and no final bake passed, before it was observed healthy for the bake.
  const executions = Object.values(gc.groups).flatMap((g) =>
    world.oos.executionsForGroup(g.scalingGroupId).map((e) => {
      const record = localOos(world).getExecution(e.executionId);
      return {
        executionId: e.executionId,
        approvals: record.rollout?.approvals ?? [],
        ...(record.endMs === undefined ? {} : { endMs: record.endMs }),
      };
    }),
  );
  out.push(
    ...earlyBakes(
      ctx.answers,
      executions,
      events,
      { checkSeconds: CHECK_SECONDS, bakeSeconds: BAKE_SECONDS },
      ctx.startMs,
    ),
  );
  const published = new Map<string, number>();
  for (const e of events) published.set(e.id, (published.get(e.id) ?? 0) + 1);
  // Delivery is at-least-once underneath (a turn cut short after publishing publishes again, same id): the
  // notifier drops repeats by id, so what must hold is one fact per state change, counted by distinct id below.
  const rejected = [...new Set(events.filter((e) => e.type === 'revision.rejected').map((e) => e.id))];
  const rejectedGroups = new Set(events.filter((e) => e.type === 'revision.rejected').map((e) => e.groupId));
  if (!scenario.unhealthy && rejected.length > 0)
    out.push(`the healthy image was rejected (${rejected.length} revision.rejected)`);
  if (scenario.unhealthy && rejected.length !== 1)
    out.push(`the unhealthy image: ${rejected.length} distinct revision.rejected events, expected exactly one`);
  for (const g of world.ess.listGroups()) {
    const name = g.scalingGroupName;
    if (gc.groups[name] === undefined) continue;
    const before = ctx.suspendedBefore.get(g.scalingGroupId) ?? [];
    const left = g.suspendedProcesses.filter((p) => !before.includes(p));
    if (left.length > 0) out.push(`${name}: processes left suspended: ${left.join(', ')}`);
    const instances = world.ess.listInstances(g.scalingGroupId);
    const standby = instances.filter((i) => (i.lifecycleState as string) === 'Standby');
    if (standby.length > 0) out.push(`${name}: ${standby.length} instance(s) left in Standby`);
    // Desired: the new image, unless it was rejected (then the old one, wherever it went).
    const want = scenario.unhealthy ? ctx.oldImage : ctx.imageId;
    const wrong = instances.filter((i) => world.ecs.getInstance(i.instanceId).imageId !== want);
    if (wrong.length > 0)
      out.push(
        `${name}: ${wrong.length} of ${instances.length} instance(s) not on ${want === ctx.imageId ? 'the new image' : 'the old image'}`,
      );
    if (scenario.unhealthy && name !== 'web-canary' && rejectedGroups.has(g.scalingGroupId))
      out.push(`${name}: a later wave got the unhealthy image`);
    // Every state change reaches the topic: the group's outcome is reported, as one fact.
    const outcome = scenario.unhealthy
      ? name === 'web-canary'
        ? 'rollout.rolled_back'
        : undefined
      : 'rollout.succeeded';
    if (outcome !== undefined) {
      const facts = new Set(
        events.filter((e) => e.type === outcome && e.groupId === g.scalingGroupId).map((e) => e.id),
      );
      // One per rollout; a scale-out as the canary's rollout started adds one follow-up rollout, never more.
      const rollouts = outcome === 'rollout.succeeded' ? successfulRollouts(gc, g.scalingGroupId) : 1;
      const allowed = scenario.scaleOutAtStart === true && name === 'web-canary' ? 2 : 1;
      if (facts.size !== rollouts || rollouts < 1 || rollouts > allowed)
        out.push(
          `${name}: ${facts.size} distinct ${outcome} events for ${rollouts} successful rollout(s), expected one each and at most ${allowed}`,
        );
    }
  }
  const failed = events.filter(
    (e) => e.type === 'rollout.failed' || e.type === 'rollout.rolled_back' || e.type === 'batch.failed',
  );
  if (!scenario.unhealthy && failed.length > 0)
    out.push(`the healthy image failed: ${failed.map((e) => `${e.type} ${e.message}`).join(' | ')}`);
  for (const refusal of gc.cloud.cloud.activity.parameterRefusals)
    out.push(`an API call the real API refuses: ${refusal.code}: ${refusal.message}`);
  return out;
}
