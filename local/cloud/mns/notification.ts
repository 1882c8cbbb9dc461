import { escapeXml } from './xml';

/** What a topic subscription hands to its endpoint for one published message. */
export interface Notification {
  topicOwner: string;
  topicName: string;
  subscriber: string;
  subscriptionName: string;
  messageId: string;
  message: string;
  messageMd5: string;
  messageTag?: string;
  publishTime: number;
}

export const NOTIFY_CONTENT_FORMATS = ['XML', 'JSON', 'SIMPLIFIED'] as const;
export type NotifyContentFormat = (typeof NOTIFY_CONTENT_FORMATS)[number];
/** FC's MNS topic trigger formats: JSON envelope or STREAM (the raw body). */
export const FUNCTION_CONTENT_FORMATS = ['JSON', 'STREAM'] as const;

/** NotifyContentFormat=XML, as pushed to HTTP endpoints and written to queues. */
export function notificationXml(n: Notification): string {
  const tag = n.messageTag === undefined ? '' : `<MessageTag>${escapeXml(n.messageTag)}</MessageTag>`;
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<Notification xmlns="http://mns.aliyuncs.com/doc/v1/">' +
    `<TopicOwner>${n.topicOwner}</TopicOwner><TopicName>${n.topicName}</TopicName>` +
    `<Subscriber>${n.subscriber}</Subscriber><SubscriptionName>${n.subscriptionName}</SubscriptionName>` +
    `<MessageId>${n.messageId}</MessageId><Message>${escapeXml(n.message)}</Message>` +
    `<MessageMD5>${n.messageMd5}</MessageMD5>${tag}<PublishTime>${n.publishTime}</PublishTime>` +
    '</Notification>'
  );
}

/**
 * NotifyContentFormat=JSON. The two places it appears print PublishTime
 * differently: MNS's own JSON notification as a string of epoch millis, FC's
 * MNS topic trigger event (its sample) as a number.
 */
function notificationFields(n: Notification, publishTime: string | number): string {
  return JSON.stringify({
    TopicOwner: n.topicOwner,
    TopicName: n.topicName,
    Subscriber: n.subscriber,
    SubscriptionName: n.subscriptionName,
    MessageId: n.messageId,
    Message: n.message,
    MessageMD5: n.messageMd5,
    ...(n.messageTag === undefined ? {} : { MessageTag: n.messageTag }),
    PublishTime: publishTime,
  });
}

export const notificationJson = (n: Notification): string => notificationFields(n, String(n.publishTime));

export const functionTriggerEvent = (n: Notification): string => notificationFields(n, n.publishTime);

/** The body an endpoint receives for a format: SIMPLIFIED and STREAM carry the message body only. */
export function renderNotification(n: Notification, format: string): string {
  switch (format) {
    case 'XML':
      return notificationXml(n);
    case 'JSON':
      return notificationJson(n);
    default:
      return n.message;
  }
}
