import type { RawHttpRequest, RawHttpResponse } from '../core/contracts';
import { mnsErrors } from './errors';
import type { LocalMnsModel } from './model';
import { QUEUE_ATTRIBUTE_RANGES, type QueueAttributes, type QueueMessage, type ReceivedMessage } from './queues';
import { TOPIC_MESSAGE_SIZE_RANGE, TOPIC_RETENTION_SECONDS, type TopicAttributes } from './topics';
import { childText, parseRequestXml, renderXml, type XmlFields, type XmlNode } from './xml';

// MNS wire: XML in, XML out. No rules here; the model holds them.

export interface MnsCall {
  req: RawHttpRequest;
  mns: LocalMnsModel;
  /** `http://host` the client addressed: URLs in responses point back at it. */
  baseUrl: string;
  /** Path parameters captured by the route. */
  params: Readonly<Record<string, string>>;
}
export type MnsHandler = (call: MnsCall) => RawHttpResponse | Promise<RawHttpResponse>;

const XML_TYPE = 'text/xml;charset=utf-8';

function xml(status: number, root: string, fields: XmlFields, headers: Record<string, string> = {}): RawHttpResponse {
  return { status, headers: { 'content-type': XML_TYPE, ...headers }, body: renderXml(root, fields) };
}
const noContent = (): RawHttpResponse => ({ status: 204 });
const seconds = (ms: number) => Math.floor(ms / 1000);

function param(call: MnsCall, name: string): string {
  const value = call.params[name];
  if (value === undefined) throw mnsErrors.invalidRequestUrl();
  return decodeURIComponent(value);
}

/**
 * A query value by case-insensitive name, read from the raw query so that `+`
 * in a receipt handle is not turned into a space.
 */
export function queryValue(req: RawHttpRequest, name: string): string | undefined {
  for (const pair of req.rawQuery.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (key.toLowerCase() !== name.toLowerCase()) continue;
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}

function intIn(element: string, text: string | undefined, low: number, high: number): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < low || value > high) throw mnsErrors.outOfRange(element, low, high);
  return value;
}

function bool(element: string, text: string | undefined): boolean | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  if (text === 'true' || text === 'True') return true;
  if (text === 'false' || text === 'False') return false;
  throw mnsErrors.invalidSchema(element);
}

function paging(req: RawHttpRequest, names: string[]): { page: string[]; nextMarker?: string } {
  const prefix = req.headers['x-mns-prefix'] ?? '';
  const marker = req.headers['x-mns-marker'] ?? '';
  const limit = intIn('x-mns-ret-number', req.headers['x-mns-ret-number'], 1, 1000) ?? 1000;
  const matching = names.filter((n) => n.startsWith(prefix) && (marker === '' || n >= marker));
  const page = matching.slice(0, limit);
  const next = matching[limit];
  return next === undefined ? { page } : { page, nextMarker: next };
}

// ---------------------------------------------------------------- topics

function topicAttributes(node: XmlNode): Partial<TopicAttributes> {
  const size = intIn('MaximumMessageSize', childText(node, 'MaximumMessageSize'), ...TOPIC_MESSAGE_SIZE_RANGE);
  const logging = bool('LoggingEnabled', childText(node, 'LoggingEnabled'));
  return {
    ...(size === undefined ? {} : { maximumMessageSize: size }),
    ...(logging === undefined ? {} : { loggingEnabled: logging }),
  };
}

export const createTopic: MnsHandler = (call) => {
  const name = param(call, 'topic');
  const attributes = topicAttributes(parseRequestXml(call.req.body, 'Topic'));
  if (queryValue(call.req, 'metaoverride') === 'true') {
    call.mns.topics.setAttributes(name, attributes);
    return noContent();
  }
  const outcome = call.mns.topics.create(name, attributes);
  return outcome === 'created' ? { status: 201, headers: { location: `${call.baseUrl}/topics/${name}` } } : noContent();
};

