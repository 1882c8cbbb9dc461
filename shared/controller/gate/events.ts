// The gate's state changes as rollgate events on the events topic (the
// notifier renders them). Ids are deterministic per fact, so a decision
// repeated by a second gate publishes a duplicate the notifier drops.
import { makeEvent, type EventDetail, type EventType, type RollgateEvent } from '../../domain/events';
import { publishEvent } from '../execute/publish-event';
import type { GateContext } from './context';

export function gateEvent(ctx: GateContext, type: EventType, message: string, detail: EventDetail = {}): RollgateEvent {
  const { id, pause } = ctx;
  return makeEvent({
    type,
    at: new Date(ctx.nowMs).toISOString(),
    groupId: id.groupId,
    executionId: id.executionId,
    ...(id.campaignId === '' ? {} : { campaignId: id.campaignId }),
    revision: id.revision,
    message,
    detail: {
      batch: pause.batch,
      totalBatches: pause.total,
      kind: id.kind,
      ...(id.rollbackOf === undefined ? {} : { rollbackOf: id.rollbackOf }),
      ...detail,
    },
  });
}

/** Publishes; a failed publish is logged, never undoes the decision (the next state change is reported anyway). */
export async function emit(ctx: GateContext, event: RollgateEvent): Promise<RollgateEvent | undefined> {
  try {
    await publishEvent(ctx.deps.clients, ctx.deps.eventsTopic, event);
    ctx.log.info({ eventType: event.type, eventId: event.id }, event.message);
    return event;
  } catch (err) {
    ctx.log.error({ err, eventType: event.type }, 'event could not be published');
    return undefined;
  }
}

/** Measured values as event detail (numbers only, a bounded number of them). */
export function measuredDetail(measured: Readonly<Record<string, number>>, limit = 12): EventDetail {
  return Object.fromEntries(
    Object.entries(measured)
      .slice(0, limit)
      .map(([k, v]) => [`measured.${k}`, v]),
  );
}
