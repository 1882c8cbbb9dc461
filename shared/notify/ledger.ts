// The delivery record every notifier instance shares: a ring of short hashes
// of (event id, channel), read before a send and written after it
// (docs/decisions.md). An event about a group keeps it in the group's
// `rollgate:notified` tag: an ESS tag value holds at most 128 characters, so
// that ring keeps the newest 21 deliveries; redeliveries arrive soon after the
// first, well within that. An event about no group (campaign events) keeps it
// in the OOS common parameter `rollgate-notified`, one ring for the account.
import { createHash } from 'node:crypto';
import { CloudError } from '../cloud/errors';
import type { EssApi } from '../cloud/ess-api';
import type { OosApi } from '../cloud/oos-api';
import type { RollgateEvent } from '../domain/events';
import { deliveryKey, type SeenDeliveries } from './seen';

export const NOTIFIED_TAG = 'rollgate:notified';
export const NOTIFIED_PARAMETER = 'rollgate-notified';
const TAG_VALUE_LIMIT = 128;
const ENTRY_CHARS = 6;
export const LEDGER_ENTRIES = Math.floor(TAG_VALUE_LIMIT / ENTRY_CHARS);
/** Campaign events are few (a start and an end per campaign): 100 entries are days of them, 600 characters. */
export const CAMPAIGN_LEDGER_ENTRIES = 100;

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

/** Appends the entries not yet present and keeps the newest `limit`. */
export function appendToLedger(entries: readonly string[], added: readonly string[], limit = LEDGER_ENTRIES): string {
  const ring = [...entries];
  for (const entry of added) if (!ring.includes(entry)) ring.push(entry);
  return ring.slice(-limit).join('');
}

/** Where one event's ring lives: read it, write it whole, and how many entries it keeps. */
interface RingStore {
  read(): Promise<string | undefined>;
  write(value: string, existed: boolean): Promise<void>;
  limit: number;
}

function groupTagRing(ess: EssApi, groupId: string): RingStore {
  return {
    async read() {
      const rows = await ess.listAllTagResources({ resourceIds: [groupId] });
      return rows.find((r) => r.resourceId === groupId && r.tagKey === NOTIFIED_TAG)?.tagValue;
    },
    async write(value) {
      await ess.tagResources({ resourceIds: [groupId], tags: { [NOTIFIED_TAG]: value } });
    },
    limit: LEDGER_ENTRIES,
  };
}

const isCode = (err: unknown, prefix: string): boolean => CloudError.is(err) && err.code.startsWith(prefix);

function parameterRing(oos: OosApi): RingStore {
  const description = 'rollgate notifier: deliveries of campaign events already made (a ring of short hashes)';
  return {
    async read() {
      try {
        return (await oos.getParameter({ name: NOTIFIED_PARAMETER })).value;
      } catch (err) {
        if (isCode(err, 'EntityNotExists')) return undefined;
        throw err;
      }
    },
    async write(value, existed) {
      if (existed) {
        await oos.updateParameter({ name: NOTIFIED_PARAMETER, value, description });
        return;
      }
      try {
        await oos.createParameter({ name: NOTIFIED_PARAMETER, value, description });
      } catch (err) {
        // Another instance created it first: this write is an update of it (its entries were read too late to keep;
        // the cost is at most a repeat of theirs, never a lost send of ours).
        if (!isCode(err, 'EntityAlreadyExists')) throw err;
        await oos.updateParameter({ name: NOTIFIED_PARAMETER, value, description });
      }
    },
    limit: CAMPAIGN_LEDGER_ENTRIES,
  };
}

/**
 * Checks the warm memory first (no cloud call for a repeat this instance saw),
 * then the event's ring. Recording re-reads the ring just before writing, so
 * another instance's entries written meanwhile are kept.
 */
export function createSharedLedger(clients: { ess: EssApi; oos: OosApi }, warm: SeenDeliveries): SeenDeliveries {
  const ringOf = (event: RollgateEvent): RingStore =>
    event.groupId === undefined ? parameterRing(clients.oos) : groupTagRing(clients.ess, event.groupId);
  return {
    async delivered(event, channels) {
      const known = await warm.delivered(event, channels);
      const rest = channels.filter((c) => !known.has(c));
      if (rest.length === 0) return known;
      const ring = parseLedger(await ringOf(event).read());
      for (const c of rest) if (ring.includes(ledgerEntry(event.id, c))) known.add(c);
      return known;
    },
    async record(event, channels) {
      await warm.record(event, channels);
      if (channels.length === 0) return;
      const store = ringOf(event);
      const stored = await store.read();
      const ring = parseLedger(stored);
      const value = appendToLedger(
        ring,
        channels.map((c) => ledgerEntry(event.id, c)),
        store.limit,
      );
      if (value !== ring.join('')) await store.write(value, stored !== undefined);
    },
  };
}