export const getTopicAttributes: MnsHandler = (call) => {
  const topic = call.mns.topics.get(param(call, 'topic'));
  return xml(200, 'Topic', {
    TopicName: topic.name,
    CreateTime: seconds(topic.createTime),
    LastModifyTime: seconds(topic.lastModifyTime),
    MaximumMessageSize: topic.attributes.maximumMessageSize,
    MessageRetentionPeriod: TOPIC_RETENTION_SECONDS,
    MessageCount: topic.published.length,
    LoggingEnabled: topic.attributes.loggingEnabled,
  });
};

export const deleteTopic: MnsHandler = (call) => {
  call.mns.topics.delete(param(call, 'topic'));
  return noContent();
};

export const listTopics: MnsHandler = (call) => {
  const { page, nextMarker } = paging(call.req, call.mns.topics.names());
  return xml(200, 'Topics', {
    Topic: page.map((name) => ({ TopicURL: `${call.baseUrl}/topics/${name}` })),
    NextMarker: nextMarker,
  });
};

export const publishMessage: MnsHandler = (call) => {
  const node = parseRequestXml(call.req.body, 'Message');
  const body = childText(node, 'MessageBody');
  if (body === undefined) throw mnsErrors.invalidSchema('MessageBody');
  const tag = childText(node, 'MessageTag');
  const { messageId, bodyMd5 } = call.mns.publishMessage(param(call, 'topic'), body, tag === '' ? undefined : tag);
  return xml(201, 'Message', { MessageId: messageId, MessageBodyMD5: bodyMd5 });
};

// ---------------------------------------------------------------- subscriptions

export const subscribe: MnsHandler = (call) => {
  const topic = param(call, 'topic');
  const name = param(call, 'subscription');
  const node = parseRequestXml(call.req.body, 'Subscription');
  const strategy = childText(node, 'NotifyStrategy');
  if (queryValue(call.req, 'metaoverride') === 'true') {
    if (strategy !== undefined) call.mns.topics.setSubscriptionStrategy(topic, name, strategy);
    return noContent();
  }
  const endpoint = childText(node, 'Endpoint');
  if (endpoint === undefined || endpoint === '') throw mnsErrors.invalidSchema('Endpoint');
  const filterTag = childText(node, 'FilterTag');
  const format = childText(node, 'NotifyContentFormat');
  const outcome = call.mns.topics.subscribe(topic, name, {
    endpoint,
    ...(filterTag ? { filterTag } : {}),
    ...(strategy ? { notifyStrategy: strategy } : {}),
    ...(format ? { notifyContentFormat: format } : {}),
  });
  return outcome === 'created'
    ? { status: 201, headers: { location: `${call.baseUrl}/topics/${topic}/subscriptions/${name}` } }
    : noContent();
};

export const getSubscriptionAttributes: MnsHandler = (call) => {
  const s = call.mns.topics.subscription(param(call, 'topic'), param(call, 'subscription'));
  return xml(200, 'Subscription', {
    SubscriptionName: s.name,
    Subscriber: call.mns.accountId,
    TopicOwner: call.mns.accountId,
    TopicName: s.topicName,
    Endpoint: s.endpoint,
    NotifyStrategy: s.notifyStrategy,
    NotifyContentFormat: s.notifyContentFormat,
    FilterTag: s.filterTag,
    CreateTime: seconds(s.createTime),
    LastModifyTime: seconds(s.lastModifyTime),
  });
};

export const unsubscribe: MnsHandler = (call) => {
  call.mns.topics.unsubscribe(param(call, 'topic'), param(call, 'subscription'));
  return noContent();
};

export const listSubscriptions: MnsHandler = (call) => {
  const topic = param(call, 'topic');
  const { page, nextMarker } = paging(call.req, call.mns.topics.subscriptionNames(topic));
  return xml(200, 'Subscriptions', {
    Subscription: page.map((name) => ({ SubscriptionURL: `${call.baseUrl}/topics/${topic}/subscriptions/${name}` })),
    NextMarker: nextMarker,
  });
};

// ---------------------------------------------------------------- queues

