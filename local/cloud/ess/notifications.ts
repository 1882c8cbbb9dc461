// ESS event notifications: configurations per group and delivery of each
// scaling event to MNS topics/queues (or the CloudMonitor event list) in the
// exact body format of the seeds (ess-best-practices-excerpt, MNS example).
import type { RegionWorld } from '../core/contracts';
import {
  invalidNotificationArn,
  invalidNotificationTypes,
  notificationExists,
  notificationNotFound,
  notificationQuotaExceeded,
} from './errors';
import {
  NOTIFICATION_TYPES,
  type ActivityState,
  type NotificationConfigurationState,
  type NotificationType,
} from './records';

const MAX_CONFIGURATIONS_PER_GROUP = 6;

/** Seed: INFO = success/start, WARN = reject/partial/expiring, CRITICAL = failure. */
const EVENT_LEVEL: Record<NotificationType, 'INFO' | 'WARN' | 'CRITICAL'> = {
  'AUTOSCALING:SCALE_OUT_SUCCESS': 'INFO',
  'AUTOSCALING:SCALE_IN_SUCCESS': 'INFO',
  'AUTOSCALING:SCALE_OUT_START': 'INFO',
  'AUTOSCALING:SCALE_IN_START': 'INFO',
  'AUTOSCALING:SCALE_REJECT': 'WARN',
  'AUTOSCALING:SCHEDULE_TASK_EXPIRING': 'WARN',
  'AUTOSCALING:SCALE_OUT_WARN': 'WARN',
  'AUTOSCALING:SCALE_IN_WARN': 'WARN',
  'AUTOSCALING:SCALE_OUT_ERROR': 'CRITICAL',
  'AUTOSCALING:SCALE_IN_ERROR': 'CRITICAL',
};

export type ParsedArn =
  | { kind: 'queue' | 'topic'; name: string; regionId: string; accountId: string }
  | { kind: 'cloudmonitor'; regionId: string; accountId: string };

export function parseNotificationArn(arn: string): ParsedArn | undefined {
  const mns = /^acs:mns:([a-z0-9-]+):(\d+):(queue|topic)\/([A-Za-z0-9-]{1,256})$/.exec(arn);
  if (mns) return { kind: mns[3] as 'queue' | 'topic', regionId: mns[1]!, accountId: mns[2]!, name: mns[4]! };
  const cms = /^acs:ess:([a-z0-9-]+):(\d+):cloudmonitor$/.exec(arn);
  if (cms) return { kind: 'cloudmonitor', regionId: cms[1]!, accountId: cms[2]! };
  return undefined;
}

/** Millisecond ISO time as the seed prints it: `2022-04-01T03:59:55.000Z`. */
function eventTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

export interface DeliveryRecord {
  at: string;
  notificationArn: string;
  event: NotificationType;
  scalingGroupId: string;
  /** MNS message id, or the reason it could not be delivered. */
  messageId?: string;
  error?: string;
}

export class NotificationCenter {
  private readonly configurations: NotificationConfigurationState[] = [];
  /** Events sent to `acs:ess:…:cloudmonitor` (CloudMonitor system events are not emulated further). */
  readonly cloudMonitorEvents: unknown[] = [];
  readonly deliveries: DeliveryRecord[] = [];

  constructor(private readonly world: RegionWorld) {}

  create(config: NotificationConfigurationState): void {
    const parsed = parseNotificationArn(config.notificationArn);
    if (!parsed || parsed.regionId !== this.world.regionId || parsed.accountId !== this.world.accountId) {
      throw invalidNotificationArn(config.notificationArn);
    }
    if (config.notificationTypes.length === 0) throw invalidNotificationTypes('');
    for (const type of config.notificationTypes) {
      if (!(NOTIFICATION_TYPES as readonly string[]).includes(type)) throw invalidNotificationTypes(type);
    }
    const ofGroup = this.forGroup(config.scalingGroupId);
    // "Different event notifications in the same scaling group cannot use the same accepter."
    if (ofGroup.some((c) => c.notificationArn === config.notificationArn))
      throw notificationExists(config.notificationArn);
    if (ofGroup.length >= MAX_CONFIGURATIONS_PER_GROUP) throw notificationQuotaExceeded();
    this.configurations.push({ ...config, notificationTypes: [...new Set(config.notificationTypes)] });
  }

