// Serverless Devs `${…}` expressions, the simple cases: `${vars.x}` (also
// nested paths), `${env('X')}` / `${env.X}`, `${config('AccountID' |
// 'AccessKeyID' | 'AccessKeySecret')}`. Anything else (`${resources.…}`,
// `${this.…}`, `${file(…)}`) is left as written and reported.

export interface VariableSources {
  vars: Record<string, unknown>;
  env: Readonly<Record<string, string | undefined>>;
  config: Readonly<Record<string, string | undefined>>;
}

const EXPRESSION = /\$\{([^}]+)\}/g;

function lookup(path: string, root: unknown): unknown {
  let value: unknown = root;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The value of one expression, or undefined when it is not a supported form (or has no value). */
function evaluate(expression: string, sources: VariableSources): unknown {
  const text = expression.trim();
  let m = /^vars\.([\w.-]+)$/.exec(text);
  if (m) return lookup(m[1] ?? '', sources.vars);
  m = /^env\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]*)['"]\s*)?\)$/.exec(text) ?? /^env\.(\w+)$/.exec(text);
  if (m) return sources.env[m[1] ?? ''] ?? m[2];
  m = /^config\(\s*['"]([^'"]+)['"]\s*\)$/.exec(text);
  if (m) return sources.config[m[1] ?? ''];
  return undefined;
}

/**
 * Resolves expressions in every string of `value`. A string that is exactly
 * one expression takes the expression's value as is (a map stays a map).
 */
export function resolveValue(value: unknown, sources: VariableSources, unresolved: Set<string>): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{([^}]+)\}$/.exec(value);
    if (whole) {
      const v = evaluate(whole[1] ?? '', sources);
      if (v === undefined) unresolved.add(value);
      return v === undefined ? value : v;
    }
    return value.replace(EXPRESSION, (all, expression: string) => {
      const v = evaluate(expression, sources);
      if (v === undefined || (typeof v === 'object' && v !== null)) {
        unresolved.add(all);
        return all;
      }
      return String(v);
    });
  }
  if (Array.isArray(value)) return value.map((item) => resolveValue(item, sources, unresolved));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(v, sources, unresolved)]));
  }
  return value;
}

/** `vars` may refer to each other: resolve until nothing changes (bounded, so a cycle stops). */
export function resolveVars(
  vars: Record<string, unknown>,
  sources: Omit<VariableSources, 'vars'>,
): Record<string, unknown> {
  let current = vars;
  for (let pass = 0; pass < 10; pass += 1) {
    const next = resolveValue(current, { ...sources, vars: current }, new Set()) as Record<string, unknown>;
    if (JSON.stringify(next) === JSON.stringify(current)) return next;
    current = next;
  }
  return current;
}
