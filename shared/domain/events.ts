// The closed set of rollgate notifications. The notifier renders them; the id
// lets a consumer drop a duplicate delivery.
import * as z from 'zod';
import { stableId } from './hash';

export const EVENT_TYPES = [
  'campaign.started',
  'rollout.started',
  'batch.paused',
  'batch.passed',
  'batch.failed',
  'gate.misconfigured',
  'rollout.succeeded',
  'rollout.failed',
  'rollout.rolled_back',
  'rollout.held',
  'rollout.cancelled',
  'rollout.hold_reminder',
  'rollout.window_closed',
  'rollout.frozen',
  'gate.starved',
  'campaign.stopped',
  'campaign.completed',
  'scaling.error_during_rollout',
  'revision.rejected',
  'drift.detected',
  'drift.repair_started',
  'drift.repaired',
  'drift.failed',
] as const;
export const EventTypeSchema = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventTypeSchema>;

const DetailSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]),
);
export type EventDetail = z.infer<typeof DetailSchema>;

export const RollgateEventSchema = z.strictObject({
  id: z.string().min(1),
  type: EventTypeSchema,
  at: z.iso.datetime({ offset: true }),
  groupId: z.string().optional(),
  executionId: z.string().optional(),
  campaignId: z.string().optional(),
  revision: z.string().optional(),
  /** Short human text: what happened and why. */
  message: z.string(),
  detail: DetailSchema.default({}),
});
export type RollgateEvent = z.infer<typeof RollgateEventSchema>;

export type EventInput = Omit<RollgateEvent, 'id' | 'detail'> & { detail?: EventDetail };

/**
 * Deterministic id: the same fact (type, ids, batch) always gets the same id,
 * whenever and however often it is reported. Hold reminders are distinct facts
 * per reminder, so their time is part of the id; a drift repair is one fact per
 * Cloud Assistant invocation, so its invocation is.
 */
export function eventId(input: EventInput): string {
  const batch = input.detail?.['batch'];
  const parts = [
    input.type,
    input.campaignId ?? '',
    input.groupId ?? '',
    input.executionId ?? '',
    input.revision ?? '',
    batch === undefined || batch === null ? '' : String(batch),
    input.type === 'rollout.hold_reminder' ? input.at : '',
  ];
  const invokeId = input.detail?.['invokeId'];
  if (input.type.startsWith('drift.') && typeof invokeId === 'string') parts.push(invokeId);
  return stableId('evt-', parts, 24);
}

export function makeEvent(input: EventInput): RollgateEvent {
  return { ...input, id: eventId(input), detail: input.detail ?? {} };
}

/** Parses an event from unknown input (a topic message, a test fixture). */
export function parseEvent(input: unknown): RollgateEvent {
  return RollgateEventSchema.parse(input);
}
