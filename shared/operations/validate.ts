// validate: every problem of a policy file with where it is (line and
// column), the key, what is allowed there, and for a misspelt key the
// closest allowed one.
import { closest, distance } from 'fastest-levenshtein';
import { isMap, isPair, isScalar, LineCounter, parse, parseDocument, type Node } from 'yaml';
import { healthCheckVpcWarnings, type DeployWarning } from '../domain/health-check-vpc';
import { parsePolicy, type PolicyError } from '../domain/parse-policy';

export interface PolicyProblem extends PolicyError {
  line: number;
  column: number;
  didYouMean?: string;
}

export interface ValidateReport {
  ok: boolean;
  problems: PolicyProblem[];
}

/** `targets[0].rollout["a b"]` → ['targets', 0, 'rollout', 'a b']. */
function pathKeys(path: string): Array<string | number> {
  const keys: Array<string | number> = [];
  for (const m of path.matchAll(/([A-Za-z_$][\w$]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g)) {
    if (m[1] !== undefined) keys.push(m[1]);
    else if (m[2] !== undefined) keys.push(Number(m[2]));
    else if (m[3] !== undefined) keys.push(m[3]);
  }
  return keys;
}

/** The source offset of the key (for unknown keys) or of the value at `keys`; the deepest existing node otherwise. */
function offsetOf(
  doc: ReturnType<typeof parseDocument>,
  keys: ReadonlyArray<string | number>,
  wantKey: boolean,
): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const [i, key] of keys.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
      if (pair === undefined) return offset;
      const last = i === keys.length - 1;
      const keyNode = pair.key as Node | null;
      if (last && wantKey && keyNode?.range) return keyNode.range[0];
      node = pair.value;
      offset = (pair.value as Node | null)?.range?.[0] ?? keyNode?.range?.[0] ?? offset;
    } else if (
      node !== null &&
      typeof node === 'object' &&
      'items' in node &&
      Array.isArray((node as { items: unknown[] }).items)
    ) {
      node = (node as { items: unknown[] }).items[Number(key)];
      offset = (node as Node | null)?.range?.[0] ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function suggestion(problem: PolicyError): string | undefined {
  if (!problem.message.startsWith('unknown key ')) return undefined;
  const key = problem.message.slice('unknown key '.length);
  const allowed = problem.allowed
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== 'no other keys');
  if (allowed.length === 0) return undefined;
  const best = closest(key, allowed);
  return distance(key.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

export function validatePolicyText(text: string): ValidateReport {
  const result = parsePolicy(text);
  if (result.ok) return { ok: true, problems: [] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const yamlErrors = doc.errors;
  const problems = result.errors.map((error, i): PolicyProblem => {
    const yamlError = error.path === '' ? yamlErrors[i] : undefined;
    const offset =
      yamlError !== undefined
        ? yamlError.pos[0]
        : offsetOf(doc, pathKeys(error.path), error.message.startsWith('unknown key '));
    const { line, col } = lineCounter.linePos(offset);
    const didYouMean = suggestion(error);
    return { ...error, line, column: col, ...(didYouMean === undefined ? {} : { didYouMean }) };
  });
  return { ok: false, problems };
}

/** One line per problem: `file:line:column key: message (allowed: …; did you mean …?)`. */
export function formatProblem(file: string, p: PolicyProblem): string {
  const key = p.path === '' ? '(document)' : p.path;
  return `${file}:${p.line}:${p.column} ${key}: ${p.message} (allowed: ${p.allowed})${p.didYouMean === undefined ? '' : `; did you mean ${p.didYouMean}?`}`;
}

/**
 * What s.yaml would deploy wrong for this policy (a health check without the
 * groups' VPC). Warnings, not problems: the policy itself is valid, and s.yaml
 * may be deployed from elsewhere. An invalid policy or s.yaml has none here:
 * the policy's problems are reported on their own, s.yaml's by `s`.
 */
export function deployWarningsOf(policyText: string, sYamlText: string): DeployWarning[] {
  const result = parsePolicy(policyText);
  if (!result.ok) return [];
  let sYaml: unknown;
  try {
    sYaml = parse(sYamlText);
  } catch {
    return [];
  }
  return healthCheckVpcWarnings(result.policy, sYaml);
}
