// validatePolicy: a policy as data (YAML or JSON already parsed) → a valid
// policy, or errors that each name the path, the bad value and what is allowed
// there. No text format here: the functions read the policy compiled to JSON at
// build time and so never load a YAML parser (parse-policy.ts reads YAML).
import * as z from 'zod';
import { PolicySchema } from './policy/schema';
import type { Policy } from './policy/schema';

export interface PolicyError {
  /** Where: `targets[0].rollout.batchNumber`; empty for the whole document. */
  path: string;
  message: string;
  /** The value found there (undefined when missing). */
  value: unknown;
  /** What would be accepted there. */
  allowed: string;
}

export type PolicyParseResult = { ok: true; policy: Policy } | { ok: false; errors: PolicyError[] };

type PathKey = PropertyKey;

export function formatPath(path: readonly PathKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    return /^[A-Za-z_$][\w$]*$/.test(name) ? (out === '' ? name : `${out}.${name}`) : `${out}["${name}"]`;
  }, '');
}

function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** The schema that validates the value at `path`, unwrapped from optional/default wrappers. */
function schemaAt(schema: z.ZodType, path: readonly PathKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const key of path) {
    if (current instanceof z.ZodObject) current = unwrap((current.shape as Record<string, z.ZodType>)[String(key)]);
    else if (current instanceof z.ZodArray) current = unwrap(current.element as z.ZodType);
    else if (current instanceof z.ZodRecord) current = unwrap(current.valueType as z.ZodType);
    else return undefined;
  }
  return current;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodDefault ||
    current instanceof z.ZodPrefault ||
    current instanceof z.ZodNullable
  ) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

function knownKeys(path: readonly PathKey[]): string {
  const schema = schemaAt(PolicySchema, path);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape).join(', ') : 'no other keys';
}

function describeLimit(issue: { origin: string; inclusive?: boolean }, bound: number | bigint, below: boolean): string {
  const op = below ? (issue.inclusive === false ? '>' : '>=') : issue.inclusive === false ? '<' : '<=';
  if (issue.origin === 'string') return `a string of length ${op} ${bound}`;
  if (issue.origin === 'array') return `a list of ${op} ${bound} items`;
  return `a number ${op} ${bound}`;
}

function allowedFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected;
    case 'too_small':
      return describeLimit(issue, issue.minimum, true);
    case 'too_big':
      return describeLimit(issue, issue.maximum, false);
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'regex' ? issue.message : `a valid ${issue.format}`;
    case 'invalid_union':
      return issue.errors.map((branch) => branch.map((b) => allowedFor(b)).join(' and ')).join(', or ');
    case 'custom': {
      const allowed = issue.params?.['allowed'];
      return typeof allowed === 'string' ? allowed : issue.message;
    }
    default:
      return issue.message;
  }
}

function toErrors(issue: z.core.$ZodIssue, raw: unknown): PolicyError[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: formatPath([...issue.path, key]),
      message: `unknown key ${key}`,
      value: valueAt(raw, [...issue.path, key]),
      allowed: knownKeys(issue.path),
    }));
  }
  const value = valueAt(raw, issue.path);
  const missing = issue.code === 'invalid_type' && value === undefined;
  return [
    {
      path: formatPath(issue.path),
      message: missing ? `missing required key ${String(issue.path.at(-1) ?? '')}`.trim() : issue.message,
      value,
      allowed: allowedFor(issue),
    },
  ];
}

/** Validates a parsed policy document (defaults applied, every problem named). */
export function validatePolicy(raw: unknown): PolicyParseResult {
  const result = PolicySchema.safeParse(raw);
  if (result.success) return { ok: true, policy: result.data };
  return { ok: false, errors: result.error.issues.flatMap((issue) => toErrors(issue, raw)) };
}
