import type { Clock, TimerId } from '../core/contracts';
import { mnsErrors } from './errors';
import { bodyMd5, type MnsIds } from './ids';

// Queues: messages, delay and visibility on the simulated clock; long polling
// waits on real time (an HTTP request is held open), capped at MNS's 30 s.

export interface QueueAttributes {
  delaySeconds: number;
  maximumMessageSize: number;
  messageRetentionPeriod: number;
  visibilityTimeout: number;
  pollingWaitSeconds: number;
  loggingEnabled: boolean;
}

/** Defaults and ranges from the CreateQueue reference. */
export const QUEUE_ATTRIBUTE_RANGES: Readonly<
  Record<keyof Omit<QueueAttributes, 'loggingEnabled'>, readonly [number, number, number]>
> = {
  delaySeconds: [0, 604800, 0],
  maximumMessageSize: [1024, 65536, 65536],
  messageRetentionPeriod: [60, 604800, 345600],
  visibilityTimeout: [1, 43200, 30],
  pollingWaitSeconds: [0, 30, 0],
};
export const MAX_WAIT_SECONDS = 30;

export function defaultQueueAttributes(): QueueAttributes {
  const r = QUEUE_ATTRIBUTE_RANGES;
  return {
    delaySeconds: r.delaySeconds[2],
    maximumMessageSize: r.maximumMessageSize[2],
    messageRetentionPeriod: r.messageRetentionPeriod[2],
    visibilityTimeout: r.visibilityTimeout[2],
    pollingWaitSeconds: r.pollingWaitSeconds[2],
    loggingEnabled: false,
  };
}

export interface QueueMessage {
  messageId: string;
  body: string;
  bodyMd5: string;
  priority: number;
  enqueueTime: number;
  firstDequeueTime?: number;
  dequeueCount: number;
  /** Simulated ms at which the message can be received (delay or visibility timeout). */
  visibleAt: number;
  receiptHandle?: string;
}

export interface QueueRecord {
  name: string;
  createTime: number;
  lastModifyTime: number;
  attributes: QueueAttributes;
  messages: QueueMessage[];
  /** Long polls waiting for a message to become visible. */
  waiters: Set<() => void>;
}

export interface ReceivedMessage extends QueueMessage {
  receiptHandle: string;
  nextVisibleTime: number;
}

const NAME = /^[A-Za-z][A-Za-z0-9-]{0,255}$/;

