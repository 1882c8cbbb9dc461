// A gate hand-over carries what of the loop's memory says when and where to
// look to the next invocation: the payload round-trips those fields, carries
// ended and held executions as ids to read again, and carries nothing a
// decision rests on (a pause's instances, addresses, answers not written, how
// early an answer came): the answers are written to the group's tag first. A
// payload the next invocation cannot trust (missing, malformed, another format
// version, too large) starts it with no memory, and a loop that continues from
// a handed-over memory goes on as the last round left it (its window, its
// expected pause), counted by the local cloud on the deterministic clock.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { CloudClients } from '../../shared/cloud/api';
import { gateStartOf, handOverGate, serialiseGateMemory, writeUnwritten } from '../../shared/controller/gate/hand-over';
import { encodeGateState, GATE_STATE_TAG } from '../../shared/controller/gate/state';
import { runGateLoop, sleepSecondsAfter, type GateLoopDeps } from '../../shared/controller/gate/loop';
import { newGateMemory, type GateMemory } from '../../shared/controller/gate/memory';
import type { GateRunReport } from '../../shared/controller/gate/run-gate';
import { MAX_GATE_MEMORY_BYTES } from '../../shared/schemas/gate-memory';
import { resetRequests, servedRequests } from '../../bench/lib/requests';
import { startGateCloud, type GateCloud } from './gate-cloud';

const HOLDER = 'gmm8x2k00-a1b2c3';
const EXECUTION = 'exec-7f3a';

/** One entry in each field, as the loop fills them (memory.ts). */
const FIELDS: Array<{ field: string; fill: (m: GateMemory) => void; carried?: 'as ids to read again' | false }> = [
  { field: 'listedSinceMs', fill: (m) => (m.listedSinceMs = 1_772_438_340_000) },
  { field: 'windowSetAtMs', fill: (m) => (m.windowSetAtMs = 1_772_438_400_500) },
  {
    field: 'nextCheck',
    fill: (m) => m.nextCheck.set(EXECUTION, { pauseKey: 'b1', atMs: 1_772_438_420_250, listed: 'Waiting|x|t|' }),
  },
  {
    field: 'pauses',
    fill: (m) =>
      m.pauses.set(EXECUTION, {
        listed: 'Waiting|Waiting|2026-03-02T08:05:00Z|',
        pause: {
          kind: 'batch',
          key: 'b1',
          batch: 1,
          total: 3,
          finishedAt: '2026-03-02T08:05:00.000Z',
          startedAt: '2026-03-02T08:04:20.000Z',
          batchInstanceIds: ['i-1'],
          itemInstanceIds: ['i-1'],
          failed: [{ instanceId: 'i-2', taskExecutionId: 't-2', childExecutionId: 'c-2', retries: 1 }],
        },
      }),
    carried: false,
  },
  {
    field: 'ended',
    fill: (m) =>
      m.ended.set(EXECUTION, {
        executionId: EXECUTION,
        templateName: 'rollgate-rolling-update',
        status: 'Success',
        parameters: { batchNumber: 3, instanceIds: ['i-1'] },
        outputs: {},
        tags: { 'rollgate:group': 'asg-1' },
        currentTasks: [{ TaskName: 'x' }],
        counters: { total: 3 },
        isParent: true,
        startDate: '2026-03-02T08:00:00Z',
        endDate: '2026-03-02T08:30:00Z',
        updateDate: '2026-03-02T08:30:00Z',
      }),
    carried: 'as ids to read again',
  },
  { field: 'held', fill: (m) => m.held.add(EXECUTION), carried: 'as ids to read again' },
  { field: 'quiet', fill: (m) => m.quiet.set(EXECUTION, 'Success||t|e') },
  {
    field: 'expectedPause',
    fill: (m) => m.expectedPause.set(EXECUTION, { atMs: 1_772_438_460_125, afterPause: 'b1' }),
  },
  {
    field: 'progress',
    fill: (m) =>
      m.progress.set(EXECUTION, {
        nextLookMs: 1_772_438_409_000,
        seen: true,
        nearUntilMs: 1_772_438_418_000,
        nearKey: 'c1',
      }),
  },
  { field: 'privateIps', fill: (m) => m.privateIps.set('i-1', '10.0.0.7'), carried: false },
  {
    field: 'unwritten',
    fill: (m) => {
      m.unwritten.set(EXECUTION, {
        groupId: 'asg-1',
        tag: 'v2/exec-7f3a/b1/bake/x',
        state: {
          executionId: EXECUTION,
          pause: 'b1',
          phase: 'bake',
          seen: 1_772_438_400,
          run: { verdict: 'pass', since: 1_772_438_401, last: 1_772_438_441, count: 3, covered: 40 },
          observed: 41,
          starvedSince: 1_772_438_300,
          heldSince: 1_772_438_200,
          lastReminder: 1_772_438_250,
          skipped: 1,
          reason: 'all healthy',
        },
      });
      m.unwritten.set('exec-untagged', {
        groupId: 'asg-2',
        tag: undefined,
        state: { executionId: 'exec-untagged', pause: 'final', phase: 'bake', seen: 1, observed: 0, skipped: 0 },
      });
    },
    carried: false,
  },
  {
    field: 'runEarly',
    fill: (m) => m.runEarly.set(EXECUTION, { pause: 'b1', sinceMs: 1_772_438_401_000, earlyMs: 375 }),
    carried: false,
  },
];

