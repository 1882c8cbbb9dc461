import * as z from 'zod';

/**
 * Events as Function Compute 3.0 hands them to a built-in Node.js runtime
 * (../shared/research/alibaba-api.md §1). The event arrives as a Buffer.
 */

/** MNS topic trigger, notifyContentFormat JSON. PublishTime is a number in FC's sample and a string in MNS's. */
export const MnsTopicTriggerEventSchema = z.object({
  TopicOwner: z.string(),
  TopicName: z.string(),
  Subscriber: z.string().optional(),
  SubscriptionName: z.string().optional(),
  MessageId: z.string(),
  Message: z.string(),
  MessageMD5: z.string().optional(),
  MessageTag: z.string().optional(),
  PublishTime: z.union([z.number(), z.string()]).optional(),
});
export type MnsTopicTriggerEvent = z.infer<typeof MnsTopicTriggerEventSchema>;

export const TimerTriggerEventSchema = z.object({
  triggerTime: z.string(),
  triggerName: z.string(),
  payload: z.string().optional(),
});
export type TimerTriggerEvent = z.infer<typeof TimerTriggerEventSchema>;

export const HttpTriggerEventSchema = z.object({
  version: z.string().optional(),
  rawPath: z.string(),
  body: z.string().optional().default(''),
  isBase64Encoded: z.boolean().optional().default(false),
  headers: z.record(z.string(), z.string()).optional().default({}),
  queryParameters: z.record(z.string(), z.string()).optional().default({}),
  requestContext: z
    .object({
      requestId: z.string().optional(),
      http: z
        .object({ method: z.string(), path: z.string().optional(), sourceIp: z.string().optional() })
        .partial()
        .optional(),
    })
    .passthrough()
    .optional(),
});
export type HttpTriggerEvent = z.infer<typeof HttpTriggerEventSchema>;

export class EventParseError extends Error {
  constructor(
    readonly source: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${message}`, options);
    this.name = 'EventParseError';
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** Bytes → JSON → schema, naming the failing path on error. */
export function parseEventBytes<T extends z.ZodTypeAny>(source: string, schema: T, event: unknown): z.infer<T> {
  const text = Buffer.isBuffer(event)
    ? event.toString('utf8')
    : typeof event === 'string'
      ? event
      : JSON.stringify(event);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new EventParseError(source, `not JSON (${text.slice(0, 80)})`, { cause });
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new EventParseError(source, describeIssues(result.error), { cause: result.error });
  return result.data;
}

/**
 * An MNS topic trigger delivers either the JSON envelope or, in STREAM format,
 * the raw message body. Accept both: rollgate configures JSON, but a trigger
 * created by hand defaults to STREAM.
 */
export function mnsMessageBody(event: unknown): { body: string; envelope?: MnsTopicTriggerEvent } {
  const text = Buffer.isBuffer(event)
    ? event.toString('utf8')
    : typeof event === 'string'
      ? event
      : JSON.stringify(event);
  try {
    const parsed = MnsTopicTriggerEventSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { body: parsed.data.Message, envelope: parsed.data };
  } catch {
    // not JSON: STREAM format with a non-JSON body
  }
  return { body: text };
}

/**
 * What starts the gate function: why, and on a hand-over the lease holder the new invocation continues as (and the
 * loop's memory: `GateHandOverEventSchema` in gate-memory.ts, which only the gate function bundles).
 */
export const GateStartEventSchema = z.object({
  reason: z.string().optional(),
  holder: z
    .string()
    .regex(/^g[0-9a-z]+-[0-9a-f]+$/, 'a lease holder id like g<start>-<hex>')
    .optional(),
});
export type GateStartEvent = z.infer<typeof GateStartEventSchema>;
