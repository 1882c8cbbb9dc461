// What a gate invocation hands to the next before its timeout: the lease
// holder it continues as and what of the loop's memory (memory.ts) only says
// when and where to look, so the next invocation goes on from the last round
// instead of listing every status and polling every batch again. The memory is only a saving: a start without it
// (a kick, a manual invoke, a payload of another format, too large or
// malformed) starts a loop with none, as a new loop does.
import { parseEventBytes } from '../../schemas/fc-events';
import {
  GATE_MEMORY_FORMAT,
  GateHandOverEventSchema,
  GateMemoryWireSchema,
  MAX_GATE_MEMORY_BYTES,
  type GateMemoryWire,
} from '../../schemas/gate-memory';
import type { CloudClients } from '../../cloud/api';
import { kickGate } from './kick';
import { newGateMemory, type GateMemory } from './memory';
import { saveGateState } from './save-state';
import { GATE_STATE_TAG } from './state';

/** Why a hand-over starts the next invocation (the start event's `reason`). */
export const HAND_OVER_REASON = 'hand-over before timeout';

/**
 * What the payload carries of the memory: when to look and which executions to look at, never what a decision
 * rests on. Anyone allowed to invoke the gate function can send a payload, so a pause's task read (its batch's
 * instances), the instances' addresses, answers folded and not written (`unwritten`: covered time) and how early a
 * run's first answer came (`runEarly`) are not carried: taken from a payload they could let a batch go on without
 * its bake. The next invocation reads the pauses and addresses again, and the folded answers are written to their
 * groups' state tags before the hand-over (`writeUnwritten`). Ended executions still to decide and held pauses go as
 * ids, read again by id. What is carried can only make a look sooner or later, or an execution looked at or left to
 * the minute reconcile: never a check counted that did not happen.
 */
export function serialiseGateMemory(memory: GateMemory): GateMemoryWire {
  return {
    format: GATE_MEMORY_FORMAT,
    ...(memory.listedSinceMs === undefined ? {} : { listedSinceMs: memory.listedSinceMs }),
    ...(memory.windowSetAtMs === undefined ? {} : { windowSetAtMs: memory.windowSetAtMs }),
    nextCheck: [...memory.nextCheck],
    reread: [...new Set([...memory.ended.keys(), ...memory.held])],
    quiet: [...memory.quiet],
    expectedPause: [...memory.expectedPause],
    progress: [...memory.progress],
  };
}

/** The memory a parsed payload carried: the executions to read again are read by id, as held pauses are (run-gate.ts). */
export function gateMemoryOf(wire: GateMemoryWire): GateMemory {
  return {
    ...newGateMemory(),
    ...(wire.listedSinceMs === undefined ? {} : { listedSinceMs: wire.listedSinceMs }),
    ...(wire.windowSetAtMs === undefined ? {} : { windowSetAtMs: wire.windowSetAtMs }),
    nextCheck: new Map(wire.nextCheck),
    held: new Set(wire.reread),
    quiet: new Map(wire.quiet),
    expectedPause: new Map(wire.expectedPause),
    progress: new Map(wire.progress),
  };
}

/** The memory as the payload carries it, within MAX_GATE_MEMORY_BYTES (serialised); one larger is left out. */
export function handedOverMemory(memory: GateMemory): { wire: GateMemoryWire } | { memoryLeftOut: number } {
  const wire = serialiseGateMemory(memory);
  const bytes = Buffer.byteLength(JSON.stringify(wire), 'utf8');
  return bytes <= MAX_GATE_MEMORY_BYTES ? { wire } : { memoryLeftOut: bytes };
}

/**
 * Writes the answers the loop folded into a pause's state without writing them (memory.ts `unwritten`) to their
 * groups' state tags, each only while the tag still reads what it was folded from (read again here: a hold or
 * another writer since wins). One DescribeScalingGroups per 20 such groups and one TagResources per state. A
 * failure loses only those answers: the next invocation counts less observed time, never more.
 */
