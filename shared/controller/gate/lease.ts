// One gate loop at a time: a lease per group in the group's tags (the cloud
// state rollgate already keeps), `rollgate:gate-lease` = `<holder>/<expiry>`.
// A loop takes the lease of every group it decides and renews it while it
// runs; it expires when the loop stops without releasing it (FC killed it),
// and anyone may then take it. Holder ids begin with the loop's start time:
// the older loop wins, and a younger loop that meets an older one's live
// lease ends itself, so loops started one after another converge on one. The
// minute reconcile's safety-net turn only observes: it decides a pause only
// when no live lease says a loop is watching it. Tags are no compare-and-swap:
// two loops writing at the same instant may both decide one round, which the
// idempotent decisions absorb; the next round leaves one.
import { randomBytes } from 'node:crypto';
import type { CloudClients } from '../../cloud/api';
import type { GateMemory } from './memory';

export const GATE_LEASE_TAG = 'rollgate:gate-lease';

export interface Lease {
  holder: string;
  /** Epoch seconds (cloud time) after which the lease is free. */
  expiresAt: number;
}

/** How a gate turn treats leases: a loop holds them, the reconcile's turn only respects them. */
export type LeaseRole =
  | {
      role: 'loop';
      holder: string;
      seconds: number;
      held: Set<string>;
      /** What the loop remembers between its rounds (created by its first round). */
      memory?: GateMemory;
    }
  | { role: 'observer' };

export const OBSERVER: LeaseRole = { role: 'observer' };

/** A holder id that orders by start time: `g<start ms, base 36>-<random>`. */
export function newHolder(startMs: number): string {
  return `g${startMs.toString(36)}-${randomBytes(3).toString('hex')}`;
}

/**
 * The lease a loop of `pollSeconds` holds: long enough for a slow round or two, short enough to be taken over soon.
 * It is renewed by the turns that read the group, which a passing bake makes only every `checkSeconds` (the
 * longest of the policy's), so it lasts more than two of those: a loop between two checks still holds it.
 */
export function leaseSeconds(pollSeconds: number, checkSeconds = 0): number {
  return Math.max(60, 6 * pollSeconds, 2 * checkSeconds + 10);
}

export function encodeLease(lease: Lease): string {
  return `${lease.holder}/${Math.floor(lease.expiresAt).toString(36)}`;
}

export function decodeLease(value: string | undefined): Lease | undefined {
  const [holder, expiry] = (value ?? '').split('/');
  const expiresAt = Number.parseInt(expiry ?? '', 36);
  if (!holder || !Number.isFinite(expiresAt)) return undefined;
  return { holder, expiresAt };
}

function startOf(holder: string): number {
  const n = Number.parseInt(holder.slice(1).split('-')[0] ?? '', 36);
  return Number.isFinite(n) ? n : Number.POSITIVE_INFINITY;
}

/** True when `a` started before `b` (ties broken by the id, so exactly one of two is older). */
export function olderThan(a: string, b: string): boolean {
  const sa = startOf(a);
  const sb = startOf(b);
  return sa !== sb ? sa < sb : a < b;
}

/**
 * What this turn does about a group whose lease tag reads `lease`:
 * `decide` (after taking or renewing it when `write` is set), `watched`
 * (another live loop decides it: skip), or `yield` (an older loop runs: end).
 */
export function leaseVerdict(
  role: LeaseRole,
  lease: Lease | undefined,
  nowS: number,
): { verdict: 'decide'; write?: Lease } | { verdict: 'watched' | 'yield' } {
  const live = lease !== undefined && lease.expiresAt > nowS;
  if (role.role === 'observer') return live ? { verdict: 'watched' } : { verdict: 'decide' };
  if (live && lease.holder !== role.holder && olderThan(lease.holder, role.holder)) return { verdict: 'yield' };
  const renewDue = !live || lease.holder !== role.holder || lease.expiresAt - nowS < role.seconds / 2;
  return renewDue
    ? { verdict: 'decide', write: { holder: role.holder, expiresAt: nowS + role.seconds } }
    : { verdict: 'decide' };
}

export async function writeLease(clients: CloudClients, groupId: string, lease: Lease): Promise<void> {
  await clients.ess.tagResources({ resourceIds: [groupId], tags: { [GATE_LEASE_TAG]: encodeLease(lease) } });
}

/** A loop that ends hands its leases back (expired at once), so the next loop need not wait for them to run out. */
export async function releaseLeases(clients: CloudClients, role: LeaseRole): Promise<void> {
  if (role.role !== 'loop') return;
  for (const groupId of role.held) await writeLease(clients, groupId, { holder: role.holder, expiresAt: 0 });
  role.held.clear();
}
