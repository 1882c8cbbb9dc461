// Gate figures on the local cloud (printed, never asserted):
//  1. Gate latency: seconds from a batch pause to the gate's NotifyExecution,
//     as the local cloud records both, minus the bake time, plus the real time
//     of the approving round; for 1 and for 50 concurrent rollouts started off
//     the whole second. Targets: p50 ≤ 1 s, p95 ≤ 2 s.
//  2. A gated rollout of a 100-instance group in 10 batches (60 s bake, gate
//     turns, minute reconciles and the health-check function included): API
//     calls, counted by the local cloud (target ≤ 300), and its time beyond the
//     bakes against the same rollout ungated (batchPauseOption Automatic;
//     target ≤ 1.01 ×).
// The simulated clock is driven by the bench: each gate round advances it by
// the loop's sleep plus the real time the round took, so the gate's own work
// costs simulated time as it would cost real time on Function Compute (where
// the loop sleeps until the moment it wants, less the time the round took).
// A gate invocation hands over to a fresh one every 525 s of simulated time, as
// the gate function does on Function Compute: the loop's memory goes in the
// InvokeFunction's payload and the fresh loop starts from what the payload
// parses to (shared/controller/gate/hand-over.ts); the hand-over's
// InvokeFunction is counted with the gate rounds.
//   npx tsx bench/gate.ts
import { performance } from 'node:perf_hooks';
import { runGateOnce, type GateDecisionReport } from '../shared/controller/gate/index';
import { longestCheckSecondsOf, sleepSecondsAfter } from '../shared/controller/gate/loop';
import { leaseSeconds, newHolder, type LeaseRole } from '../shared/controller/gate/lease';
import { gateStartOf, handOverGate } from '../shared/controller/gate/hand-over';
import { startGateCloud, type GateCloud, type GroupSpec } from '../test/gate/gate-cloud';
import { atMost, figure, QUICK, report } from './lib/figures';
import { byActionText, resetRequests, servedRequests } from './lib/requests';

const POLL_SECONDS = 5;
const BAKE_SECONDS = 60;
/**
 * How long one gate invocation loops before it hands over: the gate's default budget (540 s,
 * `ROLLGATE_GATE_BUDGET_SECONDS`, shared/controller/gate/compose.ts) less the loop's reserve (15 s, loop.ts).
 */
const INVOCATION_MS = (540 - 15) * 1000;
/** Stands in for the gate function the hand-over invokes (its work is this bench's loop). */
const GATE_FUNCTION = 'rollgate-gate';
/** Hand-overs in the last `gateUntilIdle`, and the largest payload one sent (bytes). */
let handOvers = 0;
let largestHandOver = 0;

/** Requests served per action, by who made them. */
interface CallsBySource {
  gateRounds: Record<string, number>;
  reconciles: Record<string, number>;
}

/** Adds to `into` the requests the local cloud served while `act` ran (its own counter, read in process). */
async function countInto<T>(gc: GateCloud, into: Record<string, number>, act: () => Promise<T>): Promise<T> {
  const before = gc.cloud.cloud.requests.snapshot().byAction;
  try {
    return await act();
  } finally {
    for (const [action, n] of Object.entries(gc.cloud.cloud.requests.snapshot().byAction)) {
      const made = n - (before[action] ?? 0);
      if (made > 0) into[action] = (into[action] ?? 0) + made;
    }
  }
}

const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
const countsText = (counts: Record<string, number>): string =>
  `${sum(counts)}: ${byActionText({ total: sum(counts), byAction: counts })}`;

