// The delivery record shared by notifier instances: separate warm memories,
// one ring in the event's scaling group (or, for a campaign event, in an OOS
// parameter) on the local cloud, and a webhook on 127.0.0.1. A redelivery to any instance after the record is dropped; a send
// that failed is not recorded; the ring stays within the ESS tag value limit.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningLocalCloud } from '../../local/cloud/index';
import type { CloudClients } from '../../shared/cloud/index';
import { makeEvent, type RollgateEvent } from '../../shared/domain/events';
import type { Channel } from '../../shared/domain/policy';
import { createLogger } from '../../shared/log';
import { deliverMessage, NotifyRetryError } from '../../shared/notify/deliver-message';
import {
  appendToLedger,
  createSharedLedger,
  CAMPAIGN_LEDGER_ENTRIES,
  NOTIFIED_PARAMETER,
  LEDGER_ENTRIES,
  ledgerEntry,
  NOTIFIED_TAG,
  parseLedger,
} from '../../shared/notify/ledger';
import { notifyEvent, type NotifyDeps } from '../../shared/notify/notify';
import { createSeenDeliveries } from '../../shared/notify/seen';
import { clientsFor, seed, startLocalCloud } from '../cloud/helpers/local-cloud';

const log = createLogger('notifier-test', 'silent');

describe('notify: the delivery record shared by every notifier instance', () => {
  let lc: RunningLocalCloud;
  let cloud: CloudClients;
  let server: Server;
  let posts: { path: string; eventId: string }[];
  let failing: Set<string>;
  let groupId: string;
  let otherGroupId: string;
  let channels: Channel[];
  let n = 0;

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        if (failing.has(path)) return void res.writeHead(503).end('busy');
        posts.push({ path, eventId: (JSON.parse(Buffer.concat(chunks).toString('utf8')) as RollgateEvent).id });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    channels = [
      { name: 'ops', type: 'webhook', url: `${base}/ops` },
      { name: 'audit', type: 'webhook', url: `${base}/audit` },
    ];
    lc = await startLocalCloud();
    const fleet = await seed(lc, {
      images: [{ name: 'web-v1' }],
      groups: [
        { name: 'web', instances: 1, imageName: 'web-v1' },
        { name: 'api', instances: 1, imageName: 'web-v1' },
      ],
    });
    groupId = fleet.groups['web']!.scalingGroupId;
    otherGroupId = fleet.groups['api']!.scalingGroupId;
    cloud = clientsFor(lc).cloud;
  });
  after(async () => {
    await lc.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    posts = [];
    failing = new Set();
  });

  /** A notifier instance: its own warm memory, the shared record in the cloud. */
  const instance = (): NotifyDeps => ({
    fetch,
    now: () => Date.now(),
    secrets: {},
    seen: createSharedLedger(cloud, createSeenDeliveries()),
  });
  const event = (group = groupId): RollgateEvent =>
    makeEvent({
      type: 'batch.passed',
      at: '2026-03-02T08:09:00.000Z',
      groupId: group,
      executionId: `exec-${++n}`,
      message: 'batch 1/2 passed',
      detail: { batch: 1 },
    });
  const notifiedTag = async (group = groupId): Promise<string | undefined> =>
    (await cloud.ess.listAllTagResources({ resourceIds: [group] })).find((t) => t.tagKey === NOTIFIED_TAG)?.tagValue;

  it('two instances given the same event post it once per channel', async () => {
    // Prepare
    const e = event();
    const [a, b] = [instance(), instance()];
    // Act
    const first = await deliverMessage(JSON.stringify(e), channels, a, log);
    const second = await deliverMessage(JSON.stringify(e), channels, b, log);
    // Assess
    assert.deepEqual(first['deliveries'], ['ops:sent', 'audit:sent']);
    assert.deepEqual(second['deliveries'], ['ops:duplicate', 'audit:duplicate']);
    assert.deepEqual(posts.map((p) => p.path).sort(), ['/audit', '/ops']);
  });

  it('drops a redelivery after the record, to a fresh instance, after other events of the group and of another group', async () => {
    // Prepare
    const e = event();
    await notifyEvent(e, channels, instance());
    for (let i = 0; i < 5; i++) await notifyEvent(event(), channels, instance());
    for (let i = 0; i < 5; i++) await notifyEvent(event(otherGroupId), channels, instance());
    posts = [];
    // Act
    const again = await notifyEvent(e, channels, instance());
    // Assess
    assert.deepEqual(
      again.map((d) => d.result),
      ['duplicate', 'duplicate'],
    );
    assert.deepEqual(posts, []);
    assert.ok(parseLedger(await notifiedTag(otherGroupId)).length >= 10, 'the other group keeps its own ring');
  });

  it('does not record a failed send: the redelivery posts only to that channel', async () => {
    // Prepare
    const e = event();
    failing.add('/audit');
    // Act
    await assert.rejects(deliverMessage(JSON.stringify(e), channels, instance(), log), NotifyRetryError);
    const ring = parseLedger(await notifiedTag());
    failing.clear();
    const retried = await notifyEvent(e, channels, instance());
    // Assess
    assert.ok(ring.includes(ledgerEntry(e.id, 'ops')));
    assert.ok(!ring.includes(ledgerEntry(e.id, 'audit')), 'the failed channel is not recorded');
    assert.deepEqual(
      retried.map((d) => `${d.channel}:${d.result}`),
      ['ops:duplicate', 'audit:sent'],
    );
    assert.deepEqual(
      posts.map((p) => p.path),
      ['/ops', '/audit'],
    );
  });

  it('keeps the ring within the ESS tag value limit, newest deliveries kept', async () => {
    // Prepare
    const events = Array.from({ length: 30 }, () => event());
    // Act
    for (const e of events) await notifyEvent(e, channels, instance());
    // Assess
    const value = (await notifiedTag()) ?? '';
    assert.ok(value.length <= 128, `tag value of ${value.length} characters`);
    const ring = parseLedger(value);
    assert.equal(ring.length, LEDGER_ENTRIES);
    const newest = events.at(-1)!;
    assert.deepEqual(ring.slice(-2), [ledgerEntry(newest.id, 'ops'), ledgerEntry(newest.id, 'audit')]);
    // Beyond the ring a redelivery is posted again: at least once, never lost.
    posts = [];
    await notifyEvent(events[0]!, channels, instance());
    assert.equal(posts.length, 2);
  });

  it('a campaign event (no group) is posted once by two instances, and after other campaigns to a fresh one', async () => {
    // Prepare
    const campaign = (id: string): RollgateEvent =>
      makeEvent({
        type: 'campaign.started',
        at: '2026-03-02T08:00:00.000Z',
        campaignId: id,
        message: `campaign ${id}`,
      });
    const first = campaign(`cmp-${++n}`);
    // Act
    await deliverMessage(JSON.stringify(first), channels, instance(), log);
    const again = await deliverMessage(JSON.stringify(first), channels, instance(), log);
    for (let i = 0; i < 5; i++) await notifyEvent(campaign(`cmp-${++n}`), channels, instance());
    posts = [];
    const later = await notifyEvent(first, channels, instance());
    // Assess
    assert.deepEqual(again['deliveries'], ['ops:duplicate', 'audit:duplicate']);
    assert.deepEqual(
      later.map((d) => d.result),
      ['duplicate', 'duplicate'],
    );
    assert.equal(posts.length, 0);
    const ring = parseLedger((await cloud.oos.getParameter({ name: NOTIFIED_PARAMETER })).value);
    assert.ok(ring.length >= 12 && ring.length <= CAMPAIGN_LEDGER_ENTRIES, `ring of ${ring.length}`);
  });

  it('reports a send it could not record instead of asking for a redelivery that would repeat it', async () => {
    // Prepare: this instance's tag writes fail
    const ess = Object.assign(Object.create(cloud.ess) as typeof cloud.ess, {
      tagResources: () => Promise.reject(new Error('Throttling.User')),
    });
    const deps: NotifyDeps = {
      fetch,
      now: () => Date.now(),
      secrets: {},
      seen: createSharedLedger({ ess, oos: cloud.oos }, createSeenDeliveries()),
    };
    // Act
    const result = await deliverMessage(JSON.stringify(event()), channels, deps, log);
    // Assess
    assert.deepEqual(result['deliveries'], ['ops:sent', 'audit:sent']);
    assert.equal(posts.length, 2);
  });
});

