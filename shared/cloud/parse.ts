// Response bodies are `unknown` until a schema accepts them. A body that does
// not match is a CloudError too (code InvalidResponse), naming the bad fields.
import type * as z from 'zod';
import { CloudError, type CloudOperation } from './errors';

export function parseResponse<S extends z.ZodType>(
  schema: S,
  response: { body: unknown; requestId?: string; status?: number },
  operation: CloudOperation,
): z.output<S> {
  const parsed = schema.safeParse(response.body);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
  throw new CloudError({
    code: 'InvalidResponse',
    message: `${operation} response does not match the expected shape: ${where}`,
    operation,
    retryable: false,
    ...(response.requestId ? { requestId: response.requestId } : {}),
    ...(response.status !== undefined ? { status: response.status } : {}),
    cause: parsed.error,
  });
}
