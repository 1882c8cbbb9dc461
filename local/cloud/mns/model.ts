import type { MnsModel, RegionWorld } from '../core/contracts';
import { createDelivery } from './delivery';
import { createDeliveryFaults } from './faults';
import { bodyMd5, createMnsIds } from './ids';
import { createPushSigner } from './push';
import { createQueueStore } from './queues';
import { createTopicStore, type PublishedMessage } from './topics';
import { mnsErrors } from './errors';

/**
 * MNS of one account and region: topics with subscriptions (HTTP, queue and
 * local-function endpoints), queues, and asynchronous at-least-once delivery
 * on the world's clock. Handlers reach the stores directly; other products use
 * the `MnsModel` contract (`publish`, `sendToQueue`, `ensureTopic`, `ensureQueue`).
 */
export function createMnsModel(
  world: Pick<RegionWorld, 'accountId' | 'regionId' | 'clock'> & Partial<Pick<RegionWorld, 'fc'>>,
) {
  const { clock, accountId, regionId } = world;
  const ids = createMnsIds(accountId, regionId);
  const queues = createQueueStore(clock, ids);
  const topics = createTopicStore(clock, world);
  const faults = createDeliveryFaults();
  const signer = createPushSigner();
  let certUrl: string | undefined;
  const delivery = createDelivery({
    clock,
    accountId,
    ids,
    queues,
    faults,
    signer,
    fc: () => world.fc,
    certUrl: () => certUrl,
    topicAlive: (topic) => topics.find(topic.name) === topic,
  });

  function publish(topicName: string, body: string, tag?: string): { messageId: string; bodyMd5: string } {
    const topic = topics.get(topicName);
    const size = Buffer.byteLength(body, 'utf8');
    if (size < 1 || size > topic.attributes.maximumMessageSize)
      throw mnsErrors.messageBodyTooLarge(topic.attributes.maximumMessageSize);
    if (tag !== undefined && (tag.length < 1 || tag.length > 16))
      throw mnsErrors.invalidArgument('The length of MessageTag should between 1 and 16.');
    const now = clock.now();
    const message: PublishedMessage = {
      messageId: ids.messageId(now),
      body,
      bodyMd5: bodyMd5(body),
      ...(tag === undefined ? {} : { tag }),
      publishTime: now,
      deliveries: [],
    };
    topics.record(topicName, message);
    delivery.dispatch(topic, message);
    return { messageId: message.messageId, bodyMd5: message.bodyMd5 };
  }

  const contract: MnsModel = {
    publish: (topicName, body, tag) => publish(topicName, body, tag).messageId,
    sendToQueue: (queueName, body) => queues.send(queueName, body).messageId,
    ensureTopic: (topicName) => {
      if (!topics.find(topicName)) topics.create(topicName);
    },
    ensureQueue: (queueName) => {
      if (!queues.has(queueName)) queues.create(queueName);
    },
  };

  return {
    ...contract,
    accountId,
    regionId,
    ids,
    topics,
    queues,
    faults,
    /** PublishMessage with its MessageBodyMD5 (the wire handler needs both). */
    publishMessage: publish,
    /**
     * Resolves when no delivery is in flight. Deliveries are scheduled on the
     * clock, so a caller runs `clock.advance(…)` first, then awaits `idle()`;
     * a function invoked by a delivery may publish again (→ advance once more).
     */
    idle: () => delivery.idle(),
    inFlightDeliveries: () => delivery.inFlightCount(),
    /** Messages published to a topic, with each delivery's fate (admin view). */
    history(topicName: string): PublishedMessage[] {
      return topics.get(topicName).published;
    },
    pushPublicKeyPem: () => signer.publicKeyPem(),
    /** The server tells the model where the push public key is served (for `x-mns-signing-cert-url`). */
    setSigningCertUrl(url: string): void {
      certUrl = url;
    },
  };
}
export type LocalMnsModel = ReturnType<typeof createMnsModel>;
