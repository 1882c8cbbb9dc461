// The JSON schema of rollgate.yaml, generated from the zod schema so the two
// never disagree (editors use it for completion and checking).
import * as z from 'zod';
import { PolicySchema } from './policy/schema';

export function policyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(PolicySchema, { io: 'input', unrepresentable: 'any' });
  return { ...schema, title: 'rollgate policy (rollgate.yaml)' };
}

/** The file content of docs/policy.schema.json. */
export function policyJsonSchemaText(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}
