import type { Clock } from '../core/contracts';
import { parseEndpoint, type SubscriptionEndpoint } from './endpoint';
import { mnsErrors } from './errors';
import { NOTIFY_CONTENT_FORMATS, FUNCTION_CONTENT_FORMATS } from './notification';
import { NOTIFY_STRATEGIES, type NotifyStrategy } from './retry';

// Topics, their subscriptions, and what was published to them (kept for the
// admin view: tests and the demo read the history and each delivery's fate).

export interface TopicAttributes {
  maximumMessageSize: number;
  loggingEnabled: boolean;
}
export const TOPIC_MESSAGE_SIZE_RANGE = [1024, 65536] as const;
/** Topics keep messages one day; not settable. */
export const TOPIC_RETENTION_SECONDS = 86400;

export interface SubscriptionSpec {
  endpoint: string;
  filterTag?: string;
  notifyStrategy?: string;
  notifyContentFormat?: string;
}

export interface SubscriptionRecord {
  name: string;
  topicName: string;
  endpoint: string;
  target: SubscriptionEndpoint;
  filterTag?: string;
  notifyStrategy: NotifyStrategy;
  notifyContentFormat: string;
  createTime: number;
  lastModifyTime: number;
}

export type DeliveryStatus = 'scheduled' | 'in-flight' | 'delivered' | 'retrying' | 'failed' | 'dropped' | 'filtered';

/** The fate of one copy of one message at one subscription. */
export interface DeliveryRecord {
  subscriptionName: string;
  endpoint: string;
  status: DeliveryStatus;
  attempts: number;
  fault?: 'drop' | 'duplicate' | 'reorder';
  lastError?: string;
  deliveredAt?: number;
}

export interface PublishedMessage {
  messageId: string;
  body: string;
  bodyMd5: string;
  tag?: string;
  publishTime: number;
  deliveries: DeliveryRecord[];
}

export interface TopicRecord {
  name: string;
  createTime: number;
  lastModifyTime: number;
  attributes: TopicAttributes;
  subscriptions: Map<string, SubscriptionRecord>;
  published: PublishedMessage[];
}

const NAME = /^[A-Za-z][A-Za-z0-9-]{0,255}$/;

export function createTopicStore(clock: Clock, world: { accountId: string; regionId: string }) {
  const topics = new Map<string, TopicRecord>();

  function get(name: string): TopicRecord {
    const topic = topics.get(name);
    if (!topic) throw mnsErrors.topicNotExist();
    return topic;
  }

  function subscriptionRecord(
    topicName: string,
    name: string,
    spec: SubscriptionSpec,
    now: number,
  ): SubscriptionRecord {
    const target = parseEndpoint(spec.endpoint, world);
    const strategy = spec.notifyStrategy ?? 'BACKOFF_RETRY';
    if (!(NOTIFY_STRATEGIES as readonly string[]).includes(strategy))
      throw mnsErrors.invalidArgument(`The NotifyStrategy ${strategy} is not valid.`);
    // Functions take FC's trigger formats (default STREAM, like FC 3.0); other endpoints MNS's (default XML).
    const formats: readonly string[] = target.kind === 'function' ? FUNCTION_CONTENT_FORMATS : NOTIFY_CONTENT_FORMATS;
    const format = spec.notifyContentFormat ?? (target.kind === 'function' ? 'STREAM' : 'XML');
    if (!formats.includes(format)) throw mnsErrors.invalidArgument(`The NotifyContentFormat ${format} is not valid.`);
    if (spec.filterTag !== undefined && (spec.filterTag.length < 1 || spec.filterTag.length > 16)) {
      throw mnsErrors.invalidArgument('The length of FilterTag should between 1 and 16.');
    }
    return {
      name,
      topicName,
      endpoint: spec.endpoint,
      target,
      ...(spec.filterTag === undefined ? {} : { filterTag: spec.filterTag }),
      notifyStrategy: strategy as NotifyStrategy,
      notifyContentFormat: format,
      createTime: now,
      lastModifyTime: now,
    };
  }

  return {
    get,
    find(name: string): TopicRecord | undefined {
      return topics.get(name);
    },
    names(): string[] {
      return [...topics.keys()].sort();
    },
    create(name: string, attributes: Partial<TopicAttributes> = {}): 'created' | 'unchanged' {
      if (!NAME.test(name)) throw mnsErrors.invalidTopicName();
      const wanted: TopicAttributes = {
        maximumMessageSize: TOPIC_MESSAGE_SIZE_RANGE[1],
        loggingEnabled: false,
        ...attributes,
      };
      const existing = topics.get(name);
      if (existing) {
        if (JSON.stringify(existing.attributes) === JSON.stringify(wanted)) return 'unchanged';
        throw mnsErrors.topicAlreadyExist();
      }
      const now = clock.now();
      topics.set(name, {
        name,
        createTime: now,
        lastModifyTime: now,
        attributes: wanted,
        subscriptions: new Map(),
        published: [],
      });
      return 'created';
    },
    setAttributes(name: string, attributes: Partial<TopicAttributes>): void {
      const topic = get(name);
      topic.attributes = { ...topic.attributes, ...attributes };
      topic.lastModifyTime = clock.now();
    },
    delete(name: string): void {
      topics.delete(name);
    },
    subscribe(topicName: string, name: string, spec: SubscriptionSpec): 'created' | 'unchanged' {
      const topic = get(topicName);
      if (!NAME.test(name)) throw mnsErrors.invalidSubscriptionName();
      const now = clock.now();
      const wanted = subscriptionRecord(topicName, name, spec, now);
      const existing = topic.subscriptions.get(name);
      if (existing) {
        const same =
          existing.endpoint === wanted.endpoint &&
          existing.filterTag === wanted.filterTag &&
          existing.notifyStrategy === wanted.notifyStrategy &&
          existing.notifyContentFormat === wanted.notifyContentFormat;
        if (same) return 'unchanged';
        throw mnsErrors.subscriptionAlreadyExist();
      }
      topic.subscriptions.set(name, wanted);
      return 'created';
    },
    /** SetSubscriptionAttributes: only NotifyStrategy can change. */
    setSubscriptionStrategy(topicName: string, name: string, notifyStrategy: string): void {
      const subscription = this.subscription(topicName, name);
      if (!(NOTIFY_STRATEGIES as readonly string[]).includes(notifyStrategy)) {
        throw mnsErrors.invalidArgument(`The NotifyStrategy ${notifyStrategy} is not valid.`);
      }
      subscription.notifyStrategy = notifyStrategy as NotifyStrategy;
      subscription.lastModifyTime = clock.now();
    },
    unsubscribe(topicName: string, name: string): void {
      get(topicName).subscriptions.delete(name);
    },
    subscription(topicName: string, name: string): SubscriptionRecord {
      const subscription = get(topicName).subscriptions.get(name);
      if (!subscription) throw mnsErrors.subscriptionNotExist();
      return subscription;
    },
    subscriptionNames(topicName: string): string[] {
      return [...get(topicName).subscriptions.keys()].sort();
    },
    record(topicName: string, message: PublishedMessage): void {
      // Kept past the service's one-day retention: the history is for looking back at a whole run.
      get(topicName).published.push(message);
    },
  };
}
export type TopicStore = ReturnType<typeof createTopicStore>;
