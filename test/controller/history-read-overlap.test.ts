// The fleet history read goes on while the groups are still being listed
// when a group already listed shows it must (read-history.ts), and still
// stops on the same page as when it waits for the whole listing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CloudClients, Execution, ScalingGroup } from '../../shared/cloud/api';
import { loadPolicy } from '../../shared/controller/policy-file';
import { readFleetHistory } from '../../shared/controller/snapshot/read-history';

const policy = loadPolicy('rollgate.yaml');
const NOW = Date.parse('2026-03-02T08:00:00Z');
const HOUR_MS = 3600_000;

function group(i: number): ScalingGroup {
  return {
    scalingGroupId: `asg-${i}`,
    scalingGroupName: `g-${i}`,
    lifecycleState: 'Active',
    minSize: 0,
    maxSize: 4,
    suspendedProcesses: [],
    tags: { 'rollgate:managed': 'true', 'rollgate:wave': 'prod' },
    creationTime: new Date(NOW - 1000 * HOUR_MS).toISOString(),
  };
}

/** One successful image rollout per group, group i's i hours ago: newest first, one page per group. */
function success(i: number): Execution {
  return {
    executionId: `exec-${i}`,
    templateName: 'ACS-ESS-RollingUpdateByReplaceSystemDiskInScalingGroup',
    status: 'Success',
    parameters: { invokeType: 'invoke', imageId: 'm-1' },
    outputs: {},
    tags: { scaling_group: `asg-${i}`, 'rollgate:kind': 'image', 'rollgate:revision': 'm-1' },
    currentTasks: [],
    startDate: new Date(NOW - i * HOUR_MS).toISOString(),
  };
}

/** ListExecutions pages of one execution each; `onPage(n)` runs as page n is asked for. */
function fakeClients(pages: number, onPage: (n: number) => void): { clients: CloudClients; asked: () => number } {
  let asked = 0;
  const oos = {
    executionPages: () => ({
      async *[Symbol.asyncIterator]() {
        for (let n = 1; n <= pages; n++) {
          asked = n;
          onPage(n);
          yield [success(n)];
        }
      },
    }),
    listAllExecutions: async () => [],
  };
  return { clients: { oos } as unknown as CloudClients, asked: () => asked };
}

describe('fleet history read while the groups are listed', () => {
  it('asks for the next page while the group listing is still running, and stops where the whole listing says', async () => {
    // Arrange: three groups; the one page 3 settles is listed at once, the listing ends only once the history
    // asked for page 2 (waiting for it first would never end).
    const groups = [group(1), group(2), group(3)];
    const soFar: ScalingGroup[] = [groups[2]!];
    let endListing: (all: readonly ScalingGroup[]) => void = () => undefined;
    const all = new Promise<readonly ScalingGroup[]>((resolve) => (endListing = resolve));
    const { clients, asked } = fakeClients(6, (n) => {
      if (n === 2) {
        soFar.push(groups[0]!, groups[1]!);
        endListing(groups);
      }
    });

    // Act
    const history = await readFleetHistory(clients, policy, { all, soFar: () => soFar });

    // Assess: pages 1–3 settle the three groups; nothing past page 3 is read.
    assert.equal(asked(), 3);
    assert.deepEqual(
      history.executions.map((e) => e.id),
      ['exec-1', 'exec-2', 'exec-3'],
    );
    assert.equal(history.complete('asg-1'), false);
  });

  it('waits for the whole listing when no group listed so far needs another page', async () => {
    // Arrange: the group listed first is settled by page 1; the others come with the end of the listing.
    const groups = [group(1), group(2)];
    let endListing: (all: readonly ScalingGroup[]) => void = () => undefined;
    const all = new Promise<readonly ScalingGroup[]>((resolve) => (endListing = resolve));
    const { clients, asked } = fakeClients(6, () => undefined);
    const reading = readFleetHistory(clients, policy, { all, soFar: () => [groups[0]!] });
    await new Promise((resolve) => setImmediate(resolve));
    const askedBeforeListingEnded = asked();

    // Act
    endListing(groups);
    const history = await reading;

    // Assess: page 2 waited for the listing (group 2 needs it), then the read stopped there.
    assert.equal(askedBeforeListingEnded, 1);
    assert.equal(asked(), 2);
    assert.deepEqual(
      history.executions.map((e) => e.id),
      ['exec-1', 'exec-2'],
    );
  });
});

describe('fleet history read of a short history', () => {
  /** `fakeClients`, counting the status listings too. */
  function counting(pages: number) {
    const statuses: string[] = [];
    const fake = fakeClients(pages, () => undefined);
    const oos = fake.clients.oos as unknown as Record<string, unknown>;
    oos['listAllExecutions'] = async (request: { status?: string }) => {
      statuses.push(request.status ?? '');
      return [];
    };
    return { ...fake, statuses };
  }

  it('lists no status when the first page is the whole history', async () => {
    // Arrange: one group, one execution, one page.
    const { clients, asked, statuses } = counting(1);
    // Act
    const history = await readFleetHistory(clients, policy, { all: Promise.resolve([group(1)]), soFar: () => [] });
    // Assess
    assert.equal(asked(), 1);
    assert.deepEqual(statuses, []);
    assert.equal(history.complete('asg-1'), true);
  });

  it('takes a short first page that settles every group for the end only when no page follows', async () => {
    // Arrange: the one group is settled by page 1, but the listing goes on (a short page with a next token).
    const { clients, asked, statuses } = counting(3);
    // Act
    const history = await readFleetHistory(clients, policy, { all: Promise.resolve([group(1)]), soFar: () => [] });
    // Assess: page 2 shows the listing goes on, so the unfinished executions of any age are listed by status.
    assert.equal(asked(), 2);
    assert.deepEqual(statuses.sort(), ['Running', 'Waiting']);
    assert.deepEqual(
      history.executions.map((e) => e.id),
      ['exec-1'],
    );
    assert.equal(history.complete('asg-1'), false);
  });
});
