import * as z from 'zod';

/** A name used in ids and messages: lower-case letters, digits and dashes. */
export const NameSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,62}$/,
    'lower-case letters, digits and dashes, starting with a letter or digit, at most 63 characters',
  );

/** Tag key → value. ESS and ECS tag keys are at most 128 characters, values at most 128. */
export const TagMapSchema = z.record(z.string().min(1).max(128), z.string().max(128));

/**
 * Which scaling groups something applies to. Every criterion given must match
 * (AND); within `ids` or `names` any entry may match (OR). Tag value `*` matches any value.
 */
export const SelectorSchema = z
  .strictObject({
    tags: TagMapSchema.optional().describe('every tag must be present with this value (`*` = any value)'),
    ids: z.array(z.string().min(1)).min(1).optional().describe('scaling group ids (asg-…)'),
    names: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('scaling group name globs: `*` any run, `?` one character'),
  })
  .refine((s) => s.tags !== undefined || s.ids !== undefined || s.names !== undefined, {
    message: 'a selector needs at least one of tags, ids, names',
    params: { allowed: 'tags, ids, names' },
  });
export type Selector = z.infer<typeof SelectorSchema>;

export const SCALING_PROCESSES = [
  'ScaleIn',
  'ScaleOut',
  'HealthCheck',
  'AlarmNotification',
  'ScheduledAction',
] as const;
export const ProcessSchema = z.enum(SCALING_PROCESSES);
