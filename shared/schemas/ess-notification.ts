import * as z from 'zod';

/**
 * The message ESS publishes to an MNS topic or queue for a scaling activity
 * (../shared/seeds/ess-best-practices-excerpt.zh.txt, "基于MNS队列配置事件通知功能").
 * Only `event` and `resourceArn` are relied on; the rest is informative and
 * optional, because failed and rejected activities carry fewer fields.
 */
export const ESS_NOTIFICATION_TYPES = [
  'AUTOSCALING:SCALE_OUT_SUCCESS',
  'AUTOSCALING:SCALE_IN_SUCCESS',
  'AUTOSCALING:SCALE_OUT_ERROR',
  'AUTOSCALING:SCALE_IN_ERROR',
  'AUTOSCALING:SCALE_REJECT',
  'AUTOSCALING:SCALE_OUT_START',
  'AUTOSCALING:SCALE_IN_START',
  'AUTOSCALING:SCHEDULE_TASK_EXPIRING',
  'AUTOSCALING:SCALE_OUT_WARN',
  'AUTOSCALING:SCALE_IN_WARN',
] as const;
export type EssNotificationType = (typeof ESS_NOTIFICATION_TYPES)[number];

/** `acs:ess:{region}:{uid}:scalingGroup/{id}` */
const SCALING_GROUP_ARN = /^acs:ess:([^:]+):([^:]*):scalingGroup\/([^/]+)$/;

export const EssNotificationSchema = z.object({
  event: z.enum(ESS_NOTIFICATION_TYPES),
  resourceArn: z.string().regex(SCALING_GROUP_ARN, 'expected acs:ess:{region}:{uid}:scalingGroup/{id}'),
  regionId: z.string().optional(),
  userId: z.string().optional(),
  product: z.string().optional(),
  eventLevel: z.string().optional(),
  eventStatus: z.string().optional(),
  content: z
    .object({
      scalingActivityId: z.string().optional(),
      cause: z.string().optional(),
      description: z.string().optional(),
      startTime: z.string().optional(),
      endTime: z.string().optional(),
      expectNum: z.number().optional(),
      instanceIds: z.array(z.string()).optional(),
      totalCapacity: z.number().optional(),
      requestId: z.string().optional(),
    })
    .passthrough()
    .optional()
    .default({}),
});
export type EssNotification = z.infer<typeof EssNotificationSchema>;

export function scalingGroupOf(notification: EssNotification): {
  regionId: string;
  accountId: string;
  scalingGroupId: string;
} {
  const match = SCALING_GROUP_ARN.exec(notification.resourceArn);
  // The schema has already checked the pattern; this guards the type only.
  if (!match) throw new Error(`not a scaling group ARN: ${notification.resourceArn}`);
  return { regionId: match[1] ?? '', accountId: match[2] ?? '', scalingGroupId: match[3] ?? '' };
}

/** What the notification means for a rollout of its group. */
export type EssNotificationMeaning = 'activity-finished' | 'activity-failed' | 'activity-started' | 'other';

export function meaningOf(type: EssNotificationType): EssNotificationMeaning {
  switch (type) {
    case 'AUTOSCALING:SCALE_OUT_SUCCESS':
    case 'AUTOSCALING:SCALE_IN_SUCCESS':
    case 'AUTOSCALING:SCALE_OUT_WARN':
    case 'AUTOSCALING:SCALE_IN_WARN':
      return 'activity-finished';
    case 'AUTOSCALING:SCALE_OUT_ERROR':
    case 'AUTOSCALING:SCALE_IN_ERROR':
    case 'AUTOSCALING:SCALE_REJECT':
      return 'activity-failed';
    case 'AUTOSCALING:SCALE_OUT_START':
    case 'AUTOSCALING:SCALE_IN_START':
      return 'activity-started';
    case 'AUTOSCALING:SCHEDULE_TASK_EXPIRING':
      return 'other';
  }
}
