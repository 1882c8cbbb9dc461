import * as z from 'zod';
import { EventTypeSchema } from '../events';
import { NameSchema } from './common';

export const CHANNEL_TYPES = ['dingtalk', 'feishu', 'wecom', 'slack', 'webhook'] as const;

export const ChannelSchema = z.strictObject({
  name: NameSchema,
  type: z.enum(CHANNEL_TYPES),
  url: z.url({ protocol: /^https?$/ }).describe('robot or webhook address'),
  secretEnv: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]*$/, 'an environment variable name')
    .optional()
    .describe('environment variable holding the signing secret (secrets never go in this file)'),
  events: z.array(EventTypeSchema).optional().describe('event types sent to this channel (default: all)'),
});
export type Channel = z.infer<typeof ChannelSchema>;

export const NotificationsSchema = z.strictObject({
  channels: z.array(ChannelSchema).default([]),
});
