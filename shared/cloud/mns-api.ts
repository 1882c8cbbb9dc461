// MNS (Message Service) operations rollgate uses: publishing its events to a
// topic, and queue receive/delete (tests and queue-driven tooling).

export interface PublishMessageRequest {
  topicName: string;
  messageBody: string;
  /** Filter tag subscriptions can match on. */
  messageTag?: string;
}
export interface PublishMessageResponse {
  messageId: string;
  messageBodyMd5?: string;
}

export interface SendMessageRequest {
  queueName: string;
  messageBody: string;
  delaySeconds?: number;
}

export interface ReceivedMessage {
  messageId: string;
  receiptHandle: string;
  messageBody: string;
  messageTag?: string;
  dequeueCount?: number;
  enqueueTime?: number;
}

export interface ReceiveMessageRequest {
  queueName: string;
  /** Long-poll seconds (0-30); 0 returns at once. */
  waitSeconds?: number;
}

export interface MnsApi {
  publishMessage(request: PublishMessageRequest): Promise<PublishMessageResponse>;
  sendMessage(request: SendMessageRequest): Promise<{ messageId: string }>;
  /** The next visible message, or undefined when the queue is empty (MessageNotExist). */
  receiveMessage(request: ReceiveMessageRequest): Promise<ReceivedMessage | undefined>;
  deleteMessage(request: { queueName: string; receiptHandle: string }): Promise<void>;
}
