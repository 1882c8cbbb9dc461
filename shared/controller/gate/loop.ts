// The gate function's loop: run the gate, wait the poll interval, again —
// while any rollout is active. Before the function's own timeout it hands
// over to a fresh invocation of itself (FC async invoke), so a long rollout
// is watched by a chain of short invocations, each going on from the memory
// of the one before (hand-over.ts); when nothing is active the chain ends.
import type { ControllerDeps } from '../deps';
import type { GateMemory } from './memory';
import { leaseSeconds, newHolder, releaseLeases, type LeaseRole } from './lease';
import { runGateOnce, type GateRunReport } from './run-gate';

export interface GateLoopDeps {
  /** Fresh dependencies for one round (the instant `now` is read per round). */
  roundDeps(): Promise<ControllerDeps>;
  /** Waits `seconds` of cloud time (simulated on the local cloud). */
  sleep(seconds: number): Promise<void>;
  /** Real milliseconds left before the function must return. */
  remainingMs(): number;
  /**
   * Starts the next invocation of the gate (async, fire and forget), which continues as the same lease holder from
   * this loop's memory.
   */
  handOver(holder: string, memory: GateMemory | undefined): Promise<void>;
  /** The lease holder this loop continues as (handed over by its predecessor); a new one when unset. */
  holder?: string;
  /** The memory its predecessor handed over with `holder` (hand-over.ts); the loop starts with none when unset. */
  memory?: GateMemory;
  pollSeconds: number;
  /** The longest `checkSeconds` of the policy (the lease outlasts the time between two bake checks). */
  checkSeconds?: number;
  /** Real milliseconds kept in reserve for the hand-over before the timeout. */
  reserveMs?: number;
  /** Stop after this many rounds (tests, benchmarks); default unbounded. */
  maxRounds?: number;
  /** Rounds in a row whose listing failed before the loop gives up (and FC retries the invocation). */
  maxFailedRounds?: number;
  onRound?: (report: GateRunReport) => void;
}

export interface GateLoopResult {
  rounds: number;
  /** `yielded`: an older loop runs, so this one ended (one loop at a time). */
  stopped: 'idle' | 'handed-over' | 'max-rounds' | 'yielded';
  holder: string;
  decisions: number;
  last?: GateRunReport;
}

export { longestCheckSecondsOf, pollSecondsOf } from './poll';

/** The longest a loop sleeps between rounds while rollouts are active, whatever they expect (held reminders, kicks). */
const LONGEST_SLEEP_SECONDS = 60;

/**
 * How long the loop sleeps after a round: until the soonest moment a rollout wants a look (a bake check due, a
 * pause expected), and no longer than the poll interval while some rollout has no such moment. Those moments count
 * from the round's instant (`report.at`): a round that took `elapsedSeconds` sleeps that much less (none when it took
 * longer), so a slow round delays no later look; it looks no sooner than the moment either.
 */
export function sleepSecondsAfter(report: GateRunReport, pollSeconds: number, elapsedSeconds = 0): number {
  const next = report.nextCheckInSeconds ?? pollSeconds;
  const sleep = report.needsPoll ? Math.min(pollSeconds, next) : Math.min(LONGEST_SLEEP_SECONDS, next);
  return Math.max(0, sleep - Math.max(0, elapsedSeconds));
}

export async function runGateLoop(loop: GateLoopDeps): Promise<GateLoopResult> {
  const reserveMs = loop.reserveMs ?? 15_000;
  const role: Extract<LeaseRole, { role: 'loop' }> = {
    role: 'loop',
    holder: loop.holder ?? newHolder(Date.now()),
    seconds: leaseSeconds(loop.pollSeconds, loop.checkSeconds),
    held: new Set(),
    ...(loop.holder === undefined || loop.memory === undefined ? {} : { memory: loop.memory }),
  };
  const holder = role.holder;
  let rounds = 0;
  let decisions = 0;
  let last: GateRunReport | undefined;
  let failedRounds = 0;
  for (;;) {
    rounds += 1;
    const deps = await loop.roundDeps();
    try {
      last = await runGateOnce(deps, role);
      failedRounds = 0;
    } catch (error) {
      // The listing itself failed (the cloud is throttling or down): try again next round, within reason.
      failedRounds += 1;
      if (failedRounds >= (loop.maxFailedRounds ?? 5)) throw error;
      await loop.sleep(loop.pollSeconds);
      continue;
    }
    decisions += last.decisions.length;
    loop.onRound?.(last);
    // Errors count as active: a failing turn is retried on the next round.
    if (last.active === 0 || last.yielded) {
      await releaseLeases(deps.clients, role).catch(() => undefined);
      return { rounds, stopped: last.yielded ? 'yielded' : 'idle', decisions, last, holder };
    }
    if (loop.maxRounds !== undefined && rounds >= loop.maxRounds)
      return { rounds, stopped: 'max-rounds', decisions, last, holder };
    if (loop.remainingMs() < reserveMs) {
      await loop.handOver(holder, role.memory);
      return { rounds, stopped: 'handed-over', decisions, last, holder };
    }
    // A bake that ends before the next poll is checked when it ends, not up to a poll interval later; the time the
    // round took (cloud time: none on the local cloud's clock, which a round reads once) is not slept again.
    const elapsedSeconds = (deps.now() - Date.parse(last.at)) / 1000;
    await loop.sleep(sleepSecondsAfter(last, loop.pollSeconds, elapsedSeconds));
  }
}
