// One gate loop at a time: the group's gate lease. A younger loop that meets
// an older loop's live lease ends; the minute reconcile's turn leaves a
// leased pause to its loop; a lease left by a loop that stopped is taken over
// once it expires.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { runGateOnce } from '../../shared/controller/gate/index';
import {
  decodeLease,
  encodeLease,
  GATE_LEASE_TAG,
  leaseSeconds,
  leaseVerdict,
  newHolder,
  olderThan,
  OBSERVER,
  type LeaseRole,
} from '../../shared/controller/gate/lease';
import { startGateCloud, type GateCloud } from './gate-cloud';

const loopRole = (holder: string): Extract<LeaseRole, { role: 'loop' }> => ({
  role: 'loop',
  holder,
  seconds: 60,
  held: new Set(),
});

describe('gate lease rules', () => {
  const older = newHolder(1_000);
  const younger = newHolder(2_000);
  const cases: Array<{
    name: string;
    role: LeaseRole;
    lease?: { holder: string; expiresAt: number };
    expected: ReturnType<typeof leaseVerdict>;
  }> = [
    {
      name: 'a free group is taken',
      role: loopRole(younger),
      expected: { verdict: 'decide', write: { holder: younger, expiresAt: 160 } },
    },
    {
      name: 'an expired lease is taken over',
      role: loopRole(younger),
      lease: { holder: older, expiresAt: 100 },
      expected: { verdict: 'decide', write: { holder: younger, expiresAt: 160 } },
    },
    {
      name: 'an older live loop makes a younger one end',
      role: loopRole(younger),
      lease: { holder: older, expiresAt: 130 },
      expected: { verdict: 'yield' },
    },
    {
      name: 'an older loop takes over from a younger one',
      role: loopRole(older),
      lease: { holder: younger, expiresAt: 130 },
      expected: { verdict: 'decide', write: { holder: older, expiresAt: 160 } },
    },
    {
      name: 'its own fresh lease is not rewritten',
      role: loopRole(older),
      lease: { holder: older, expiresAt: 150 },
      expected: { verdict: 'decide' },
    },
    {
      name: 'its own lease is renewed when half has run out',
      role: loopRole(older),
      lease: { holder: older, expiresAt: 125 },
      expected: { verdict: 'decide', write: { holder: older, expiresAt: 160 } },
    },
    {
      name: 'the reconcile turn leaves a live lease to its loop',
      role: OBSERVER,
      lease: { holder: older, expiresAt: 101 },
      expected: { verdict: 'watched' },
    },
    {
      name: 'the reconcile turn decides what no live loop watches, writing nothing',
      role: OBSERVER,
      lease: { holder: older, expiresAt: 100 },
      expected: { verdict: 'decide' },
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(leaseVerdict(c.role, c.lease, 100), c.expected));

  it('orders holders by start time and round-trips the tag value', () => {
    assert.ok(olderThan(older, younger));
    assert.ok(!olderThan(younger, older));
    const a = newHolder(5);
    const b = newHolder(5);
    assert.notEqual(olderThan(a, b), olderThan(b, a), 'a tie is broken one way');
    const value = encodeLease({ holder: older, expiresAt: 1_900_000_000 });
    assert.ok(value.length <= 128);
    assert.deepEqual(decodeLease(value), { holder: older, expiresAt: 1_900_000_000 });
    assert.equal(decodeLease('garbage'), undefined);
    assert.equal(leaseSeconds(5), 60);
  });
});

describe('gate lease in the cloud', () => {
  const clouds: GateCloud[] = [];
  after(() => Promise.all(clouds.map((c) => c.close())));

  async function waitingCanary(): Promise<GateCloud> {
    const gc = await startGateCloud({ groups: [{ name: 'web-canary', instances: 2, wave: 'canary' }] });
    clouds.push(gc);
    gc.publishImage('app-v2');
    await gc.reconcileOnce();
    await gc.gateUntil(() => gc.executions('web-canary')[0]?.status === 'Waiting');
    return gc;
  }

  it('a second loop started while one runs ends at once, and only the first decides', async () => {
    // Prepare
    const gc = await waitingCanary();
    const first = loopRole(newHolder(1_000));
    const second = loopRole(newHolder(2_000));
    await runGateOnce(gc.deps, first);
    // Act
    const report = await runGateOnce(gc.deps, second);
    // Assess
    assert.equal(report.yielded, true);
    assert.deepEqual(report.decisions, [], 'the second loop decided nothing');
    assert.equal(second.held.size, 0);
  });

  it('the minute reconcile turn leaves a pause a loop watches to it, and decides it once the lease expired', async () => {
    // Prepare
    const gc = await waitingCanary();
    const loop = loopRole(newHolder(1_000));
    await runGateOnce(gc.deps, loop);
    // Act
    gc.cloud.clock.advance(5);
    const watched = await runGateOnce(gc.deps, OBSERVER);
    gc.cloud.clock.advance(61);
    const afterExpiry = await runGateOnce(gc.deps, OBSERVER);
    // Assess
    assert.equal(watched.watched, 1);
    assert.deepEqual(watched.decisions, []);
    assert.equal(afterExpiry.watched, 0);
    assert.equal(afterExpiry.decisions.length, 1, 'the loop stopped: the safety net decides again');
    const group = (
      await gc.clients.ess.describeScalingGroups({ scalingGroupIds: [gc.groups['web-canary']!.scalingGroupId] })
    ).scalingGroups[0];
    assert.equal(decodeLease(group?.tags[GATE_LEASE_TAG])?.holder, loop.holder, 'the safety net writes no lease');
  });
});
