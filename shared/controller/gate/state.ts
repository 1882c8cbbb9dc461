// The gate's memory of one pause, kept in the cloud so a restarted (or a
// second) gate continues where the last one stopped: one ESS group tag,
// `rollgate:gate`, with a compact value (ESS tag values hold at most 128
// characters). A group runs one rollout at a time, so one tag per group is
// enough; a value about another execution or pause is simply stale.
import type { ObservationLog } from '../../domain/gate';
import type { CheckVerdict } from '../../domain/health';

export const GATE_STATE_TAG = 'rollgate:gate';
/**
 * The latest health-check answer's first reason, for `rollgate status`: a tag
 * of its own (the state tag has no room), `<exec>/<pause>/<reason>` cut to the
 * 128 characters of an ESS tag value, written in the same call as the state.
 */
export const GATE_REASON_TAG = 'rollgate:gate-reason';
const TAG_VALUE_MAX = 128;

/**
 * `cancel` / `rollback`: that failure action was decided and is not known to be finished (a later turn finishes it;
 * status shows it meanwhile). Recorded before the first write of the action, so no reader mistakes one for the other.
 */
export type GatePhase = 'bake' | 'held' | 'cancel' | 'rollback' | 'done';

/** The trailing run of identical health-check verdicts (the domain's ObservedRun, in seconds). */
export interface VerdictRun {
  verdict: CheckVerdict;
  /** Epoch seconds of the first and the latest answer of the run. */
  since: number;
  last: number;
  count: number;
  /** Seconds of the run the gate observed (unobserved gaps left out). */
  covered: number;
}

export interface GateState {
  executionId: string;
  /** Which pause: `b<k>` after batch k, `x<k>` failure pause in batch k, `final` after success. */
  pause: string;
  phase: GatePhase;
  /** Epoch seconds the gate first saw this pause. */
  seen: number;
  run?: VerdictRun;
  /** Seconds of the pause the gate observed (the timeout counts these, not the wall clock). */
  observed: number;
  /** Epoch seconds since which the gate has been starved of answers (`gate.starved` was published). */
  starvedSince?: number;
  heldSince?: number;
  lastReminder?: number;
  /** Instances skipped earlier in this execution (carried from pause to pause). */
  skipped: number;
  /** The latest answer's first reason (kept in GATE_REASON_TAG, not in the state tag; decoding leaves it out). */
  reason?: string;
}

const VERDICT_CODE: Record<CheckVerdict, string> = { pass: 'p', fail: 'f', wait: 'w' };
const CODE_VERDICT: Record<string, CheckVerdict> = { p: 'pass', f: 'fail', w: 'wait' };
const PHASES: readonly GatePhase[] = ['bake', 'held', 'cancel', 'rollback', 'done'];

const num = (n: number | undefined): string => (n === undefined ? '' : Math.floor(n).toString(36));
const parseNum = (s: string | undefined): number | undefined => {
  if (s === undefined || s === '') return undefined;
  const n = Number.parseInt(s, 36);
  return Number.isFinite(n) ? n : undefined;
};

/**
 * `v2/<exec>/<pause>/<phase>/<seen>/<verdict><count>/<since>/<last>/<heldSince>/<lastReminder>/<skipped>/<observed>/<covered>/<starvedSince>`,
 * numbers base 36. A `v1` value (without the last three) still reads.
 */
export function encodeGateState(state: GateState): string {
  const run = state.run;
  return [
    'v2',
    state.executionId,
    state.pause,
    state.phase,
    num(state.seen),
    run === undefined ? '' : `${VERDICT_CODE[run.verdict]}${num(run.count)}`,
    num(run?.since),
    num(run?.last),
    num(state.heldSince),
    num(state.lastReminder),
    num(state.skipped),
    num(state.observed),
    num(run?.covered),
    num(state.starvedSince),
  ].join('/');
}