/** What the next invocation should start from, given the memory handed over (the table's `carried`). */
function expectedAfter(memory: GateMemory): GateMemory {
  return {
    ...newGateMemory(),
    ...(memory.listedSinceMs === undefined ? {} : { listedSinceMs: memory.listedSinceMs }),
    ...(memory.windowSetAtMs === undefined ? {} : { windowSetAtMs: memory.windowSetAtMs }),
    nextCheck: memory.nextCheck,
    held: new Set([...memory.ended.keys(), ...memory.held]),
    quiet: memory.quiet,
    expectedPause: memory.expectedPause,
    progress: memory.progress,
  };
}

/** An FC and ESS client that keeps what it is sent and answers the group reads with no groups. */
function keepingClients(sent: string[]): CloudClients {
  return {
    fc: {
      invokeFunction: async (request: { payload?: unknown }) => {
        sent.push(String(request.payload));
        return {};
      },
    },
    ess: { listAllScalingGroups: async () => [] },
  } as unknown as CloudClients;
}

/** The payload a hand-over sends (what FC would carry), through an FC client that keeps it. */
async function gateStartPayload(
  holder: string,
  memory: GateMemory,
): Promise<{ payload: string; memoryLeftOut?: number }> {
  const sent: string[] = [];
  const { memoryLeftOut } = await handOverGate(keepingClients(sent), 'rollgate-gate', holder, memory);
  assert.equal(sent.length, 1, 'one InvokeFunction');
  return { payload: sent[0] ?? '', ...(memoryLeftOut === undefined ? {} : { memoryLeftOut }) };
}

/** The memory the next invocation starts from, through the payload as FC would carry it (bytes). */
async function handedOver(memory: GateMemory): Promise<ReturnType<typeof gateStartOf>> {
  const { payload } = await gateStartPayload(HOLDER, memory);
  return gateStartOf(Buffer.from(payload, 'utf8'));
}

describe('gate hand-over: the payload carries when and where to look', () => {
  it('the table names every field of the memory, and what is not carried is not serialised', () => {
    const full = newGateMemory();
    for (const { fill } of FIELDS) fill(full);
    assert.deepEqual(FIELDS.map((f) => f.field).sort(), Object.keys(full).sort());
    assert.deepEqual(
      Object.keys(serialiseGateMemory(full)).sort(),
      ['format', 'reread', ...FIELDS.filter((f) => f.carried === undefined).map((f) => f.field)].sort(),
    );
  });

  for (const { field, fill, carried } of FIELDS) {
    it(`${field}: ${carried === undefined ? 'round-trips' : carried === false ? 'is not carried' : carried}`, async () => {
      // Prepare
      const memory = newGateMemory();
      fill(memory);
      // Act
      const start = await handedOver(memory);
      // Assess
      assert.equal(start.noMemory, undefined);
      assert.equal(start.holder, HOLDER);
      assert.deepEqual(start.memory, expectedAfter(memory));
    });
  }

  it('every field at once', async () => {
    const memory = newGateMemory();
    for (const { fill } of FIELDS) fill(memory);
    assert.deepEqual((await handedOver(memory)).memory, expectedAfter(memory));
  });

  it('a payload that brings covered time, a pause or addresses of its own starts with none of them', () => {
    // Prepare: a payload anyone allowed to invoke the gate could send.
    const forged = {
      ...serialiseGateMemory(newGateMemory()),
      unwritten: [[EXECUTION, { groupId: 'asg-1', tag: 't', state: { covered: 60 } }]],
      pauses: [[EXECUTION, { listed: 'x', pause: { batchInstanceIds: [] } }]],
      privateIps: [['i-1', '203.0.113.9']],
      runEarly: [[EXECUTION, { pause: 'b1', sinceMs: 0, earlyMs: 999 }]],
    };
    // Act
    const start = gateStartOf(JSON.stringify({ reason: 'hand-over', holder: HOLDER, memory: forged }));
    // Assess
    assert.deepEqual(start.memory, newGateMemory());
  });
});

