// What one gate loop remembers from round to round, so a round with nothing
// to decide costs one listing: where the last full listing started its
// window, when each baking pause wants its next check, each pause as its task
// read showed it, when a running batch is expected to pause (or its progress
// next read), the instances' private addresses, the answers it folded
// into a pause's state without writing them, and how early a passing run's
// first answer came before its whole-second stamp. Memory only saves
// reads; every decision still rests on a fresh group read, and every OOS
// write re-reads the execution first (oos-writes.ts). A new loop starts with
// none; an invocation that hands over passes the next (hand-over.ts) what
// says when and where to look (the window, check and look times, quiet
// marks, ids to read again), never what a decision rests on: a payload may
// come from anyone allowed to invoke the gate.
import type { Execution } from '../../cloud/api';
import type { PauseView } from './pause';
import type { ProgressLook } from './progress';
import type { GateState } from './state';

export interface GateMemory {
  /**
   * The cheap listing's window: executions started at or after this instant (epoch ms). Every execution a round
   * can have to decide is in it: those the last round found still to watch (their starts are in the window) and
   * those started since (they start after it).
   */
  listedSinceMs?: number;
  /** The round that set the window (epoch ms, cloud time); a loop without it (a new loop) lists every status first. */
  windowSetAtMs?: number;
  /** Per execution: a bake check is not due before `atMs` while the listing still shows the execution as then. */
  nextCheck: Map<string, { pauseKey: string; atMs: number; listed: string }>;
  /** Per execution: the pause its last task read showed, while the listing still shows the execution as then. */
  pauses: Map<string, { pause: PauseView; listed: string }>;
  /** Ended executions still to decide (a final bake, a cancel to finish): their status no longer changes. */
  ended: Map<string, Execution>;
  /** Paused executions held (for a person, or starved of answers): listed by id when the window does not reach them. */
  held: Set<string>;
  /** Per execution: its last turn left nothing for the loop to do (done, held), while the listing shows it as then. */
  quiet: Map<string, string>;
  /** Per execution approved by this loop: when its next batch is expected to pause (epoch ms, cloud time). */
  expectedPause: Map<string, { atMs: number; afterPause: string }>;
  /** Per running execution with no expected pause: when to look at its instances' progress next (progress.ts). */
  progress: Map<string, ProgressLook>;
  /** Private IPs by instance id (an instance keeps its primary private address for its life). */
  privateIps: Map<string, string>;
  /**
   * Per execution: the gate state with answers this loop folded and did not write (see `mustWrite`), while the
   * group's state tag still reads `tag` (the value it was folded from). Another writer changes the tag: it is dropped.
   */
  unwritten: Map<string, { groupId: string; tag: string | undefined; state: GateState }>;
  /**
   * Per execution: how long before its whole-second stamp the first answer of the pause's passing run came (the
   * stamp rounds up), so the check that completes the bake is asked a full bake after that answer, not after its
   * stamp. Only for the run that starts at `sinceMs` of pause `pause`; a loop without it asks at the stamp's bake.
   */
  runEarly: Map<string, { pause: string; sinceMs: number; earlyMs: number }>;
}

export function newGateMemory(): GateMemory {
  return {
    nextCheck: new Map(),
    pauses: new Map(),
    ended: new Map(),
    held: new Set(),
    quiet: new Map(),
    expectedPause: new Map(),
    progress: new Map(),
    privateIps: new Map(),
    unwritten: new Map(),
    runEarly: new Map(),
  };
}

/** How the listing showed an execution: a change of any of these means it moved since it was remembered. */
export function listedAs(execution: Execution): string {
  return [execution.status, execution.waitingStatus ?? '', execution.updateDate ?? '', execution.endDate ?? ''].join(
    '|',
  );
}

/** Forgets what is remembered about executions the listing no longer shows. */
export function forgetOthers(memory: GateMemory, listedIds: ReadonlySet<string>): void {
  for (const map of [
    memory.nextCheck,
    memory.pauses,
    memory.quiet,
    memory.expectedPause,
    memory.progress,
    memory.unwritten,
    memory.runEarly,
  ])
    for (const id of map.keys()) if (!listedIds.has(id)) map.delete(id);
  for (const id of memory.held) if (!listedIds.has(id)) memory.held.delete(id);
}