function queueAttributes(node: XmlNode): Partial<QueueAttributes> {
  const out: Partial<QueueAttributes> = {};
  const elements = {
    delaySeconds: 'DelaySeconds',
    maximumMessageSize: 'MaximumMessageSize',
    messageRetentionPeriod: 'MessageRetentionPeriod',
    visibilityTimeout: 'VisibilityTimeout',
    pollingWaitSeconds: 'PollingWaitSeconds',
  } as const;
  for (const [key, element] of Object.entries(elements) as Array<[keyof typeof elements, string]>) {
    const [low, high] = QUEUE_ATTRIBUTE_RANGES[key];
    const value = intIn(element, childText(node, element), low, high);
    if (value !== undefined) out[key] = value;
  }
  const logging = bool('LoggingEnabled', childText(node, 'LoggingEnabled'));
  if (logging !== undefined) out.loggingEnabled = logging;
  return out;
}

export const createQueue: MnsHandler = (call) => {
  const name = param(call, 'queue');
  const attributes = queueAttributes(parseRequestXml(call.req.body, 'Queue'));
  if (queryValue(call.req, 'metaoverride') === 'true') {
    call.mns.queues.setAttributes(name, attributes);
    return noContent();
  }
  const outcome = call.mns.queues.create(name, attributes);
  return outcome === 'created' ? { status: 201, headers: { location: `${call.baseUrl}/queues/${name}` } } : noContent();
};

export const getQueueAttributes: MnsHandler = (call) => {
  const name = param(call, 'queue');
  const queue = call.mns.queues.get(name);
  const counts = call.mns.queues.counts(name);
  const a = queue.attributes;
  return xml(200, 'Queue', {
    QueueName: queue.name,
    CreateTime: seconds(queue.createTime),
    LastModifyTime: seconds(queue.lastModifyTime),
    DelaySeconds: a.delaySeconds,
    MaximumMessageSize: a.maximumMessageSize,
    MessageRetentionPeriod: a.messageRetentionPeriod,
    VisibilityTimeout: a.visibilityTimeout,
    PollingWaitSeconds: a.pollingWaitSeconds,
    ActiveMessages: counts.active,
    InactiveMessages: counts.inactive,
    DelayMessages: counts.delayed,
    LoggingEnabled: a.loggingEnabled,
  });
};

export const deleteQueue: MnsHandler = (call) => {
  call.mns.queues.delete(param(call, 'queue'));
  return noContent();
};

export const listQueues: MnsHandler = (call) => {
  const { page, nextMarker } = paging(call.req, call.mns.queues.names());
  return xml(200, 'Queues', {
    Queue: page.map((name) => ({ QueueURL: `${call.baseUrl}/queues/${name}` })),
    NextMarker: nextMarker,
  });
};

function sendOne(call: MnsCall, queue: string, node: XmlNode): XmlFields {
  const body = childText(node, 'MessageBody');
  if (body === undefined) throw mnsErrors.invalidSchema('MessageBody');
  const [minDelay, maxDelay] = QUEUE_ATTRIBUTE_RANGES.delaySeconds;
  const delaySeconds = intIn('DelaySeconds', childText(node, 'DelaySeconds'), minDelay, maxDelay);
  const priority = intIn('Priority', childText(node, 'Priority'), 1, 16);
  const sent = call.mns.queues.send(queue, body, {
    ...(delaySeconds === undefined ? {} : { delaySeconds }),
    ...(priority === undefined ? {} : { priority }),
  });
  return { MessageId: sent.messageId, MessageBodyMD5: sent.bodyMd5 };
}

export const sendMessage: MnsHandler = (call) => {
  const queue = param(call, 'queue');
  const text = call.req.body.toString('utf8');
  // BatchSendMessage posts <Messages> to the same path.
  if (/<Messages[\s>]/.test(text)) {
    const batch = parseRequestXml(call.req.body, 'Messages').children.get('Message') ?? [];
    if (batch.length < 1 || batch.length > 16)
      throw mnsErrors.invalidArgument('The count of message in batch request should between 1 and 16.');
    return xml(201, 'Messages', { Message: batch.map((node) => sendOne(call, queue, node)) });
  }
  return xml(201, 'Message', sendOne(call, queue, parseRequestXml(call.req.body, 'Message')));
};

