// The invariant "every state change delivered to each channel exactly once
// after de-duplication", through the real notifier: every message the events
// topic got (repeats of an id included) is delivered in order, each twice
// (MNS delivers at least once), to two notifier instances in turn (their own
// warm memories, the one delivery record in the event's group; an event about
// no group to one instance, whose memory is all that de-duplicates it), with a
// webhook channel on 127.0.0.1 counting what arrives.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudClients } from '../../shared/cloud/api';
import type { Channel } from '../../shared/domain/policy';
import { parseEvent } from '../../shared/domain/events';
import { createLogger } from '../../shared/log';
import { deliverMessage } from '../../shared/notify/deliver-message';
import { createSharedLedger } from '../../shared/notify/ledger';
import type { NotifyDeps } from '../../shared/notify/notify';
import { createSeenDeliveries } from '../../shared/notify/seen';

const log = createLogger('chaos-notifier', process.env.LOG_LEVEL ?? 'silent');

/** Violations: events posted to the channel other than once. */
export async function deliverToChannel(
  clients: CloudClients,
  now: () => number,
  bodies: readonly string[],
): Promise<string[]> {
  const posts = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id;
      posts.set(id, (posts.get(id) ?? 0) + 1);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const channels: Channel[] = [
      { name: 'ops', type: 'webhook', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ops` },
    ];
    const instance = (): NotifyDeps => ({
      fetch,
      now,
      secrets: {},
      seen: createSharedLedger(clients, createSeenDeliveries()),
    });
    const instances = [instance(), instance()];
    const types = new Map<string, string>();
    let turn = 0;
    for (const body of bodies) {
      const event = parseEvent(JSON.parse(body));
      types.set(event.id, event.type);
      // The copies alternate between the instances: only the record in the cloud can drop the second.
      for (let copy = 0; copy < 2; copy += 1) await deliverMessage(body, channels, instances[turn++ % 2]!, log);
    }
    return [...types].flatMap(([id, type]) => {
      const count = posts.get(id) ?? 0;
      return count === 1 ? [] : [`${type} ${id} reached the webhook channel ${count} time(s), expected once`];
    });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
