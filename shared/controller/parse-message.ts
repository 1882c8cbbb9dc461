import type * as z from 'zod';
import { EventParseError } from '../schemas/fc-events';

/** A message body (JSON text) through a schema; errors name the source and the failing path. */
export function parseMessage<T extends z.ZodTypeAny>(source: string, schema: T, body: string): z.infer<T> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw new EventParseError(source, `message is not JSON (${body.slice(0, 80)})`, { cause });
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new EventParseError(source, issues, { cause: result.error });
  }
  return result.data;
}