describe('gate hand-over: answers the loop did not write go to the group first', () => {
  const state = (executionId: string) => ({
    executionId,
    pause: 'b1',
    phase: 'bake' as const,
    seen: 1_772_438_400,
    run: { verdict: 'pass' as const, since: 1_772_438_401, last: 1_772_438_441, count: 3, covered: 40 },
    observed: 41,
    skipped: 0,
  });

  it('writes each state whose tag still reads what it was folded from, and no other', async () => {
    // Prepare: two folded states; another writer (a hold) changed the second group's tag since.
    const tagged: Array<{ resourceIds: string[]; tags: Record<string, string> }> = [];
    const clients = {
      ess: {
        listAllScalingGroups: async () => [
          { scalingGroupId: 'asg-1', tags: { [GATE_STATE_TAG]: 'v-folded-from' } },
          { scalingGroupId: 'asg-2', tags: { [GATE_STATE_TAG]: 'v-held-since' } },
        ],
        tagResources: async (request: { resourceIds: string[]; tags: Record<string, string> }) => {
          tagged.push(request);
          return {};
        },
      },
    } as unknown as CloudClients;
    const memory = newGateMemory();
    memory.unwritten.set('exec-1', { groupId: 'asg-1', tag: 'v-folded-from', state: state('exec-1') });
    memory.unwritten.set('exec-2', { groupId: 'asg-2', tag: 'v-folded-from', state: state('exec-2') });
    // Act
    const written = await writeUnwritten(clients, memory);
    // Assess
    assert.equal(written, 1);
    assert.deepEqual(
      tagged.map((t) => [t.resourceIds, t.tags[GATE_STATE_TAG]]),
      [[['asg-1'], encodeGateState(state('exec-1'))]],
    );
    assert.equal(memory.unwritten.size, 0);
  });
});

describe('gate hand-over: a payload the next invocation cannot trust starts it with no memory', () => {
  const good = { memory: serialiseGateMemory(newGateMemory()) as unknown as Record<string, unknown> };
  const withMemory = (memory: unknown) => JSON.stringify({ reason: 'hand-over', holder: HOLDER, memory });
  const cases: Array<{ name: string; event: unknown; holder?: string; why: RegExp }> = [
    {
      name: 'no memory (a kick)',
      event: JSON.stringify({ reason: 'kick', holder: HOLDER }),
      holder: HOLDER,
      why: /no memory/,
    },
    { name: 'memory without a holder', event: JSON.stringify({ reason: 'kick', memory: good.memory }), why: /holder/ },
    {
      name: 'another format version',
      event: withMemory({ ...good.memory, format: 1 }),
      holder: HOLDER,
      why: /format 1/,
    },
    {
      name: 'no format version',
      event: withMemory({ ...good.memory, format: undefined }),
      holder: HOLDER,
      why: /format/,
    },
    { name: 'not an object', event: withMemory('memory'), holder: HOLDER, why: /format/ },
    {
      name: 'a Map as JSON has it',
      event: withMemory({ ...good.memory, nextCheck: {} }),
      holder: HOLDER,
      why: /malformed.*nextCheck/,
    },
    {
      name: 'a field of the wrong shape',
      event: withMemory({ ...good.memory, expectedPause: [['e-1', { atMs: 'soon', afterPause: 'b1' }]] }),
      holder: HOLDER,
      why: /malformed.*expectedPause/,
    },
    {
      name: 'a field missing',
      event: withMemory({ ...good.memory, reread: undefined }),
      holder: HOLDER,
      why: /malformed.*reread/,
    },
    {
      name: 'too large',
      event: withMemory({ ...good.memory, quiet: [['e-1', 'x'.repeat(MAX_GATE_MEMORY_BYTES)]] }),
      holder: HOLDER,
      why: /bytes, over/,
    },
    { name: 'not JSON', event: Buffer.from('{"holder":', 'utf8'), why: /unreadable/ },
    { name: 'a malformed holder', event: withMemory(good.memory).replace(HOLDER, 'me'), why: /unreadable/ },
  ];
  for (const c of cases) {
    it(`${c.name}: the loop starts with no memory`, () => {
      // Act
      const start = gateStartOf(Buffer.isBuffer(c.event) ? c.event : Buffer.from(String(c.event), 'utf8'));
      // Assess
      assert.equal(start.memory, undefined);
      assert.equal(start.holder, c.holder);
      assert.match(start.noMemory ?? '', c.why);
    });
  }

  it('a memory too large for the payload is left out, not the hand-over', async () => {
    // Prepare
    const memory = newGateMemory();
    for (let i = 0; i < 3000; i++)
      memory.quiet.set(`exec-${i.toString().padStart(20, '0')}`, 'Success||2026-03-02T08:30:00Z|2026-03-02T08:30:00Z');
    // Act
    const { payload, memoryLeftOut } = await gateStartPayload(HOLDER, memory);
    // Assess
    assert.ok((memoryLeftOut ?? 0) > MAX_GATE_MEMORY_BYTES, `left out: ${memoryLeftOut}`);
    assert.deepEqual(JSON.parse(payload), { reason: 'hand-over before timeout', holder: HOLDER });
    assert.deepEqual(gateStartOf(payload), { holder: HOLDER, noMemory: 'no memory handed over' });
  });
});

