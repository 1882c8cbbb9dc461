// What a gate invocation hands to the next before its timeout: the lease
// holder it continues as and the loop's memory (memory.ts), so the next
// invocation goes on from the last round instead of listing every status and
// reading every pause again. The memory is only a saving: a start without it
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
import type { GateMemory } from './memory';

/** Why a hand-over starts the next invocation (the start event's `reason`). */
export const HAND_OVER_REASON = 'hand-over before timeout';

/** The memory as the payload carries it (memory.ts field by field; see shared/schemas/gate-memory.ts). */
export function serialiseGateMemory(memory: GateMemory): GateMemoryWire {
  return {
    format: GATE_MEMORY_FORMAT,
    ...(memory.listedSinceMs === undefined ? {} : { listedSinceMs: memory.listedSinceMs }),
    ...(memory.windowSetAtMs === undefined ? {} : { windowSetAtMs: memory.windowSetAtMs }),
    nextCheck: [...memory.nextCheck],
    pauses: [...memory.pauses],
    ended: [...memory.ended],
    held: [...memory.held],
    quiet: [...memory.quiet],
    expectedPause: [...memory.expectedPause],
    progress: [...memory.progress],
    privateIps: [...memory.privateIps],
    unwritten: [...memory.unwritten],
    runEarly: [...memory.runEarly],
  };
}

/** The memory a parsed payload carried. */
export function gateMemoryOf(wire: GateMemoryWire): GateMemory {
  return {
    ...(wire.listedSinceMs === undefined ? {} : { listedSinceMs: wire.listedSinceMs }),
    ...(wire.windowSetAtMs === undefined ? {} : { windowSetAtMs: wire.windowSetAtMs }),
    nextCheck: new Map(wire.nextCheck),
    pauses: new Map(wire.pauses),
    ended: new Map(wire.ended),
    held: new Set(wire.held),
    quiet: new Map(wire.quiet),
    expectedPause: new Map(wire.expectedPause),
    progress: new Map(wire.progress),
    privateIps: new Map(wire.privateIps),
    unwritten: new Map(wire.unwritten.map(([executionId, { tag, state }]) => [executionId, { tag, state }])),
    runEarly: new Map(wire.runEarly),
  };
}

/**
 * The memory as the payload carries it, within MAX_GATE_MEMORY_BYTES (serialised): a larger memory goes without its
 * private addresses (the bulk of a large fleet's memory, and the cheapest to read again: one DescribeInstances per
 * 100 instances); one still larger is left out, and `memoryLeftOut` says how large it was (bytes).
 */
export function handedOverMemory(memory: GateMemory): { wire: GateMemoryWire } | { memoryLeftOut: number } {
  const bytes = (wire: GateMemoryWire) => Buffer.byteLength(JSON.stringify(wire), 'utf8');
  const wire = serialiseGateMemory(memory);
  if (bytes(wire) <= MAX_GATE_MEMORY_BYTES) return { wire };
  const lighter = serialiseGateMemory({ ...memory, privateIps: new Map() });
  const lighterBytes = bytes(lighter);
  return lighterBytes <= MAX_GATE_MEMORY_BYTES ? { wire: lighter } : { memoryLeftOut: lighterBytes };
}

/**
 * Starts the next invocation of the gate (kick.ts), which continues as `holder` from `memory`. The hand-over goes
 * whether or not the memory fits (`memoryLeftOut`: it did not).
 */
export async function handOverGate(
  clients: CloudClients,
  functionName: string,
  holder: string,
  memory: GateMemory | undefined,
): Promise<{ memoryLeftOut?: number }> {
  const handed = memory === undefined ? undefined : handedOverMemory(memory);
  const wire = handed !== undefined && 'wire' in handed ? handed.wire : undefined;
  await kickGate(clients, functionName, HAND_OVER_REASON, holder, wire);
  return handed !== undefined && 'memoryLeftOut' in handed ? { memoryLeftOut: handed.memoryLeftOut } : {};
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
