// MnsApi over `@alicloud/mns` (REST + XML, MNS signature). The SDK takes a
// custom `endpoint` URL, which is how the local cloud is reached.
import MnsClient from '@alicloud/mns';
import * as z from 'zod';
import { assertDeclared } from './actions';
import type { CloudConfig } from './config';
import type { CloudOperation } from './errors';
import type {
  MnsApi,
  PublishMessageRequest,
  PublishMessageResponse,
  ReceiveMessageRequest,
  ReceivedMessage,
  SendMessageRequest,
} from './mns-api';
import { parseResponse } from './parse';
import { withRetry, type RetryDeps } from './retry';
import { wireNumber } from './wire';

/**
 * The SDK writes values into its XML verbatim; escaping here keeps a body
 * with `<` or `&` (any JSON with such characters) a valid document. The
 * server un-escapes, so subscribers receive the original text.
 */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const PublishWire = z.object({ MessageId: z.string(), MessageBodyMD5: z.string().optional() });
const SendWire = z.object({ MessageId: z.string() });
const ReceiveWire = z.object({
  MessageId: z.string(),
  ReceiptHandle: z.string(),
  MessageBody: z.string().default(''),
  MessageTag: z.string().optional(),
  DequeueCount: wireNumber.optional(),
  EnqueueTime: wireNumber.optional(),
});

/** `http://127.0.0.1:9100` or `https://{accountId}.mns.{region}.aliyuncs.com`. */
export function mnsEndpoint(config: CloudConfig): string {
  return config.endpoint ?? `https://${config.accountId}.mns.${config.regionId}.aliyuncs.com`;
}

export class MnsClientAdapter implements MnsApi {
  private readonly sdk: MnsClient;

  constructor(
    private readonly config: CloudConfig,
    private readonly deps: RetryDeps,
  ) {
    this.sdk = new MnsClient(config.accountId ?? 'local', {
      accessKeyId: config.credentials.accessKeyId,
      accessKeySecret: config.credentials.accessKeySecret,
      ...(config.credentials.securityToken === undefined ? {} : { securityToken: config.credentials.securityToken }),
      endpoint: mnsEndpoint(config),
      connectTimeout: config.connectTimeoutMs,
      readTimeout: config.readTimeoutMs,
    });
  }

  private run<T>(action: string, call: () => Promise<T>): Promise<T> {
    const operation: CloudOperation = `mns:${action}`;
    assertDeclared(operation);
    return withRetry(operation, this.config.retry, this.deps, call);
  }

  async publishMessage(request: PublishMessageRequest): Promise<PublishMessageResponse> {
    const params: Record<string, string> = { MessageBody: escapeXml(request.messageBody) };
    if (request.messageTag !== undefined) params['MessageTag'] = escapeXml(request.messageTag);
    const res = await this.run('PublishMessage', () => this.sdk.publishMessage(request.topicName, params));
    const body = parseResponse(PublishWire, { body: res.body, status: res.code }, 'mns:PublishMessage');
    return body.MessageBodyMD5 === undefined
      ? { messageId: body.MessageId }
      : { messageId: body.MessageId, messageBodyMd5: body.MessageBodyMD5 };
  }

  async sendMessage(request: SendMessageRequest): Promise<{ messageId: string }> {
    const params: Record<string, string | number> = { MessageBody: escapeXml(request.messageBody) };
    if (request.delaySeconds !== undefined) params['DelaySeconds'] = request.delaySeconds;
    const res = await this.run('SendMessage', () => this.sdk.sendMessage(request.queueName, params));
    return { messageId: parseResponse(SendWire, { body: res.body, status: res.code }, 'mns:SendMessage').MessageId };
  }

  async receiveMessage(request: ReceiveMessageRequest): Promise<ReceivedMessage | undefined> {
    try {
      const res = await this.run('ReceiveMessage', () =>
        this.sdk.receiveMessage(request.queueName, request.waitSeconds),
      );
      const m = parseResponse(ReceiveWire, { body: res.body, status: res.code }, 'mns:ReceiveMessage');
      const message: ReceivedMessage = {
        messageId: m.MessageId,
        receiptHandle: m.ReceiptHandle,
        messageBody: m.MessageBody,
      };
      if (m.MessageTag !== undefined) message.messageTag = m.MessageTag;
      if (m.DequeueCount !== undefined) message.dequeueCount = m.DequeueCount;
      if (m.EnqueueTime !== undefined) message.enqueueTime = m.EnqueueTime;
      return message;
    } catch (err) {
      // An empty queue is an answer, not a failure.
      if (err instanceof Error && 'code' in err && err.code === 'MessageNotExist') return undefined;
      throw err;
    }
  }

  async deleteMessage(request: { queueName: string; receiptHandle: string }): Promise<void> {
    await this.run('DeleteMessage', () => this.sdk.deleteMessage(request.queueName, request.receiptHandle));
  }
}