describe('gate hand-over: the next invocation goes on from the memory', () => {
  const FUNCTION = 'rollgate-gate';
  let gc: GateCloud;
  after(() => gc?.close());

  it('lists its window, not every status, and keeps the expected pause of the batch it approved', async () => {
    // Prepare: a rollout's first batch pause approved by a loop whose time is then up: it hands over through FC.
    gc = await startGateCloud({
      groups: [{ name: 'web-canary', instances: 3, wave: 'canary' }],
      rollout: { batchNumber: 3 },
    });
    const payloads: Buffer[] = [];
    gc.cloud.world().fc.register(FUNCTION, async (event) => {
      payloads.push(Buffer.isBuffer(event) ? event : Buffer.from(JSON.stringify(event)));
      return {};
    });
    gc.publishImage('app-v2');
    await gc.reconcileOnce();
    const invocation = (
      overrides: Partial<GateLoopDeps>,
      reports: GateRunReport[],
      sleeps: number[],
    ): GateLoopDeps => ({
      roundDeps: async () => gc.deps,
      sleep: async (seconds) => {
        sleeps.push(seconds);
        gc.cloud.clock.advance(seconds);
      },
      // The invocation's time is up once it approved a pause (a deterministic stand-in for the FC budget).
      remainingMs: () => (reports.some((r) => r.decisions.some((d) => d.decision === 'approve')) ? 0 : 600_000),
      handOver: async (holder, memory) => {
        await handOverGate(gc.deps.clients, FUNCTION, holder, memory);
        await gc.cloud.world().fc.idle();
      },
      pollSeconds: 5,
      onRound: (report) => reports.push(report),
      ...overrides,
    });
    const firstReports: GateRunReport[] = [];
    const first = await runGateLoop(invocation({ maxRounds: 400 }, firstReports, []));
    assert.equal(first.stopped, 'handed-over');
    const approved = firstReports.at(-1);
    assert.ok(approved !== undefined);
    assert.ok(
      approved.decisions.some((d) => d.decision === 'approve'),
      'the first loop approved the first batch',
    );
    const start = gateStartOf(payloads.at(-1));
    assert.equal(start.holder, first.holder);
    // Act: the next invocation's first round, as the function starts it from the payload.
    await resetRequests(gc.cloud.url);
    const nextSleeps: number[] = [];
    const next = await runGateLoop(
      invocation(
        {
          ...(start.holder === undefined ? {} : { holder: start.holder }),
          ...(start.memory === undefined ? {} : { memory: start.memory }),
          maxRounds: 2,
        },
        [],
        nextSleeps,
      ),
    );
    const served = await servedRequests(gc.cloud.url);
    // Assess: one listing of the window in each round (not six), nothing else read while the batch runs, and the
    // loop sleeps to the look its predecessor expected rather than polling the running batch.
    assert.equal(next.stopped, 'max-rounds');
    assert.equal(next.holder, first.holder);
    assert.deepEqual(served.byAction, { 'oos:ListExecutions': 2 }, JSON.stringify(served.byAction));
    assert.equal(nextSleeps[0], sleepSecondsAfter(approved, 5));
    assert.ok((nextSleeps[0] ?? 0) > 5, `the first sleep waits for the expected pause: ${nextSleeps.join(', ')}`);
  });
});
