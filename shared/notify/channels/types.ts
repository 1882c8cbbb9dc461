import type { RollgateEvent } from '../../domain/events';
import type { Message } from '../message';

/** What one channel POSTs: the URL (signing may add query parameters), headers and JSON body. */
export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface RenderInput {
  url: string;
  event: RollgateEvent;
  message: Message;
  /** The signing secret from the channel's `secretEnv`, when it has one. */
  secret?: string;
  /** Epoch ms, for the robots' timestamped signatures. */
  nowMs: number;
}

export type ChannelRenderer = (input: RenderInput) => OutgoingRequest;

/** A robot's own success check on a 2xx answer (DingTalk, Feishu and WeCom answer 200 with an error code). */
export type AnswerCheck = (status: number, body: string) => string | undefined;

export const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' } as const;
