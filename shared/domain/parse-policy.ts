// parsePolicy: YAML text → a valid policy, or errors that each name the path,
// the bad value and what is allowed there. compilePolicy: the same check, and
// the policy as the JSON the function bundles read (scripts/build.ts), so no
// function bundles a YAML parser.
import { parseDocument } from 'yaml';
import { validatePolicy, type PolicyError, type PolicyParseResult } from './validate-policy';

export { formatPath, validatePolicy, type PolicyError, type PolicyParseResult } from './validate-policy';

type RawPolicy = { ok: true; raw: unknown } | { ok: false; errors: PolicyError[] };

function readYaml(yamlText: string): RawPolicy {
  const document = parseDocument(yamlText, { prettyErrors: false });
  if (document.errors.length > 0) {
    return {
      ok: false,
      errors: document.errors.map((e) => ({
        path: '',
        message: `YAML: ${e.message}`,
        value: undefined,
        allowed: 'valid YAML',
      })),
    };
  }
  return { ok: true, raw: document.toJS() as unknown };
}

export function parsePolicy(yamlText: string): PolicyParseResult {
  const read = readYaml(yamlText);
  return read.ok ? validatePolicy(read.raw) : read;
}

export type PolicyCompileResult = { ok: true; json: string } | { ok: false; errors: PolicyError[] };

/** Whether JSON carries the value as it is: no `.inf`/`.nan`, no map JSON cannot key. */
function jsonSafe(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(jsonSafe);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.values(value).every(jsonSafe);
  return false;
}

/**
 * The policy as written (before defaults), as JSON: what a function validates
 * again when it loads it. Refused when it does not validate, or when JSON
 * cannot carry it (it would come back as another policy).
 */
export function compilePolicy(yamlText: string): PolicyCompileResult {
  const read = readYaml(yamlText);
  if (!read.ok) return read;
  const parsed = validatePolicy(read.raw);
  if (!parsed.ok) return parsed;
  if (!jsonSafe(read.raw))
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: 'the policy does not survive compiling to JSON (a value JSON cannot hold, such as .inf or .nan)',
          value: undefined,
          allowed: 'strings, numbers, booleans, lists and maps',
        },
      ],
    };
  return { ok: true, json: `${JSON.stringify(read.raw)}\n` };
}
