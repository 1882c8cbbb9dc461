// MNS topic trigger subscribed to the ESS notification topic: a scaling
// notification nudges a reconcile of its group (a finished activity unblocks
// a rollout that waited; an error during a rollout is recorded and notified).
import { controllerDeps } from '../../shared/controller/compose';
import { toFcResult } from '../../shared/controller/outcome';
import { handleScalingEvent } from '../../shared/controller/scaling-event';
import { mnsMessageBody } from '../../shared/schemas/fc-events';

export const handler = async (event: unknown, context: unknown): Promise<Record<string, unknown>> => {
  const deps = await controllerDeps('scaling-events', context);
  const { body, envelope } = mnsMessageBody(event);
  const log = deps.log.child({ messageId: envelope?.MessageId, topic: envelope?.TopicName });
  return toFcResult(await handleScalingEvent({ ...deps, log }, body));
};
