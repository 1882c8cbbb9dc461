// The operations' inputs: `unknown` until these schemas parse them, so the
// webhook and the CLI refuse the same bad input with the same field named.
import * as z from 'zod';
import { SelectorSchema } from '../domain/policy/common';
import { ROLLOUT_KINDS } from '../domain/policy/target';
import { EVENT_TYPES } from '../domain/events';
import { OperationError } from './errors';

export const RolloutRequestSchema = z.strictObject({
  groups: z.array(z.string().min(1).max(128)).min(1).max(100).optional(),
  selector: SelectorSchema.optional(),
  kind: z.enum(ROLLOUT_KINDS),
  /** Image id, script revision name, or package version (`name@version` or the version). */
  revision: z.string().min(1).max(128),
  reason: z.string().min(1).max(500),
});
export type RolloutRequest = z.infer<typeof RolloutRequestSchema>;

export const GroupActionRequestSchema = z.strictObject({
  reason: z.string().min(1).max(500).optional(),
  /** retry: the revision to clear (default: the group's rejected revision). */
  revision: z.string().min(1).max(128).optional(),
});
export type GroupActionRequest = z.infer<typeof GroupActionRequestSchema>;

export const FreezeRequestSchema = z.strictObject({
  /** Shown by status and in the held rollouts' events. */
  reason: z.string().trim().min(1).max(500),
});

export const EventsQuerySchema = z.strictObject({
  group: z.string().min(1).max(128).optional(),
  type: z.enum(EVENT_TYPES).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type EventsQuery = z.infer<typeof EventsQuerySchema>;

const HINTS: Readonly<Record<string, string>> = {
  kind: `one of ${ROLLOUT_KINDS.join(', ')}`,
  revision: 'an image id (m-…), a script revision name or a package version',
  reason: 'a short text saying why (1-500 characters), kept in the log and the answer',
  groups: 'a list of scaling group ids (asg-…) or names',
  selector: 'an object with tags, ids or names (name globs)',
  type: `one of ${EVENT_TYPES.join(', ')}`,
  limit: 'a whole number from 1 to 500',
};

/** Parses `input` or throws a bad-request naming the first field at fault. */
export function parseRequest<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path =
    issue === undefined ? [] : issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  const field = path.map(String).join('.') || '(body)';
  const top = String(path[0] ?? '');
  const message =
    issue?.code === 'unrecognized_keys' ? `unknown field ${field}` : `${field}: ${issue?.message ?? 'invalid'}`;
  const hint =
    issue?.code === 'unrecognized_keys'
      ? `allowed fields: ${Object.keys((schema as unknown as { shape?: object }).shape ?? {}).join(', ')}`
      : (HINTS[top] ?? 'see docs/webhook.md');
  throw new OperationError('bad-request', message, field, hint);
}
