import type { Clock, FcModel } from '../core/contracts';
import type { DeliveryFaultModel } from './faults';
import type { MnsIds } from './ids';
import { functionTriggerEvent, renderNotification, type Notification } from './notification';
import { push, type PushSigner } from './push';
import type { QueueStore } from './queues';
import { retryDelaySeconds } from './retry';
import type { DeliveryRecord, PublishedMessage, SubscriptionRecord, TopicRecord } from './topics';

// Topic → subscription delivery: asynchronous and at-least-once. Every copy is
// scheduled on the simulated clock (+0 s runs on the next advance/tick);
// HTTP pushes and function invocations then run as promises the model tracks,
// so `idle()` can wait for them. Failures retry per NotifyStrategy on the clock.

export interface DeliveryDeps {
  clock: Clock;
  accountId: string;
  ids: MnsIds;
  queues: QueueStore;
  faults: DeliveryFaultModel;
  signer: PushSigner;
  /** The function model, read at delivery time (the world builds products in turn). */
  fc: () => FcModel | undefined;
  /** Where the admin API serves the push public key, once the server's address is known. */
  certUrl: () => string | undefined;
  /** False once the topic was deleted (or deleted and created anew): its pending deliveries stop. */
  topicAlive: (topic: TopicRecord) => boolean;
}

/** FC answers a failed function with 200 and `x-fc-error-type`; the contract's result type does not name headers. */
function functionErrorOf(result: { status: number; body: Buffer }): string | undefined {
  if (result.status >= 300) return `HTTP ${result.status}: ${result.body.toString('utf8').slice(0, 200)}`;
  const headers: unknown = 'headers' in result ? result.headers : undefined;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const errorType: unknown = (headers as Record<string, unknown>)['x-fc-error-type'];
  return typeof errorType === 'string' ? `${errorType}: ${result.body.toString('utf8').slice(0, 200)}` : undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export function createDelivery(deps: DeliveryDeps) {
  const { clock, ids, queues, faults } = deps;
  const inFlight = new Set<Promise<void>>();

  function notificationFor(
    topic: TopicRecord,
    subscription: SubscriptionRecord,
    message: PublishedMessage,
  ): Notification {
    return {
      topicOwner: deps.accountId,
      topicName: topic.name,
      subscriber: deps.accountId,
      subscriptionName: subscription.name,
      messageId: message.messageId,
      message: message.body,
      messageMd5: message.bodyMd5,
      ...(message.tag === undefined ? {} : { messageTag: message.tag }),
      publishTime: message.publishTime,
    };
  }

  /** Runs one attempt; resolves to undefined when delivered, else the failure's text. */
  function attemptOnce(
    subscription: SubscriptionRecord,
    n: Notification,
  ): Promise<string | undefined> | string | undefined {
    const target = subscription.target;
    const format = subscription.notifyContentFormat;
    switch (target.kind) {
      case 'queue':
        try {
          queues.send(target.queueName, renderNotification(n, format));
          return undefined;
        } catch (error) {
          return errorText(error);
        }
      case 'http': {
        const certUrl = deps.certUrl();
        return push(
          {
            url: target.url,
            body: renderNotification(n, format),
            format,
            requestId: ids.requestId(),
            nowMs: clock.now(),
            messageId: n.messageId,
            ...(n.messageTag === undefined ? {} : { messageTag: n.messageTag }),
            ...(certUrl === undefined ? {} : { certUrl }),
          },
          deps.signer,
        ).then(
          () => undefined,
          (error: unknown) => errorText(error),
        );
      }
      case 'function': {
        const fc = deps.fc();
        if (!fc) return 'Function Compute is not available in this world';
        const event = format === 'JSON' ? functionTriggerEvent(n) : n.message;
        return fc
          .invoke(target.functionName, Buffer.from(event, 'utf8'), 'Sync')
          .then(functionErrorOf, (error: unknown) => errorText(error));
      }
    }
  }

  function attempt(
    topic: TopicRecord,
    subscriptionName: string,
    message: PublishedMessage,
    record: DeliveryRecord,
  ): void {
    // Unsubscribing (or deleting the topic) stops deliveries that have not happened yet.
    const subscription = deps.topicAlive(topic) ? topic.subscriptions.get(subscriptionName) : undefined;
    if (!subscription) {
      record.status = 'failed';
      record.lastError = deps.topicAlive(topic) ? 'subscription removed' : 'topic deleted';
      return;
    }
    record.attempts += 1;
    record.status = 'in-flight';
    const finish = (failure: string | undefined) => {
      if (failure === undefined) {
        record.status = 'delivered';
        record.deliveredAt = clock.now();
        delete record.lastError;
        return;
      }
      record.lastError = failure;
      const delay = retryDelaySeconds(subscription.notifyStrategy, record.attempts);
      if (delay === undefined) {
        record.status = 'failed';
        return;
      }
      record.status = 'retrying';
      clock.schedule(
        delay,
        () => attempt(topic, subscriptionName, message, record),
        `mns:retry:${topic.name}/${subscriptionName}`,
      );
    };
    const outcome = attemptOnce(subscription, notificationFor(topic, subscription, message));
    if (outcome instanceof Promise) {
      const tracked = outcome.then(finish);
      inFlight.add(tracked);
      void tracked.finally(() => inFlight.delete(tracked));
    } else {
      finish(outcome);
    }
  }

  return {
    /** Fan one published message out to the topic's subscriptions, through the delivery faults. */
    dispatch(topic: TopicRecord, message: PublishedMessage): void {
      for (const subscription of topic.subscriptions.values()) {
        const base = { subscriptionName: subscription.name, endpoint: subscription.endpoint, attempts: 0 };
        if (subscription.filterTag !== undefined && subscription.filterTag !== message.tag) {
          message.deliveries.push({ ...base, status: 'filtered' });
          continue;
        }
        const decision = faults.decide(topic.name);
        const label = `mns:deliver:${topic.name}/${subscription.name}`;
        if (decision.kind === 'drop') {
          message.deliveries.push({ ...base, status: 'dropped', fault: 'drop' });
          continue;
        }
        const copies = decision.kind === 'duplicate' ? 2 : 1;
        for (let i = 0; i < copies; i += 1) {
          const record: DeliveryRecord = {
            ...base,
            status: 'scheduled',
            ...(decision.kind === 'deliver' ? {} : { fault: decision.kind }),
          };
          message.deliveries.push(record);
          const delay = decision.kind === 'reorder' ? decision.holdSeconds : 0;
          clock.schedule(delay, () => attempt(topic, subscription.name, message, record), label);
        }
      }
    },
    /** Resolves once no push or function invocation is in flight (including ones started while waiting). */
    async idle(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    inFlightCount(): number {
      return inFlight.size;
    },
  };
}
export type Delivery = ReturnType<typeof createDelivery>;
