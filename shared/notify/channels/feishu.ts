// Feishu (Lark) custom bot: text message; with a secret, the body carries
// `timestamp` (s) and `sign` = Base64(HMAC-SHA256(key "<timestamp>\n<secret>", empty message)).
import { createHmac } from 'node:crypto';
import { robotError } from './dingtalk';
import { JSON_HEADERS, type AnswerCheck, type ChannelRenderer } from './types';

export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

export const renderFeishu: ChannelRenderer = ({ url, message, secret, nowMs }) => {
  const timestamp = Math.floor(nowMs / 1000);
  const body: Record<string, unknown> = {
    msg_type: 'text',
    content: { text: [message.title, ...message.lines].join('\n') },
  };
  if (secret !== undefined) Object.assign(body, { timestamp: String(timestamp), sign: feishuSign(secret, timestamp) });
  return { url, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
};

/** Feishu answers 200 with `{"code":0}` (older bots: `StatusCode`). */
export const checkFeishu: AnswerCheck = (_status, body) =>
  robotError(body, 'code', 'msg') ?? robotError(body, 'StatusCode', 'StatusMessage');
