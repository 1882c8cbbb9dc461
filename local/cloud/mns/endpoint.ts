import { mnsErrors } from './errors';

/**
 * Where a subscription delivers. MNS spells queue endpoints
 * `acs:mns:{region}:{account}:queues/{name}`; FC topic triggers are local
 * subscriptions whose endpoint is `acs:fc:{region}:{account}:functions/{name}`
 * (the emulator's own spelling, docs/decisions.md).
 */
export type SubscriptionEndpoint =
  | { kind: 'http'; url: string }
  | { kind: 'queue'; regionId: string; accountId: string; queueName: string }
  | { kind: 'function'; regionId: string; accountId: string; functionName: string };

const QUEUE = /^acs:mns:([a-z0-9-]+):(\d+):queues\/([A-Za-z][A-Za-z0-9-]*)$/;
const FUNCTION = /^acs:fc:([a-z0-9-]+):(\d+):functions\/([_A-Za-z][-_A-Za-z0-9]*)$/;

export function parseEndpoint(endpoint: string, world: { accountId: string; regionId: string }): SubscriptionEndpoint {
  if (/^https?:\/\//.test(endpoint)) {
    try {
      return { kind: 'http', url: new URL(endpoint).toString() };
    } catch {
      throw mnsErrors.invalidEndpoint(endpoint);
    }
  }
  const queue = QUEUE.exec(endpoint);
  const fn = FUNCTION.exec(endpoint);
  const match = queue ?? fn;
  if (!match) throw mnsErrors.invalidEndpoint(endpoint);
  const [, regionId = '', accountId = '', name = ''] = match;
  // Deliveries stay inside one account and region: other worlds are out of reach of this model.
  if (regionId !== world.regionId || accountId !== world.accountId) throw mnsErrors.invalidEndpoint(endpoint);
  return queue
    ? { kind: 'queue', regionId, accountId, queueName: name }
    : { kind: 'function', regionId, accountId, functionName: name };
}

export function queueEndpoint(regionId: string, accountId: string, queueName: string): string {
  return `acs:mns:${regionId}:${accountId}:queues/${queueName}`;
}

export function functionEndpoint(regionId: string, accountId: string, functionName: string): string {
  return `acs:fc:${regionId}:${accountId}:functions/${functionName}`;
}