function receivedFields(m: ReceivedMessage): XmlFields {
  return {
    MessageId: m.messageId,
    ReceiptHandle: m.receiptHandle,
    MessageBodyMD5: m.bodyMd5,
    MessageBody: m.body,
    EnqueueTime: m.enqueueTime,
    NextVisibleTime: m.nextVisibleTime,
    FirstDequeueTime: m.firstDequeueTime ?? m.enqueueTime,
    DequeueCount: m.dequeueCount,
    Priority: m.priority,
  };
}

function peekedFields(m: QueueMessage): XmlFields {
  return {
    MessageId: m.messageId,
    MessageBodyMD5: m.bodyMd5,
    MessageBody: m.body,
    EnqueueTime: m.enqueueTime,
    FirstDequeueTime: m.firstDequeueTime ?? m.enqueueTime,
    DequeueCount: m.dequeueCount,
    Priority: m.priority,
  };
}

/** ReceiveMessage, BatchReceiveMessage, PeekMessage and BatchPeekMessage share `GET /queues/{q}/messages`. */
export const receiveMessage: MnsHandler = async (call) => {
  const queue = param(call, 'queue');
  const count = intIn('numOfMessages', queryValue(call.req, 'numOfMessages'), 1, 16);
  const batch = count !== undefined;
  if (queryValue(call.req, 'peekonly') === 'true') {
    const peeked = call.mns.queues.peek(queue, count ?? 1);
    if (peeked.length === 0) throw mnsErrors.messageNotExist();
    return batch
      ? xml(200, 'Messages', { Message: peeked.map(peekedFields) })
      : xml(200, 'Message', peekedFields(peeked[0] as QueueMessage));
  }
  const wait =
    intIn('waitseconds', queryValue(call.req, 'waitseconds'), 0, 30) ??
    call.mns.queues.get(queue).attributes.pollingWaitSeconds;
  const got = await call.mns.queues.receiveWaiting(queue, count ?? 1, wait);
  if (got.length === 0) throw mnsErrors.messageNotExist();
  return batch
    ? xml(200, 'Messages', { Message: got.map(receivedFields) })
    : xml(200, 'Message', receivedFields(got[0] as ReceivedMessage));
};

export const deleteMessage: MnsHandler = (call) => {
  const queue = param(call, 'queue');
  const handle = queryValue(call.req, 'ReceiptHandle');
  if (handle !== undefined) {
    if (handle === '') throw mnsErrors.missingReceiptHandle();
    call.mns.queues.deleteMessage(queue, handle);
    return noContent();
  }
  // BatchDeleteMessage: <ReceiptHandles> in the body; failures listed, 404 when any failed.
  const handles = (parseRequestXml(call.req.body, 'ReceiptHandles').children.get('ReceiptHandle') ?? []).map(
    (n) => n.text,
  );
  if (handles.length === 0) throw mnsErrors.missingReceiptHandle();
  const errors: XmlFields[] = [];
  for (const h of handles) {
    try {
      call.mns.queues.deleteMessage(queue, h);
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      errors.push({
        ErrorCode: 'code' in e ? String(e.code) : 'InternalError',
        ErrorMessage: e.message,
        ReceiptHandle: h,
      });
    }
  }
  return errors.length === 0 ? noContent() : xml(404, 'Errors', { Error: errors });
};

export const changeMessageVisibility: MnsHandler = (call) => {
  const queue = param(call, 'queue');
  const handle = queryValue(call.req, 'receiptHandle');
  if (handle === undefined || handle === '') throw mnsErrors.missingReceiptHandle();
  const timeoutText = queryValue(call.req, 'visibilityTimeout');
  if (timeoutText === undefined || timeoutText === '') throw mnsErrors.missingVisibilityTimeout();
  const timeout = intIn('VisibilityTimeout', timeoutText, 1, 43200) ?? 30;
  const changed = call.mns.queues.changeVisibility(queue, handle, timeout);
  return xml(200, 'ChangeVisibility', {
    ReceiptHandle: changed.receiptHandle,
    NextVisibleTime: changed.nextVisibleTime,
  });
};
