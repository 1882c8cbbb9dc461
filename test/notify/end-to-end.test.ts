// From the gate to a chat robot: a held rollout's events go through the
// rollgate events topic (MNS topic trigger, JSON envelope) to the notifier,
// which posts them to a webhook on 127.0.0.1 — each event once.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { RollgateEvent } from '../../shared/domain/events';
import type { Channel } from '../../shared/domain/policy';
import { createLogger } from '../../shared/log';
import { deliverMessage } from '../../shared/notify/deliver-message';
import { createSeenDeliveries } from '../../shared/notify/index';
import { mnsMessageBody } from '../../shared/schemas/fc-events';
import { EVENTS_TOPIC, startGateCloud, type GateCloud } from '../gate/gate-cloud';

describe('notify: gate events reach a webhook through the topic and the notifier', () => {
  let gc: GateCloud;
  let server: Server;
  const posted: RollgateEvent[] = [];

  before(async () => {
    // Prepare: a webhook, the notifier function subscribed to the events topic, a rollout that will be held
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        posted.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as RollgateEvent);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const channels: Channel[] = [
      { name: 'ops', type: 'webhook', url, events: ['batch.failed', 'rollout.held', 'rollout.hold_reminder'] },
    ];
    gc = await startGateCloud({ rollout: { onFailure: 'hold', holdReminderSeconds: 120 } });
    const world = gc.cloud.world();
    const deps = { fetch, now: () => Date.now(), secrets: {}, seen: createSeenDeliveries() };
    const log = createLogger('notifier-test', 'silent');
    world.fc.register('rollgate-notifier', async (event) =>
      deliverMessage(mnsMessageBody(event).body, channels, deps, log),
    );
    world.mns.topics.subscribe(EVENTS_TOPIC, 'notifier', {
      endpoint: `acs:fc:${gc.cloud.regionId}:${gc.cloud.accountId}:functions/rollgate-notifier`,
      notifyContentFormat: 'JSON',
    });
    gc.publishImage('app-v2-broken', true);
    await gc.reconcileOnce();
    // Act: the gate holds the rollout, then a reminder falls due
    for (let i = 0; i < 400; i++) {
      const report = await gc.gateTurn();
      if (report.held > 0) break;
    }
    await gc.gateTurn(125);
    gc.cloud.clock.advance(1);
    await world.fc.idle();
    gc.cloud.clock.advance(1);
    await world.fc.idle();
  });
  after(async () => {
    await gc.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('posts the failure, the hold and the reminder, each once', () => {
    // Assess
    const types = posted.map((e) => e.type).sort();
    assert.deepEqual(types, ['batch.failed', 'rollout.held', 'rollout.hold_reminder']);
    assert.equal(new Set(posted.map((e) => e.id)).size, posted.length);
    const held = posted.find((e) => e.type === 'rollout.held');
    assert.equal(held?.groupId, gc.groups['web-canary']!.scalingGroupId);
    assert.match(held?.message ?? '', /held at batch 1\/2/);
  });
});