export async function writeUnwritten(clients: CloudClients, memory: GateMemory): Promise<number> {
  const pending = [...memory.unwritten.values()];
  if (pending.length === 0) return 0;
  const groupIds = [...new Set(pending.map((p) => p.groupId))];
  const groups = await clients.ess.listAllScalingGroups({ scalingGroupIds: groupIds });
  const tagNow = new Map(groups.map((g) => [g.scalingGroupId, g.tags[GATE_STATE_TAG]]));
  let written = 0;
  for (const { groupId, tag, state } of pending) {
    if (!tagNow.has(groupId) || tagNow.get(groupId) !== tag) continue;
    if ((await saveGateState(clients, groupId, tag, state)) === 'updated') written += 1;
  }
  memory.unwritten.clear();
  return written;
}

/**
 * Starts the next invocation of the gate (kick.ts), which continues as `holder` from `memory`, once the answers the
 * memory holds unwritten are in the groups' tags. The hand-over goes whether or not the memory fits
 * (`memoryLeftOut`: it did not) and whether or not those writes succeeded (`unwrittenLost`).
 */
export async function handOverGate(
  clients: CloudClients,
  functionName: string,
  holder: string,
  memory: GateMemory | undefined,
): Promise<{ memoryLeftOut?: number; unwrittenLost?: string }> {
  let unwrittenLost: string | undefined;
  if (memory !== undefined)
    await writeUnwritten(clients, memory).catch((error: unknown) => {
      unwrittenLost = error instanceof Error ? error.message : String(error);
    });
  const handed = memory === undefined ? undefined : handedOverMemory(memory);
  const wire = handed !== undefined && 'wire' in handed ? handed.wire : undefined;
  await kickGate(clients, functionName, HAND_OVER_REASON, holder, wire);
  return {
    ...(handed !== undefined && 'memoryLeftOut' in handed ? { memoryLeftOut: handed.memoryLeftOut } : {}),
    ...(unwrittenLost === undefined ? {} : { unwrittenLost }),
  };
}

export interface GateStart {
  holder?: string;
  memory?: GateMemory;
  /** Why the loop starts with no memory (none handed over, or what was wrong with it); unset when it has one. */
  noMemory?: string;
}

/**
 * Reads the gate's start event: the holder it continues as and the memory handed over, each only when readable. A
 * payload without a readable holder starts a new loop; a memory that is missing, of another format version, too
 * large or malformed is ignored (the loop starts with none), and `noMemory` says why.
 */
export function gateStartOf(event: unknown): GateStart {
  let start: { holder?: string; memory?: unknown };
  try {
    start = parseEventBytes('gate', GateHandOverEventSchema, event);
  } catch (error) {
    // A start without a readable payload (a manual invoke) starts a new loop.
    return { noMemory: `unreadable start event (${error instanceof Error ? error.message : String(error)})` };
  }
  const holder = start.holder === undefined ? {} : { holder: start.holder };
  const ignored = (why: string): GateStart => ({ ...holder, noMemory: why });
  if (start.memory === undefined) return ignored('no memory handed over');
  if (start.holder === undefined) return ignored('memory without a lease holder');
  const bytes = Buffer.byteLength(JSON.stringify(start.memory), 'utf8');
  if (bytes > MAX_GATE_MEMORY_BYTES) return ignored(`memory of ${bytes} bytes, over ${MAX_GATE_MEMORY_BYTES}`);
  const format = (start.memory as { format?: unknown } | null)?.format;
  if (format !== GATE_MEMORY_FORMAT)
    return ignored(`memory of format ${JSON.stringify(format)}, not ${GATE_MEMORY_FORMAT}`);
  const wire = GateMemoryWireSchema.safeParse(start.memory);
  if (!wire.success) {
    const issue = wire.error.issues[0];
    return ignored(`malformed memory (${issue === undefined ? '' : `${issue.path.join('.')}: ${issue.message}`})`);
  }
  return { ...holder, memory: gateMemoryOf(wire.data) };
}
