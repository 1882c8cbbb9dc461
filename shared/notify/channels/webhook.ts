// Generic webhook: the event itself as JSON. With a secret, the header
// `X-Rollgate-Signature: sha256=<hex HMAC-SHA256(secret, body)>` lets the
// receiver check it came from rollgate; `X-Rollgate-Event-Id` lets it drop duplicates.
import { createHmac } from 'node:crypto';
import { JSON_HEADERS, type ChannelRenderer } from './types';

export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export const renderWebhook: ChannelRenderer = ({ url, event, message, secret }) => {
  const body = JSON.stringify({
    ...event,
    title: message.title,
    text: message.lines.join('\n'),
    severity: message.severity,
  });
  const headers: Record<string, string> = {
    ...JSON_HEADERS,
    'x-rollgate-event-id': event.id,
    'x-rollgate-event-type': event.type,
  };
  if (secret !== undefined) headers['x-rollgate-signature'] = webhookSignature(secret, body);
  return { url, headers, body };
};
