// The notifier's use case: one topic message → the event → every channel.
// A message that is not a rollgate event is acknowledged and logged (a
// redelivery would fail the same way); a transient channel failure throws,
// so the MNS trigger redelivers and only the channels not yet served retry.
import { parseEvent } from '../domain/events';
import type { Channel } from '../domain/policy';
import type { Logger } from '../log';
import { notifyEvent, type Delivery, type NotifyDeps } from './notify';

export class NotifyRetryError extends Error {
  constructor(readonly deliveries: Delivery[]) {
    super(
      `transient delivery failure: ${deliveries
        .filter((d) => d.result === 'failed')
        .map((d) => d.channel)
        .join(', ')}`,
    );
    this.name = 'NotifyRetryError';
  }
}

export async function deliverMessage(
  body: string,
  channels: readonly Channel[],
  deps: NotifyDeps,
  log: Logger,
): Promise<Record<string, unknown>> {
  let event;
  try {
    event = parseEvent(JSON.parse(body));
  } catch (err) {
    log.warn({ err, body: body.slice(0, 200) }, 'not a rollgate event; dropped');
    return { status: 'rejected', error: 'not a rollgate event' };
  }
  const deliveries = await notifyEvent(event, channels, deps);
  const elog = log.child({
    eventId: event.id,
    eventType: event.type,
    groupId: event.groupId,
    executionId: event.executionId,
    campaignId: event.campaignId,
  });
  for (const d of deliveries) {
    if (d.result === 'failed') elog.error({ delivery: d }, `notification to ${d.channel} failed`);
    else if (d.result === 'sent' && d.recordError !== undefined)
      elog.warn({ delivery: d }, `notification sent to ${d.channel} but not recorded`);
    else elog.info({ delivery: d }, `notification ${d.result}`);
  }
  if (deliveries.some((d) => d.result === 'failed' && d.transient)) throw new NotifyRetryError(deliveries);
  return { status: 'done', eventId: event.id, deliveries: deliveries.map((d) => `${d.channel}:${d.result}`) };
}