describe('notify: the ring of delivered entries', () => {
  const cases: { name: string; ring: string[]; added: string[]; want: string[] }[] = [
    { name: 'appends new entries', ring: ['aaaaaa'], added: ['bbbbbb'], want: ['aaaaaa', 'bbbbbb'] },
    {
      name: 'does not repeat a present entry',
      ring: ['aaaaaa', 'bbbbbb'],
      added: ['aaaaaa'],
      want: ['aaaaaa', 'bbbbbb'],
    },
    {
      name: 'drops the oldest beyond the bound',
      ring: Array.from({ length: LEDGER_ENTRIES }, (_, i) => i.toString(36).padStart(6, '0')),
      added: ['zzzzzz'],
      want: [...Array.from({ length: LEDGER_ENTRIES - 1 }, (_, i) => (i + 1).toString(36).padStart(6, '0')), 'zzzzzz'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const value = appendToLedger(c.ring, c.added);
      assert.deepEqual(parseLedger(value), c.want);
      assert.ok(value.length <= 128);
    });
  }

  it('entries are six base-36 characters, distinct per channel', () => {
    assert.match(ledgerEntry('evt-1', 'ops'), /^[0-9a-z]{6}$/);
    assert.notEqual(ledgerEntry('evt-1', 'ops'), ledgerEntry('evt-1', 'audit'));
    assert.deepEqual(parseLedger(undefined), []);
  });
});
