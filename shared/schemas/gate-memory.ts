import * as z from 'zod';
import { GateStartEventSchema } from './fc-events';

/**
 * A gate loop's memory as a hand-over carries it to the next invocation (shared/controller/gate/memory.ts): Maps as
 * entry arrays, Sets as arrays, under a format version. Anything else (another version, a field of the wrong shape)
 * is not this format: the next invocation starts with no memory.
 */
export const GATE_MEMORY_FORMAT = 1;

/**
 * The largest serialised memory a hand-over carries (UTF-8 bytes): well under Function Compute's 128 KB limit of an
 * async invocation's payload. A larger memory is left out of the hand-over, and a larger one received is ignored.
 */
export const MAX_GATE_MEMORY_BYTES = 64 * 1024;

const id = z.string().min(1);
const ms = z.number().finite();
const entries = <V extends z.ZodTypeAny>(value: V) => z.array(z.tuple([id, value]));

const ExecutionSchema = z.object({
  executionId: id,
  templateName: z.string().optional(),
  templateVersion: z.string().optional(),
  status: z.string(),
  statusMessage: z.string().optional(),
  statusReason: z.string().optional(),
  mode: z.string().optional(),
  loopMode: z.string().optional(),
  safetyCheck: z.string().optional(),
  description: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()),
  outputs: z.record(z.string(), z.unknown()),
  tags: z.record(z.string(), z.string()),
  parentExecutionId: z.string().optional(),
  isParent: z.boolean().optional(),
  counters: z.record(z.string(), z.number()).optional(),
  waitingStatus: z.string().optional(),
  currentTasks: z.array(z.unknown()),
  createDate: z.string().optional(),
  startDate: z.string().optional(),
  endDate: z.string().optional(),
  updateDate: z.string().optional(),
});

const PauseViewSchema = z.object({
  kind: z.enum(['batch', 'failure', 'final']),
  key: z.string(),
  batch: z.number().int(),
  total: z.number().int(),
  finishedAt: z.string(),
  startedAt: z.string().optional(),
  batchInstanceIds: z.array(z.string()),
  itemInstanceIds: z.array(z.string()),
  failed: z.array(
    z.object({
      instanceId: z.string(),
      taskExecutionId: z.string(),
      childExecutionId: z.string().optional(),
      retries: z.number().int(),
    }),
  ),
});

const GateStateSchema = z.object({
  executionId: id,
  pause: z.string(),
  phase: z.enum(['bake', 'held', 'cancel', 'rollback', 'done']),
  seen: z.number().finite(),
  run: z
    .object({
      verdict: z.enum(['pass', 'fail', 'wait']),
      since: z.number().finite(),
      last: z.number().finite(),
      count: z.number().int(),
      covered: z.number().finite(),
    })
    .optional(),
  observed: z.number().finite(),
  starvedSince: z.number().finite().optional(),
  heldSince: z.number().finite().optional(),
  lastReminder: z.number().finite().optional(),
  skipped: z.number().int(),
  reason: z.string().optional(),
});

export const GateMemoryWireSchema = z.object({
  format: z.literal(GATE_MEMORY_FORMAT),
  listedSinceMs: ms.optional(),
  windowSetAtMs: ms.optional(),
  nextCheck: entries(z.object({ pauseKey: z.string(), atMs: ms, listed: z.string() })),
  pauses: entries(z.object({ pause: PauseViewSchema, listed: z.string() })),
  ended: entries(ExecutionSchema),
  held: z.array(id),
  quiet: entries(z.string()),
  expectedPause: entries(z.object({ atMs: ms, afterPause: z.string() })),
  progress: entries(
    z.object({ nextLookMs: ms, seen: z.boolean(), nearUntilMs: ms.optional(), nearKey: z.string().optional() }),
  ),
  privateIps: entries(z.string()),
  unwritten: entries(z.object({ tag: z.string().optional(), state: GateStateSchema })),
  runEarly: entries(z.object({ pause: z.string(), sinceMs: ms, earlyMs: ms })),
});
export type GateMemoryWire = z.infer<typeof GateMemoryWireSchema>;

/** The gate's start event with the memory a hand-over carries, left unparsed: a memory that does not parse is ignored, not the start. */
export const GateHandOverEventSchema = GateStartEventSchema.extend({ memory: z.unknown().optional() });
