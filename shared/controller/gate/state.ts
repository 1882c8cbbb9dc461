// The gate's memory of one pause, kept in the cloud so a restarted (or a
// second) gate continues where the last one stopped: one ESS group tag,
// `rollgate:gate`, with a compact value (ESS tag values hold at most 128
// characters). A group runs one rollout at a time, so one tag per group is
// enough; a value about another execution or pause is simply stale.
import type { HealthSample } from '../../domain/gate';
import type { CheckVerdict } from '../../domain/health';

export const GATE_STATE_TAG = 'rollgate:gate';

/** `cancel`: a cancel was decided and its cleanup is not known to be finished (a later turn finishes it). */
export type GatePhase = 'bake' | 'held' | 'cancel' | 'done';

/** The trailing run of identical health-check verdicts (all the domain's bake logic needs). */
export interface VerdictRun {
  verdict: CheckVerdict;
  /** Epoch seconds of the first and the latest answer of the run. */
  since: number;
  last: number;
  count: number;
}

export interface GateState {
  executionId: string;
  /** Which pause: `b<k>` after batch k, `x<k>` failure pause in batch k, `final` after success. */
  pause: string;
  phase: GatePhase;
  /** Epoch seconds the gate first saw this pause. */
  seen: number;
  run?: VerdictRun;
  heldSince?: number;
  lastReminder?: number;
  /** Instances skipped earlier in this execution (carried from pause to pause). */
  skipped: number;
}

const VERDICT_CODE: Record<CheckVerdict, string> = { pass: 'p', fail: 'f', wait: 'w' };
const CODE_VERDICT: Record<string, CheckVerdict> = { p: 'pass', f: 'fail', w: 'wait' };
const PHASES: readonly GatePhase[] = ['bake', 'held', 'cancel', 'done'];

const num = (n: number | undefined): string => (n === undefined ? '' : Math.floor(n).toString(36));
const parseNum = (s: string | undefined): number | undefined => {
  if (s === undefined || s === '') return undefined;
  const n = Number.parseInt(s, 36);
  return Number.isFinite(n) ? n : undefined;
};

/** `v1/<exec>/<pause>/<phase>/<seen>/<verdict><count>/<since>/<last>/<heldSince>/<lastReminder>/<skipped>`, numbers base 36. */
export function encodeGateState(state: GateState): string {
  const run = state.run;
  return [
    'v1',
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
  ].join('/');
}

/** The state in a tag value, or undefined when there is none or it cannot be read (then the gate starts afresh). */
export function decodeGateState(value: string | undefined): GateState | undefined {
  if (value === undefined) return undefined;
  const [version, executionId, pause, phase, seen, runCode, since, last, heldSince, lastReminder, skipped] = value.split('/');
  if (version !== 'v1' || !executionId || !pause || !PHASES.includes(phase as GatePhase)) return undefined;
  const seenAt = parseNum(seen);
  if (seenAt === undefined) return undefined;
  const state: GateState = { executionId, pause, phase: phase as GatePhase, seen: seenAt, skipped: parseNum(skipped) ?? 0 };
  const verdict = CODE_VERDICT[runCode?.charAt(0) ?? ''];
  const count = parseNum(runCode?.slice(1));
  const runSince = parseNum(since);
  const runLast = parseNum(last);
  if (verdict !== undefined && count !== undefined && runSince !== undefined && runLast !== undefined) {
    state.run = { verdict, count, since: runSince, last: runLast };
  }
  const held = parseNum(heldSince);
  if (held !== undefined) state.heldSince = held;
  const reminded = parseNum(lastReminder);
  if (reminded !== undefined) state.lastReminder = reminded;
  return state;
}

/** The state for this pause: the stored one when it is about the same pause, else a fresh one. */
export function stateForPause(stored: GateState | undefined, executionId: string, pause: string, nowSeconds: number): GateState {
  if (stored !== undefined && stored.executionId === executionId && stored.pause === pause) return stored;
  const skipped = stored !== undefined && stored.executionId === executionId ? stored.skipped : 0;
  return { executionId, pause, phase: 'bake', seen: nowSeconds, skipped };
}

/** The run after one more answer: longer when the verdict repeats, a new run otherwise. */
export function extendRun(run: VerdictRun | undefined, verdict: CheckVerdict, atSeconds: number): VerdictRun {
  if (run !== undefined && run.verdict === verdict) return { ...run, last: atSeconds, count: run.count + 1 };
  return { verdict, since: atSeconds, last: atSeconds, count: 1 };
}

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

/**
 * The samples the domain's decideGate reads, rebuilt from the run: it looks
 * only at the trailing run (its first and latest answer, and its length).
 */
export function samplesOf(run: VerdictRun | undefined, latest: { reasons: readonly string[]; measured?: Readonly<Record<string, number>> }): HealthSample[] {
  if (run === undefined) return [];
  const last: HealthSample = { at: iso(run.last), verdict: run.verdict, reasons: latest.reasons, ...(latest.measured ? { measured: latest.measured } : {}) };
  if (run.verdict === 'fail') return [...Array.from({ length: run.count - 1 }, () => ({ ...last })), last];
  if (run.count === 1 || run.since === run.last) return [last];
  return [{ at: iso(run.since), verdict: run.verdict, reasons: [] }, last];
}
