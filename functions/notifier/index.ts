// MNS topic trigger on the rollgate events topic: render each event for the
// policy's channels (DingTalk, Feishu, WeCom, Slack, webhook) and post it,
// once per event and channel, however many instances receive it.
import { deliverMessage } from '../../shared/notify/deliver-message';
import { notifierDeps } from '../../shared/notify/compose';
import { mnsMessageBody } from '../../shared/schemas/fc-events';

export const handler = async (event: unknown, context: unknown): Promise<Record<string, unknown>> => {
  const { channels, deps, log } = notifierDeps(context);
  const { body, envelope } = mnsMessageBody(event);
  return deliverMessage(body, channels, deps, log.child({ messageId: envelope?.MessageId }));
};
