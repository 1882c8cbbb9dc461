// When the gate asks for the answer that completes a passing bake: answers are
// stamped at the next whole second after they came, so a run whose first
// answer came some milliseconds before its stamp is completed by a check asked
// that much sooner — a full bake after that first answer came, no less, and
// with the same whole-second coverage as before. Without the figure, or once a
// gap of the run was cut to the coverage, the check is asked at the stamp's
// bake as before.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decideGate,
  finalCheckMs,
  GateSchema,
  NO_OBSERVATIONS,
  observe,
  type GateInput,
  type ObservationLog,
} from '../../shared/domain/index';

const FINISHED_MS = Date.parse('2026-03-02T03:00:00.000Z');
const FINISHED = new Date(FINISHED_MS).toISOString();
const SETTINGS = GateSchema.parse({ bakeSeconds: 60, pollSeconds: 5 });

/** The log after passing answers that came at `cameMs` (ms after the pause), each stamped at the next whole second. */
function answered(cameMs: readonly number[]): { log: ObservationLog; stampMs: number } {
  let log = NO_OBSERVATIONS;
  let stampMs = FINISHED_MS;
  for (const came of cameMs) {
    stampMs = FINISHED_MS + Math.ceil(came / 1000) * 1000;
    log = observe(log, { at: new Date(stampMs).toISOString(), verdict: 'pass', reasons: [] }, FINISHED_MS, SETTINGS);
  }
  return { log, stampMs };
}

function decide(log: ObservationLog, stampMs: number, runEarlyMs?: number) {
  const input: GateInput = {
    pause: { kind: 'batch', batch: 1, totalBatches: 3, finishedAt: FINISHED },
    observations: log,
    settings: SETTINGS,
    onFailure: 'rollback',
    holdReminderSeconds: 3600,
    groupSize: 10,
    now: new Date(stampMs),
    ...(runEarlyMs === undefined ? {} : { runEarlyMs }),
  };
  return decideGate(input);
}

const after = (d: ReturnType<typeof decideGate>): number =>
  d.decision === 'wait' ? Date.parse(d.recheckAt) - FINISHED_MS : Number.NaN;

describe('the check that completes a bake', () => {
  it('is asked a full bake after the first answer came, and its stamp completes the bake', () => {
    // Prepare: the first answer came 0.2 s after the pause (stamped 1 s: 800 ms early), then at 21.1 s and 42.1 s.
    const { log, stampMs } = answered([200, 21_100, 42_100]);
    // Act
    const last = decide(log, stampMs, 800);
    const finalAt = after(last);
    const done = answered([200, 21_100, 42_100, finalAt]);
    // Assess
    assert.equal(finalAt, 60_200, 'a bake after the first answer came (it was 61 000: a bake after its stamp)');
    assert.equal(decide(done.log, done.stampMs, 800).decision, 'approve');
  });

  it('is asked at the bake of the first stamp when how early it came is not known', () => {
    // Prepare
    const { log, stampMs } = answered([200, 21_100, 42_100]);
    // Act
    const last = decide(log, stampMs);
    // Assess
    assert.equal(after(last), 61_000);
  });

  it('is asked at the bake of the first stamp once a gap of the run was cut to the coverage', () => {
    // Prepare: a gap of 30 s counts only the 22 s one answer vouches for.
    const { log, stampMs } = answered([200, 31_100]);
    assert.notEqual(log.run?.coveredMs, (log.run?.lastMs ?? 0) - (log.run?.sinceMs ?? 0));
    // Act
    const next = decide(log, stampMs, 800);
    // Assess: still the spacing of a passing run (20 s), not sooner.
    assert.equal(after(next), 52_000);
    assert.equal(finalCheckMs(log.run!, stampMs, 60_000 - log.run!.coveredMs, 800) - FINISHED_MS, 32_000 + 38_000);
  });

  it('is never asked within the second of the latest answer', () => {
    // Prepare: one second of the bake left.
    const { log, stampMs } = answered([200, 20_100, 40_100, 59_100]);
    assert.equal(log.run?.coveredMs, 59_000);
    // Act
    const last = decide(log, stampMs, 800);
    // Assess: the stamp after the latest answer's, as before.
    assert.equal(after(last), 61_000);
  });
});
