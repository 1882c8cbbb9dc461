import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * Everything a rollgate function reads from its environment, read once at
 * cold start into this typed object and passed down. Nothing below the
 * function handlers looks at `process.env`.
 */
export interface RollgateConfig {
  /** Region the functions manage: `ALIBABA_CLOUD_REGION_ID` (as shared/cloud reads it), else FC's `FC_REGION`. */
  regionId: string;
  /** Absolute path of the policy file. */
  policyPath: string;
  /** MNS topic rollgate publishes its own events to. */
  eventsTopic: string;
  /** Every product's endpoint, for the local cloud; undefined on Alibaba Cloud. */
  endpoint: string | undefined;
  /** Local runs only: the local cloud's simulated clock (`GET` → `{now}`), read once per invocation. */
  clockUrl: string | undefined;
  /** The gate function, started (FC async invoke) as soon as a rollout starts. */
  gateFunction: string;
  /** The timer reconcile function, invoked with a delay to run when a window opens before its next tick. */
  reconcileFunction: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`${key}: ${message}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_EVENTS_TOPIC = 'rollgate-events';
export const DEFAULT_GATE_FUNCTION = 'rollgate-gate';
export const DEFAULT_RECONCILE_FUNCTION = 'rollgate-reconcile';
export const POLICY_FILE_NAME = 'rollgate.yaml';
/** What `npm run build` writes beside each bundle: rollgate.yaml compiled to JSON (no YAML parser in a function). */
export const COMPILED_POLICY_FILE_NAME = 'rollgate.json';

function optional(env: Env, key: string): string | undefined {
  const value = env[key]?.trim();
  return value ? value : undefined;
}

function url(env: Env, key: string): string | undefined {
  const value = optional(env, key);
  if (value === undefined) return undefined;
  try {
    new URL(value);
  } catch {
    throw new ConfigError(key, `not a URL (${value})`);
  }
  return value.replace(/\/+$/, '');
}

/**
 * The policy is bundled beside the function code, compiled to JSON
 * (`dist/<fn>/rollgate.json`), so the default is relative to the bundle's
 * directory; run from the repository (tests, scripts) the example policy at
 * the root is found instead. In each directory the compiled file comes first.
 */
function policyPath(env: Env, searchDirs: readonly string[]): string {
  const configured = optional(env, 'ROLLGATE_POLICY');
  if (configured !== undefined) {
    const candidates = isAbsolute(configured) ? [configured] : searchDirs.map((dir) => resolve(dir, configured));
    const found = candidates.find((p) => existsSync(p));
    if (!found) throw new ConfigError('ROLLGATE_POLICY', `policy file not found (${configured})`);
    return found;
  }
  const found = searchDirs
    .flatMap((dir) => [join(dir, COMPILED_POLICY_FILE_NAME), join(dir, POLICY_FILE_NAME)])
    .find((p) => existsSync(p));
  if (!found)
    throw new ConfigError(
      'ROLLGATE_POLICY',
      `unset and no ${POLICY_FILE_NAME} (nor its compiled ${COMPILED_POLICY_FILE_NAME}) in ${searchDirs.join(', ')}`,
    );
  return found;
}

/** Directories searched for the policy: the bundle's own directory (CJS bundles define `__dirname`), then the working directory. */
export function defaultSearchDirs(cwd = process.cwd()): string[] {
  const bundleDir = typeof __dirname === 'string' ? __dirname : undefined;
  return bundleDir !== undefined && bundleDir !== cwd ? [bundleDir, cwd] : [cwd];
}

export function loadConfig(
  env: Env = process.env,
  searchDirs: readonly string[] = defaultSearchDirs(),
): RollgateConfig {
  const regionId = optional(env, 'ALIBABA_CLOUD_REGION_ID') ?? optional(env, 'FC_REGION');
  if (regionId === undefined)
    throw new ConfigError('ALIBABA_CLOUD_REGION_ID', 'required (or FC_REGION, set by Function Compute)');
  return {
    regionId,
    policyPath: policyPath(env, searchDirs),
    eventsTopic: optional(env, 'ROLLGATE_EVENTS_TOPIC') ?? DEFAULT_EVENTS_TOPIC,
    endpoint: url(env, 'ROLLGATE_ENDPOINT'),
    clockUrl: url(env, 'ROLLGATE_CLOCK_URL'),
    gateFunction: optional(env, 'ROLLGATE_GATE_FUNCTION') ?? DEFAULT_GATE_FUNCTION,
    reconcileFunction: optional(env, 'ROLLGATE_RECONCILE_FUNCTION') ?? DEFAULT_RECONCILE_FUNCTION,
  };
}