/** `a` less `b`, per action. */
function without(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(a)
      .map(([action, n]) => [action, n - (b[action] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
}

/** An approve and the real time of the round that sent it. */
interface ApprovingRound {
  executionId: string;
  pause: string;
  roundSeconds: number;
}

/**
 * Gate rounds until nothing is active; returns every decision and the rounds it took.
 * With `minuteReconciles`, the timer's reconcile also runs at every simulated minute, as on Function Compute.
 */
async function gateUntilIdle(
  gc: GateCloud,
  options: { minuteReconciles?: boolean; calls?: CallsBySource } = {},
  maxRounds = 5000,
): Promise<{ decisions: GateDecisionReport[]; rounds: number; approvals: ApprovingRound[] }> {
  const calls = options.calls ?? { gateRounds: {}, reconciles: {} };
  const decisions: GateDecisionReport[] = [];
  const approvals: ApprovingRound[] = [];
  handOvers = 0;
  largestHandOver = 0;
  // The stand-in keeps the payload it is invoked with: the successor starts from it, as the gate function does.
  const payloads: Buffer[] = [];
  gc.cloud.world().fc.register(GATE_FUNCTION, async (event) => {
    payloads.push(Buffer.isBuffer(event) ? event : Buffer.from(JSON.stringify(event)));
    return {};
  });
  let nextMinute = gc.cloud.clock.now() + 60_000;
  // One gate loop, as the gate function runs it: it holds the groups' leases and keeps its memory between rounds.
  let loop: Extract<LeaseRole, { role: 'loop' }> = {
    role: 'loop',
    holder: newHolder(Date.now()),
    seconds: leaseSeconds(POLL_SECONDS, longestCheckSecondsOf(gc.deps)),
    held: new Set(),
  };
  let invocationStartedAt = gc.cloud.clock.now();
  for (let round = 1; round <= maxRounds; round++) {
    if (gc.cloud.clock.now() - invocationStartedAt >= INVOCATION_MS) {
      // The invocation's time is up: it starts its successor (one async InvokeFunction), which continues as the
      // same lease holder from the memory its payload carries (loop.ts, hand-over.ts), as on Function Compute.
      const { holder, memory } = loop;
      payloads.length = 0;
      await countInto(gc, calls.gateRounds, () => handOverGate(gc.deps.clients, GATE_FUNCTION, holder, memory));
      await gc.cloud.world().fc.idle();
      const payload = payloads.at(-1);
      largestHandOver = Math.max(largestHandOver, payload?.length ?? 0);
      const start = gateStartOf(payload);
      if (start.holder !== holder) throw new Error(`the hand-over lost its holder: ${start.noMemory ?? ''}`);
      loop = {
        role: 'loop',
        holder,
        seconds: loop.seconds,
        held: new Set(),
        ...(start.memory === undefined ? {} : { memory: start.memory }),
      };
      invocationStartedAt = gc.cloud.clock.now();
      handOvers += 1;
    }
    const t0 = performance.now();
    const report = await countInto(gc, calls.gateRounds, () => runGateOnce(gc.deps, loop));
    decisions.push(...report.decisions);
    const roundSeconds = (performance.now() - t0) / 1000;
    for (const d of report.decisions.filter((d) => d.decision === 'approve'))
      approvals.push({ executionId: d.executionId, pause: d.pause, roundSeconds });
    if (report.active === 0) return { decisions, rounds: round, approvals };
    if (options.minuteReconciles === true && gc.cloud.clock.now() >= nextMinute) {
      await countInto(gc, calls.reconciles, () => gc.reconcileOnce());
      nextMinute += 60_000;
    }
    const workSeconds = (performance.now() - t0) / 1000;
    // The gate loop's sleep (loop.ts): until a bake check is due or a pause is expected, at most a poll interval
    // while some batch runs without an expected end, less the time the round took (the loop sleeps until a moment).
    gc.cloud.clock.advance(sleepSecondsAfter(report, POLL_SECONDS, workSeconds) + workSeconds);
  }
  throw new Error('the rollouts did not finish');
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

function stats(values: readonly number[]): string {
  if (values.length === 0) return 'n/a';
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return (
    `n=${values.length} mean ${mean.toFixed(2)} s, p50 ${quantile(values, 0.5).toFixed(2)} s, p95 ` +
    `${quantile(values, 0.95).toFixed(2)} s, max ${Math.max(...values).toFixed(2)} s`
  );
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Offsets (fractions of a second) of the rollouts' start and of the loop's rounds, one pair per run. */
function offsets(runs: number): Array<{ rollout: number; loop: number }> {
  return Array.from({ length: runs }, (_, i) => ({ rollout: (i + 0.5) / runs, loop: (i * 0.618) % 1 }));
}

/**
 * Gate latency as the local cloud records it: for every batch pause, from the moment the execution paused to the
 * moment its NotifyExecution Approve arrived (the admin view's `Approvals`, to the millisecond), less the bake,
 * plus the real time of the round that sent it (the simulated clock stands still during a round, so the round's
 * own time up to the approve would otherwise be left out: counting all of it is an upper bound).
 * Rollouts of 3 batches: the first pause has nothing to predict it (the gate finds it from the instances'
 * progress), the second is expected from the first batch's duration. Each run starts the rollouts at another
 * fraction of a second and the loop's rounds off by another: the local cloud's steps take whole seconds, so
 * without that every pause falls on a whole second and on one of the loop's looks, which no real cloud does.
 */
async function latency(rollouts: number, runs: number): Promise<void> {
  const first: number[] = [];
  const expected: number[] = [];
  const roundSeconds: number[] = [];
  let rounds = 0;
  const realStart = performance.now();
  for (const offset of offsets(runs)) {
    const groups: GroupSpec[] = Array.from({ length: rollouts }, (_, i) => ({
      name: `g${String(i).padStart(3, '0')}`,
      instances: 3,
      wave: 'canary',
    }));
    const gc = await startGateCloud({
      groups,
      maxConcurrentGroups: Math.min(100, rollouts),
      rollout: { batchNumber: 3 },
      gate: { bakeSeconds: BAKE_SECONDS, pollSeconds: POLL_SECONDS },
    });
    try {
      gc.publishImage('app-v2');
      gc.cloud.clock.advance(offset.rollout);
      await gc.reconcileOnce();
      gc.cloud.clock.advance(offset.loop);
      const run = await gateUntilIdle(gc);
      rounds += run.rounds;
      const approvingRound = new Map(run.approvals.map((a) => [`${a.executionId}/${a.pause}`, a.roundSeconds]));
      const executionIds = [...new Set(run.decisions.map((d) => d.executionId))];
      for (const executionId of executionIds) {
        const approvals = (gc.cloud.world().oos.describe(executionId)['Approvals'] ?? []) as Array<{
          Batch: number;
          PausedAt: string;
          ApprovedAt: string;
        }>;
        const approves = run.decisions.filter((d) => d.executionId === executionId && d.decision === 'approve');
        approvals.forEach((a, i) => {
          const decision = approves[i];
          const round = decision === undefined ? 0 : (approvingRound.get(`${executionId}/${decision.pause}`) ?? 0);
          roundSeconds.push(round);
          const seconds = (Date.parse(a.ApprovedAt) - Date.parse(a.PausedAt)) / 1000 - BAKE_SECONDS + round;
          (i === 0 ? first : expected).push(seconds);
        });
      }
    } finally {
      await gc.close();
    }
  }
  const all = [...first, ...expected];
  console.log(
    `gate latency, ${rollouts} concurrent rollout(s) of 3 batches, ${runs} runs off the whole second ` +
      `(${rounds} gate rounds, ${((performance.now() - realStart) / 1000).toFixed(1)} s real)`,
  );
  console.log(`  every batch pause          ${stats(all)}`);
  console.log(`  batch 1 (no expectation)   ${stats(first)}`);
  console.log(`  batch 2 (expected)         ${stats(expected)}`);
  console.log(`  of which approving rounds  ${stats(roundSeconds)} (real time, counted in full)`);
  report([
    figure('gate.latency.p50Seconds', String(rollouts), round2(quantile(all, 0.5)), 's', atMost(1)),
    figure('gate.latency.p95Seconds', String(rollouts), round2(quantile(all, 0.95)), 's', atMost(2)),
  ]);
}

async function overhead(): Promise<void> {
  const groups: GroupSpec[] = [{ name: 'big', instances: 100, wave: 'canary' }];
  const options = {
    groups,
    rollout: { batchNumber: 10 },
    gate: { bakeSeconds: BAKE_SECONDS, pollSeconds: POLL_SECONDS, minHealthyPercent: 90 },
  };

  // Ungated: the same template and batches, Automatic (no pause).
  const plain = await startGateCloud(options);
  let ungatedSeconds: number;
  try {
    const group = plain.groups['big']!;
    const imageId = plain.publishImage('app-v2');
    const t0 = plain.cloud.clock.now();
    const execution = await plain.clients.oos.startExecution({
      templateName: 'ACS-ESS-RollingUpdateByReplaceSystemDiskInScalingGroup',
      parameters: {
        invokeType: 'invoke',
        scalingGroupId: group.scalingGroupId,
        scalingConfigurationId: group.scalingConfigurationId,
        imageId,
        sourceImageId: group.imageId,
        batchNumber: 10,
        batchPauseOption: 'Automatic',
      },
    });
    for (let i = 0; i < 100_000; i++) {
      const listed = await plain.clients.oos.listExecutions({ executionId: execution.executionId });
      if (listed.executions[0]?.status === 'Success') break;
      plain.cloud.clock.advance(1);
    }
    ungatedSeconds = (plain.cloud.clock.now() - t0) / 1000;
  } finally {
    await plain.close();
  }

  // Gated: started by the reconcile (EveryBatchPause), every pause and the final bake decided by the gate.
  const gated = await startGateCloud(options);
  try {
    gated.publishImage('app-v2');
    const t0 = gated.cloud.clock.now();
    await resetRequests(gated.cloud.url);
    const calls: CallsBySource = { gateRounds: {}, reconciles: {} };
    const healthBefore = { ...gated.healthCheckServed };
    await countInto(gated, calls.reconciles, () => gated.reconcileOnce());
    const { decisions, rounds } = await gateUntilIdle(gated, { minuteReconciles: true, calls });
    const healthCheck = without(gated.healthCheckServed, healthBefore);
    const served = await servedRequests(gated.cloud.url);
    const gatedSeconds = (gated.cloud.clock.now() - t0) / 1000;
    const batches = 10;
    const bakes = decisions.filter((d) => d.decision === 'approve' || d.decision === 'done').length;
    const budget = ungatedSeconds + bakes * BAKE_SECONDS + batches * 10;
    console.log('rollout overhead, 100 instances in 10 batches (image replacement)');
    console.log(`  ungated (Automatic)   ${ungatedSeconds.toFixed(0)} s simulated`);
    console.log(
      `  gated                 ${gatedSeconds.toFixed(0)} s simulated (${bakes} bakes of ${BAKE_SECONDS} s, incl. the final one)`,
    );
    console.log(
      `  budget                ${budget.toFixed(0)} s (ungated + bakes + 10 s per batch): ${gatedSeconds <= budget ? 'within' : 'OVER'}`,
    );
    console.log(
      `  ratio gated/ungated   ${(gatedSeconds / ungatedSeconds).toFixed(2)}; overhead beyond bakes ` +
        `${((gatedSeconds - ungatedSeconds - bakes * BAKE_SECONDS) / batches).toFixed(1)} s per batch`,
    );
    console.log(`  API calls served      ${served.total}: ${byActionText(served)}`);
    console.log(
      `    gate rounds (${rounds}, ${handOvers} hand-overs, largest payload ${largestHandOver} B)     ${countsText(without(calls.gateRounds, healthCheck))}`,
    );
    console.log(`    health-check function ${countsText(healthCheck)}`);
    console.log(`    reconciles            ${countsText(calls.reconciles)}`);
    report([
      figure('rollout.apiCalls', undefined, served.total, 'calls', atMost(300)),
      figure(
        'gate.overheadBeyondBake',
        undefined,
        Math.round(((gatedSeconds - bakes * BAKE_SECONDS) / ungatedSeconds) * 1000) / 1000,
        '× ungated',
        atMost(1.01),
      ),
    ]);
  } finally {
    await gated.close();
  }
}

await latency(1, 10);
await latency(50, QUICK ? 2 : 4);
await overhead();
