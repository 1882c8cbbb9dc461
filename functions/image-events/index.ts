// MNS topic trigger: an image became Available (ECS Image:StateChange via a
// CloudMonitor event rule, or an image pipeline's {"imageId": "m-…"}).
// Reconciles the groups of every target whose image source selects it.
import { controllerDeps } from '../../shared/controller/compose';
import { handleImageEvent } from '../../shared/controller/image-event';
import { toFcResult } from '../../shared/controller/outcome';
import { mnsMessageBody } from '../../shared/schemas/fc-events';

export const handler = async (event: unknown, context: unknown): Promise<Record<string, unknown>> => {
  const deps = await controllerDeps('image-events', context);
  const { body, envelope } = mnsMessageBody(event);
  const log = deps.log.child({ messageId: envelope?.MessageId, topic: envelope?.TopicName });
  return toFcResult(await handleImageEvent({ ...deps, log }, body));
};