/** The reason tag's value: ESS refuses URLs in tag values, so a probe's `http://` is left out. */
export function encodeGateReason(state: Pick<GateState, 'executionId' | 'pause'>, reason: string): string {
  const text = reason
    .replace(/https?:\/\//gi, '')
    .replace(/\s+/g, ' ')
    .trim();
  const value = `${state.executionId}/${state.pause}/${text}`;
  return value.length <= TAG_VALUE_MAX ? value : `${value.slice(0, TAG_VALUE_MAX - 1)}…`;
}

/** The reason in a reason tag value when it is about this state's execution and pause (else it is stale). */
export function decodeGateReason(
  value: string | undefined,
  state: Pick<GateState, 'executionId' | 'pause'>,
): string | undefined {
  const prefix = `${state.executionId}/${state.pause}/`;
  return value?.startsWith(prefix) === true && value.length > prefix.length ? value.slice(prefix.length) : undefined;
}

/** The state in a tag value, or undefined when there is none or it cannot be read (then the gate starts afresh). */
export function decodeGateState(value: string | undefined): GateState | undefined {
  if (value === undefined) return undefined;
  const [
    version,
    executionId,
    pause,
    phase,
    seen,
    runCode,
    since,
    last,
    heldSince,
    lastReminder,
    skipped,
    observed,
    covered,
    starved,
  ] = value.split('/');
  if ((version !== 'v1' && version !== 'v2') || !executionId || !pause || !PHASES.includes(phase as GatePhase))
    return undefined;
  const seenAt = parseNum(seen);
  if (seenAt === undefined) return undefined;
  const state: GateState = {
    executionId,
    pause,
    phase: phase as GatePhase,
    seen: seenAt,
    skipped: parseNum(skipped) ?? 0,
    observed: parseNum(observed) ?? 0,
  };
  const verdict = CODE_VERDICT[runCode?.charAt(0) ?? ''];
  const count = parseNum(runCode?.slice(1));
  const runSince = parseNum(since);
  const runLast = parseNum(last);
  if (verdict !== undefined && count !== undefined && runSince !== undefined && runLast !== undefined) {
    state.run = { verdict, count, since: runSince, last: runLast, covered: parseNum(covered) ?? 0 };
  }
  const held = parseNum(heldSince);
  if (held !== undefined) state.heldSince = held;
  const reminded = parseNum(lastReminder);
  if (reminded !== undefined) state.lastReminder = reminded;
  const starvedSince = parseNum(starved);
  if (starvedSince !== undefined) state.starvedSince = starvedSince;
  return state;
}

/** The state for this pause: the stored one when it is about the same pause, else a fresh one. */
export function stateForPause(
  stored: GateState | undefined,
  executionId: string,
  pause: string,
  nowSeconds: number,
): GateState {
  if (stored !== undefined && stored.executionId === executionId && stored.pause === pause) return stored;
  const skipped = stored !== undefined && stored.executionId === executionId ? stored.skipped : 0;
  return { executionId, pause, phase: 'bake', seen: nowSeconds, skipped, observed: 0 };
}

/** The domain's observation log of the stored state (reasons are not stored: the latest answer brings its own). */
export function observationsOf(state: GateState, reasons: readonly string[] = []): ObservationLog {
  const run = state.run;
  return {
    observedMs: state.observed * 1000,
    ...(run === undefined
      ? {}
      : {
          run: {
            verdict: run.verdict,
            sinceMs: run.since * 1000,
            lastMs: run.last * 1000,
            count: run.count,
            coveredMs: run.covered * 1000,
          },
        }),
    reasons,
  };
}

/** The state holding `log` (whole seconds, as the gate stamps its answers). */
export function withObservations(state: GateState, log: ObservationLog): GateState {
  const run = log.run;
  const next: GateState = { ...state, observed: Math.floor(log.observedMs / 1000) };
  const reason = log.reasons[0];
  if (reason !== undefined) next.reason = reason;
  if (run === undefined) delete next.run;
  else
    next.run = {
      verdict: run.verdict,
      since: Math.floor(run.sinceMs / 1000),
      last: Math.floor(run.lastMs / 1000),
      count: run.count,
      covered: Math.floor(run.coveredMs / 1000),
    };
  return next;
}

/**
 * Whether `next` must be written over the stored state `written` for a later turn (another gate, or this loop's
 * successor) to decide as this one would: anything but the progress of the same run does (another execution,
 * pause or phase, a new run or verdict, a hold, a reminder, skips, a starvation, the reason `status` shows). The
 * progress of a run (its latest answer, count and covered time, and the observed time) is kept by the loop in
 * memory: lost to a crash, it only makes the successor count less observed time, so a bake, a timeout or the
 * failures toward `failureThreshold` take longer, never shorter — an unwritten answer is of the same verdict as
 * the written run, and the successor's next answer is credited at most one coverage from the written one.
 */
export function mustWrite(written: GateState | undefined, next: GateState, reasonTag?: string): boolean {
  if (written === undefined) return true;
  const key = (s: GateState) =>
    encodeGateState({
      ...s,
      observed: 0,
      ...(s.run === undefined ? {} : { run: { ...s.run, last: s.run.since, count: 0, covered: 0 } }),
    });
  if (key(written) !== key(next)) return true;
  return next.reason !== undefined && encodeGateReason(next, next.reason) !== reasonTag;
}
