import * as z from 'zod';
import { GateStartEventSchema } from './fc-events';

/**
 * What of a gate loop's memory a hand-over carries to the next invocation (shared/controller/gate/memory.ts): Maps as
 * entry arrays, Sets as arrays, under a format version. Anything else (another version, a field of the wrong shape)
 * is not this format: the next invocation starts with no memory. Only when to look and which executions to look at:
 * anyone allowed to invoke the gate function can send a payload, so nothing a decision rests on comes from it (see
 * hand-over.ts). The version changes with any change of a field's meaning, not only of its shape.
 */
export const GATE_MEMORY_FORMAT = 2;

/**
 * The largest serialised memory a hand-over carries (UTF-8 bytes): well under Function Compute's 128 KB limit of an
 * async invocation's payload. A larger memory is left out of the hand-over, and a larger one received is ignored.
 */
export const MAX_GATE_MEMORY_BYTES = 64 * 1024;

const id = z.string().min(1);
const ms = z.number().finite();
const entries = <V extends z.ZodTypeAny>(value: V) => z.array(z.tuple([id, value]));

export const GateMemoryWireSchema = z.object({
  format: z.literal(GATE_MEMORY_FORMAT),
  listedSinceMs: ms.optional(),
  windowSetAtMs: ms.optional(),
  nextCheck: entries(z.object({ pauseKey: z.string(), atMs: ms, listed: z.string() })),
  /** Ended executions still to decide and held pauses: ids only, each read again by the next invocation. */
  reread: z.array(id),
  quiet: entries(z.string()),
  expectedPause: entries(z.object({ atMs: ms, afterPause: z.string() })),
  progress: entries(
    z.object({ nextLookMs: ms, seen: z.boolean(), nearUntilMs: ms.optional(), nearKey: z.string().optional() }),
  ),
});
export type GateMemoryWire = z.infer<typeof GateMemoryWireSchema>;

/** The gate's start event with the memory a hand-over carries, left unparsed: a memory that does not parse is ignored, not the start. */
export const GateHandOverEventSchema = GateStartEventSchema.extend({ memory: z.unknown().optional() });