  modify(scalingGroupId: string, notificationArn: string, notificationTypes: string[]): void {
    const existing = this.find(scalingGroupId, notificationArn);
    for (const type of notificationTypes) {
      if (!(NOTIFICATION_TYPES as readonly string[]).includes(type)) throw invalidNotificationTypes(type);
    }
    existing.notificationTypes = [...new Set(notificationTypes)];
  }

  remove(scalingGroupId: string, notificationArn: string): void {
    const existing = this.find(scalingGroupId, notificationArn);
    this.configurations.splice(this.configurations.indexOf(existing), 1);
  }

  removeGroup(scalingGroupId: string): void {
    for (const c of this.forGroup(scalingGroupId)) this.configurations.splice(this.configurations.indexOf(c), 1);
  }

  forGroup(scalingGroupId: string): NotificationConfigurationState[] {
    return this.configurations.filter((c) => c.scalingGroupId === scalingGroupId);
  }

  all(): NotificationConfigurationState[] {
    return [...this.configurations];
  }

  /** Sends one scaling event to every configuration of the group that subscribes to it. */
  publish(event: NotificationType, activity: ActivityState): void {
    const targets = this.forGroup(activity.scalingGroupId).filter((c) => c.notificationTypes.includes(event));
    if (targets.length === 0) return;
    const body = JSON.stringify(this.messageBody(event, activity));
    for (const target of targets) this.deliver(target, event, body);
  }

  /** The message body of the seed's MNS example; expectNum/instanceIds only for successful activities. */
  messageBody(event: NotificationType, activity: ActivityState): Record<string, unknown> {
    const isStart = event.endsWith('_START');
    const isSuccess = event.endsWith('_SUCCESS') || event.endsWith('_WARN');
    const content: Record<string, unknown> = {
      cause: activity.cause,
      description: activity.description,
      ...(isStart ? {} : { endTime: eventTime(activity.endTimeMs ?? this.world.clock.now()) }),
      ...(isSuccess ? { expectNum: activity.expectNum, instanceIds: [...activity.instanceIds] } : {}),
      requestId: activity.requestId,
      scalingActivityId: activity.scalingActivityId,
      startTime: eventTime(activity.startTimeMs),
      totalCapacity: activity.totalCapacityAfter,
    };
    return {
      content,
      event,
      eventLevel: EVENT_LEVEL[event],
      eventStatus: 'normal',
      product: 'ESS',
      regionId: this.world.regionId,
      resourceArn: `acs:ess:${this.world.regionId}:${this.world.accountId}:scalingGroup/${activity.scalingGroupId}`,
      userId: this.world.accountId,
    };
  }

  private deliver(target: NotificationConfigurationState, event: NotificationType, body: string): void {
    const record: DeliveryRecord = {
      at: this.world.clock.iso(),
      notificationArn: target.notificationArn,
      event,
      scalingGroupId: target.scalingGroupId,
    };
    const parsed = parseNotificationArn(target.notificationArn);
    try {
      if (parsed?.kind === 'topic') record.messageId = this.world.mns.publish(parsed.name, body);
      else if (parsed?.kind === 'queue') record.messageId = this.world.mns.sendToQueue(parsed.name, body);
      else this.cloudMonitorEvents.push(JSON.parse(body));
    } catch (error) {
      // Like the real service: a missing topic or queue loses the event, it does not fail the activity.
      record.error = error instanceof Error ? error.message : String(error);
    }
    this.deliveries.push(record);
  }

  private find(scalingGroupId: string, notificationArn: string): NotificationConfigurationState {
    const existing = this.configurations.find(
      (c) => c.scalingGroupId === scalingGroupId && c.notificationArn === notificationArn,
    );
    if (!existing) throw notificationNotFound(notificationArn);
    return existing;
  }
}
