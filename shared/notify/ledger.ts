// The delivery record every notifier instance shares: a ring of short hashes
// of (event id, channel) in the `rollgate:notified` tag of the event's scaling
// group, read before a send and written after it (docs/decisions.md). An ESS
// tag value holds at most 128 characters, so the ring keeps the newest 21
// deliveries; redeliveries arrive soon after the first, well within that.
// Events about no group (campaign events) rely on the warm instance's memory.
import { createHash } from 'node:crypto';
import type { EssApi } from '../cloud/ess-api';
import { deliveryKey, type SeenDeliveries } from './seen';

export const NOTIFIED_TAG = 'rollgate:notified';
const TAG_VALUE_LIMIT = 128;
const ENTRY_CHARS = 6;
export const LEDGER_ENTRIES = Math.floor(TAG_VALUE_LIMIT / ENTRY_CHARS);

/** Six base-36 characters (36⁶ ≈ 2.2e9 values): a false match among 21 entries is about 1 in 10⁸. */
export function ledgerEntry(eventId: string, channel: string): string {
  const n = Number.parseInt(createHash('sha256').update(deliveryKey(eventId, channel)).digest('hex').slice(0, 10), 16);
  return (n % 36 ** ENTRY_CHARS).toString(36).padStart(ENTRY_CHARS, '0');
}

export function parseLedger(value: string | undefined): string[] {
  const entries: string[] = [];
  for (let i = 0; value !== undefined && i + ENTRY_CHARS <= value.length; i += ENTRY_CHARS)
    entries.push(value.slice(i, i + ENTRY_CHARS));
  return entries;
}

/** Appends the entries not yet present and keeps the newest `LEDGER_ENTRIES`. */
export function appendToLedger(entries: readonly string[], added: readonly string[]): string {
  const ring = [...entries];
  for (const entry of added) if (!ring.includes(entry)) ring.push(entry);
  return ring.slice(-LEDGER_ENTRIES).join('');
}

async function readLedger(ess: EssApi, groupId: string): Promise<string[]> {
  const rows = await ess.listAllTagResources({ resourceIds: [groupId] });
  return parseLedger(rows.find((r) => r.resourceId === groupId && r.tagKey === NOTIFIED_TAG)?.tagValue);
}

/**
 * Checks the warm memory first (no cloud call for a repeat this instance saw),
 * then the group's ring. Recording re-reads the ring just before writing, so
 * another instance's entries written meanwhile are kept.
 */
export function createGroupLedger(ess: EssApi, warm: SeenDeliveries): SeenDeliveries {
  return {
    async delivered(event, channels) {
      const known = await warm.delivered(event, channels);
      const rest = channels.filter((c) => !known.has(c));
      if (event.groupId === undefined || rest.length === 0) return known;
      const ring = await readLedger(ess, event.groupId);
      for (const c of rest) if (ring.includes(ledgerEntry(event.id, c))) known.add(c);
      return known;
    },
    async record(event, channels) {
      await warm.record(event, channels);
      if (event.groupId === undefined || channels.length === 0) return;
      const ring = await readLedger(ess, event.groupId);
      const value = appendToLedger(
        ring,
        channels.map((c) => ledgerEntry(event.id, c)),
      );
      if (value !== ring.join(''))
        await ess.tagResources({ resourceIds: [event.groupId], tags: { [NOTIFIED_TAG]: value } });
    },
  };
}
