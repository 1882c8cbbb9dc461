// Which (event, channel) pairs were already delivered. MNS delivers at least
// once: a redelivery carries the same event id, so it is dropped. This memory
// is per warm function instance (bounded); `createSharedLedger` adds the record
// every instance shares (ledger.ts).
import type { RollgateEvent } from '../domain/events';

export interface SeenDeliveries {
  /** Of these channels, the ones that already got this event. */
  delivered(event: RollgateEvent, channels: readonly string[]): Promise<Set<string>>;
  /** Remembers that these channels got this event (only after a send that succeeded). */
  record(event: RollgateEvent, channels: readonly string[]): Promise<void>;
}

export function deliveryKey(eventId: string, channel: string): string {
  return `${eventId}:${channel}`;
}

export function createSeenDeliveries(limit = 5000): SeenDeliveries {
  const keys = new Set<string>();
  return {
    delivered: (event, channels) =>
      Promise.resolve(new Set(channels.filter((c) => keys.has(deliveryKey(event.id, c))))),
    record(event, channels) {
      for (const c of channels) keys.add(deliveryKey(event.id, c));
      // Sets iterate in insertion order: drop the oldest beyond the limit.
      for (const oldest of keys) {
        if (keys.size <= limit) break;
        keys.delete(oldest);
      }
      return Promise.resolve();
    },
  };
}
