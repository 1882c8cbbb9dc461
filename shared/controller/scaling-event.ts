// An ESS scaling notification for one group. It only nudges: a finished
// activity may unblock a rollout that waited for it, so that group is
// reconciled now instead of at the next timer. A failed or rejected activity
// while a rollout runs is also recorded as a rollgate event (the notifier
// tells people).
import { makeEvent } from '../domain/events';
import { isActiveExecution } from '../domain/snapshot';
import { EXECUTION_TAG } from '../domain/tags';
import { EssNotificationSchema, meaningOf, scalingGroupOf, type EssNotification } from '../schemas/ess-notification';
import type { ControllerDeps } from './deps';
import { repairDrift, type DriftReport } from './drift';
import { publishEvent } from './execute/publish-event';
import { failureOutcome } from './failure';
import { done, terminal, type Outcome } from './outcome';
import { parseMessage } from './parse-message';
import { reconcileStep } from './reconcile';
import { ROLLING_UPDATE_TEMPLATE_FILTER } from './snapshot/read-fleet';

async function recordErrorDuringRollout(
  deps: ControllerDeps,
  groupId: string,
  notification: EssNotification,
): Promise<string | undefined> {
  const { executions } = await deps.clients.oos.listExecutions({
    templateName: ROLLING_UPDATE_TEMPLATE_FILTER,
    tags: { [EXECUTION_TAG.scalingGroup]: groupId },
    sortField: 'StartDate',
    sortOrder: 'Descending',
    maxResults: 20,
  });
  const active = executions.find((e) => isActiveExecution(e));
  if (active === undefined) return undefined;
  const campaignId = active.tags[EXECUTION_TAG.campaign];
  const revision = active.tags[EXECUTION_TAG.revision];
  const activityId = notification.content.scalingActivityId;
  const event = makeEvent({
    type: 'scaling.error_during_rollout',
    at: new Date(deps.now()).toISOString(),
    groupId,
    executionId: active.executionId,
    ...(campaignId === undefined ? {} : { campaignId }),
    ...(revision === undefined ? {} : { revision }),
    message: `${notification.event} on group ${groupId} while rollout ${active.executionId} is ${active.status}`,
    detail: {
      notification: notification.event,
      ...(activityId === undefined ? {} : { scalingActivityId: activityId }),
      ...(notification.content.cause === undefined ? {} : { cause: notification.content.cause }),
    },
  });
  await publishEvent(deps.clients, deps.eventsTopic, event);
  return event.id;
}

export async function handleScalingEvent(deps: ControllerDeps, body: string): Promise<Outcome> {
  let notification: EssNotification;
  try {
    notification = parseMessage('scaling-events', EssNotificationSchema, body);
  } catch (err) {
    deps.log.warn({ err }, 'scaling notification rejected');
    return terminal(err instanceof Error ? err : new Error(String(err)));
  }
  const { scalingGroupId: groupId, regionId } = scalingGroupOf(notification);
  const log = deps.log.child({
    groupId,
    notification: notification.event,
    scalingActivityId: notification.content.scalingActivityId,
  });
  if (regionId !== deps.regionId) {
    log.warn({ regionId }, 'notification from another region; ignored');
    return done({ groupId, ignored: `region ${regionId}` });
  }
  const meaning = meaningOf(notification.event);
  if (meaning === 'other') {
    log.info('notification does not concern rollouts');
    return done({ groupId, ignored: notification.event });
  }

  let recorded: string | undefined;
  if (meaning === 'activity-failed') {
    try {
      recorded = await recordErrorDuringRollout({ ...deps, log }, groupId, notification);
    } catch (err) {
      log.error({ err }, 'scaling error could not be recorded');
      return failureOutcome(err);
    }
    if (recorded) log.warn({ eventId: recorded }, 'scaling activity failed during a rollout');
  }
  let drift: DriftReport | undefined;
  const launched = notification.content.instanceIds ?? [];
  if (notification.event === 'AUTOSCALING:SCALE_OUT_SUCCESS' && launched.length > 0) {
    try {
      drift = await repairDrift({ ...deps, log }, groupId, launched);
    } catch (err) {
      // RunCommand carries a ClientToken: the redelivery repeats nothing that was done.
      log.error({ err }, 'drift repair failed');
      return failureOutcome(err);
    }
  }
  const outcome = await reconcileStep({ ...deps, log }, { groupIds: [groupId] });
  return outcome.kind === 'done'
    ? done({
        groupId,
        meaning,
        ...(recorded ? { recordedEvent: recorded } : {}),
        ...(drift ? { drift } : {}),
        ...outcome.summary,
      })
    : outcome;
}