export function createQueueStore(clock: Clock, ids: MnsIds) {
  const queues = new Map<string, QueueRecord>();

  function get(name: string): QueueRecord {
    const queue = queues.get(name);
    if (!queue) throw mnsErrors.queueNotExist();
    return queue;
  }

  function expire(queue: QueueRecord): void {
    const oldest = clock.now() - queue.attributes.messageRetentionPeriod * 1000;
    queue.messages = queue.messages.filter((m) => m.enqueueTime > oldest);
  }

  function wake(queue: QueueRecord): void {
    for (const waiter of [...queue.waiters]) waiter();
  }

  /**
   * While a long poll waits, it must hear about a message that becomes visible
   * when simulated time passes: one clock task at the earliest visibility, only
   * while someone waits (idle queues leave the clock's agenda empty).
   */
  function scheduleWake(queue: QueueRecord): TimerId | undefined {
    const now = clock.now();
    const next = Math.min(...queue.messages.filter((m) => m.visibleAt > now).map((m) => m.visibleAt));
    if (!Number.isFinite(next)) return undefined;
    return clock.schedule((next - now) / 1000, () => wake(queue), `mns:queue:${queue.name}:visible`);
  }

  function visible(queue: QueueRecord): QueueMessage[] {
    expire(queue);
    const now = clock.now();
    // Lower Priority value first, then enqueue order (stable sort keeps it).
    return queue.messages.filter((m) => m.visibleAt <= now).sort((a, b) => a.priority - b.priority);
  }

  function findByHandle(queue: QueueRecord, receiptHandle: string): QueueMessage {
    if (!/^1-[A-Za-z0-9_-]+$/.test(receiptHandle)) throw mnsErrors.receiptHandleError();
    const message = queue.messages.find((m) => m.receiptHandle === receiptHandle);
    // A handle stops working once the message is visible again (or gone).
    if (!message || message.visibleAt <= clock.now()) throw mnsErrors.messageNotExist();
    return message;
  }

  function receiveNow(queue: QueueRecord, count: number): ReceivedMessage[] {
    const now = clock.now();
    return visible(queue)
      .slice(0, count)
      .map((message) => {
        message.dequeueCount += 1;
        message.firstDequeueTime ??= now;
        message.visibleAt = now + queue.attributes.visibilityTimeout * 1000;
        message.receiptHandle = ids.receiptHandle(message.messageId, message.dequeueCount);
        return { ...message, receiptHandle: message.receiptHandle, nextVisibleTime: message.visibleAt };
      });
  }

  return {
    names(): string[] {
      return [...queues.keys()].sort();
    },
    get,
    has(name: string): boolean {
      return queues.has(name);
    },
    /** 'created' or 'unchanged' (same attributes); QueueAlreadyExist when the attributes differ. */
    create(name: string, attributes: Partial<QueueAttributes> = {}): 'created' | 'unchanged' {
      if (!NAME.test(name)) throw mnsErrors.invalidQueueName();
      const wanted = { ...defaultQueueAttributes(), ...attributes };
      const existing = queues.get(name);
      if (existing) {
        if (JSON.stringify(existing.attributes) === JSON.stringify(wanted)) return 'unchanged';
        throw mnsErrors.queueAlreadyExist();
      }
      const now = clock.now();
      queues.set(name, {
        name,
        createTime: now,
        lastModifyTime: now,
        attributes: wanted,
        messages: [],
        waiters: new Set(),
      });
      return 'created';
    },
    setAttributes(name: string, attributes: Partial<QueueAttributes>): void {
      const queue = get(name);
      queue.attributes = { ...queue.attributes, ...attributes };
      queue.lastModifyTime = clock.now();
    },
    delete(name: string): void {
      const queue = queues.get(name);
      if (!queue) return;
      queues.delete(name);
      wake(queue);
    },
    send(
      name: string,
      body: string,
      opts: { delaySeconds?: number; priority?: number } = {},
    ): { messageId: string; bodyMd5: string } {
      const queue = get(name);
      const size = Buffer.byteLength(body, 'utf8');
      if (size < 1 || size > queue.attributes.maximumMessageSize)
        throw mnsErrors.messageBodyTooLarge(queue.attributes.maximumMessageSize);
      const now = clock.now();
      const delay = opts.delaySeconds ?? queue.attributes.delaySeconds;
      const message: QueueMessage = {
        messageId: ids.messageId(now),
        body,
        bodyMd5: bodyMd5(body),
        priority: opts.priority ?? 8,
        enqueueTime: now,
        dequeueCount: 0,
        visibleAt: now + delay * 1000,
      };
      queue.messages.push(message);
      wake(queue);
      return { messageId: message.messageId, bodyMd5: message.bodyMd5 };
    },
    receive(name: string, count: number): ReceivedMessage[] {
      return receiveNow(get(name), count);
    },
    /**
     * ReceiveMessage with `waitseconds`: returns as soon as a message is visible,
     * or empty after the wait (real time, capped at 30 s).
     */
    async receiveWaiting(name: string, count: number, waitSeconds: number): Promise<ReceivedMessage[]> {
      const queue = get(name);
      const first = receiveNow(queue, count);
      const wait = Math.min(Math.max(waitSeconds, 0), MAX_WAIT_SECONDS);
      if (first.length > 0 || wait === 0) return first;
      const deadline = Date.now() + wait * 1000;
      while (Date.now() < deadline && queues.get(name) === queue) {
        const clockWake = scheduleWake(queue);
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            if (clockWake !== undefined) clock.cancel(clockWake);
            queue.waiters.delete(done);
            resolve();
          };
          const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
          timer.unref();
          queue.waiters.add(done);
        });
        if (queues.get(name) !== queue) break;
        const got = receiveNow(queue, count);
        if (got.length > 0) return got;
      }
      return [];
    },
    peek(name: string, count: number): QueueMessage[] {
      return visible(get(name))
        .slice(0, count)
        .map((m) => ({ ...m }));
    },
    deleteMessage(name: string, receiptHandle: string): void {
      const queue = get(name);
      const message = findByHandle(queue, receiptHandle);
      queue.messages = queue.messages.filter((m) => m !== message);
    },
    changeVisibility(
      name: string,
      receiptHandle: string,
      visibilityTimeout: number,
    ): { receiptHandle: string; nextVisibleTime: number } {
      const queue = get(name);
      const message = findByHandle(queue, receiptHandle);
      message.visibleAt = clock.now() + visibilityTimeout * 1000;
      message.receiptHandle = ids.receiptHandle(message.messageId, message.dequeueCount);
      wake(queue);
      return { receiptHandle: message.receiptHandle, nextVisibleTime: message.visibleAt };
    },
    counts(name: string): { active: number; inactive: number; delayed: number } {
      const queue = get(name);
      expire(queue);
      const now = clock.now();
      let active = 0;
      let inactive = 0;
      let delayed = 0;
      for (const m of queue.messages) {
        if (m.visibleAt <= now) active += 1;
        else if (m.dequeueCount > 0) inactive += 1;
        else delayed += 1;
      }
      return { active, inactive, delayed };
    },
  };
}
export type QueueStore = ReturnType<typeof createQueueStore>;
