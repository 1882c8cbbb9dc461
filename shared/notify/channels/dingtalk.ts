// DingTalk custom robot: markdown message; with a secret, the URL carries
// `timestamp` (ms) and `sign` = Base64(HMAC-SHA256(secret, "<timestamp>\n<secret>")).
import { createHmac } from 'node:crypto';
import { JSON_HEADERS, type AnswerCheck, type ChannelRenderer } from './types';

export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

export const renderDingtalk: ChannelRenderer = ({ url, message, secret, nowMs }) => {
  const signed = new URL(url);
  if (secret !== undefined) {
    signed.searchParams.set('timestamp', String(nowMs));
    signed.searchParams.set('sign', dingtalkSign(secret, nowMs));
  }
  const text = [`### ${message.title}`, ...message.lines.map((l) => (l.startsWith('- ') ? l : `${l}  `))].join('\n');
  return {
    url: signed.toString(),
    headers: { ...JSON_HEADERS },
    body: JSON.stringify({ msgtype: 'markdown', markdown: { title: message.title, text } }),
  };
};

/** DingTalk answers 200 with `{"errcode":0}` on success. */
export const checkDingtalk: AnswerCheck = (_status, body) => robotError(body, 'errcode', 'errmsg');

export function robotError(body: string, codeKey: string, messageKey: string): string | undefined {
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    const code = json[codeKey];
    if (code === undefined || code === 0 || code === '0') return undefined;
    return `${codeKey} ${String(code)}: ${String(json[messageKey] ?? '')}`;
  } catch {
    return undefined;
  }
}
