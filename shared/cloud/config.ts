// Cloud configuration is read from the environment once, at the edge, into a
// typed object that is passed down; nothing below this file reads process.env.
import * as z from 'zod';
import { CloudConfigError } from './errors';

export interface CloudCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** Present for STS credentials (the FC runtime's role credentials). */
  securityToken?: string;
}

export interface RetryPolicy {
  /** Total attempts including the first one. */
  maxAttempts: number;
  /** No new attempt starts once this much time has passed since the first. */
  maxTotalMs: number;
  /** Backoff cap for attempt n is min(maxDelayMs, baseDelayMs * 2^(n-1)); the delay is a random fraction of it. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface CloudConfig {
  regionId: string;
  credentials: CloudCredentials;
  /** Account id (uid): MNS and FC endpoints contain it. Not needed with `endpoint`. */
  accountId?: string;
  /**
   * One base URL for every product (`http://127.0.0.1:9100` for the local
   * cloud). Without it each product uses its public regional endpoint.
   */
  endpoint?: string;
  retry: RetryPolicy;
  connectTimeoutMs: number;
  readTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  maxTotalMs: 20_000,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
};

/** Environment variable names, exported so docs and deploy files can refer to them. */
export const CLOUD_ENV = {
  accessKeyId: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
  accessKeySecret: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  securityToken: 'ALIBABA_CLOUD_SECURITY_TOKEN',
  regionId: 'ALIBABA_CLOUD_REGION_ID',
  accountId: 'ALIBABA_CLOUD_ACCOUNT_ID',
  /** Set by the Function Compute runtime; used when the ALIBABA_CLOUD_* names are absent. */
  fcRegion: 'FC_REGION',
  fcAccountId: 'FC_ACCOUNT_ID',
  endpoint: 'ROLLGATE_ENDPOINT',
  retryMaxAttempts: 'ROLLGATE_RETRY_MAX_ATTEMPTS',
  retryMaxTotalMs: 'ROLLGATE_RETRY_MAX_TOTAL_MS',
} as const;

/** The `credentials` block of an FC invocation context (role STS credentials). */
const FcContextCredentialsSchema = z.object({
  accessKeyId: z.string().min(1),
  accessKeySecret: z.string().min(1),
  securityToken: z.string().min(1).optional(),
});

/** Parses the FC context's `credentials` ({accessKeyId, accessKeySecret, securityToken}). */
export function credentialsFromFcContext(context: unknown): CloudCredentials {
  const raw =
    typeof context === 'object' && context !== null ? (context as Record<string, unknown>)['credentials'] : undefined;
  const parsed = FcContextCredentialsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CloudConfigError(
      `FC context has no usable credentials: ${parsed.error.issues.map((i) => i.path.join('.') || 'credentials').join(', ')}`,
    );
  }
  const { accessKeyId, accessKeySecret, securityToken } = parsed.data;
  return securityToken === undefined
    ? { accessKeyId, accessKeySecret }
    : { accessKeyId, accessKeySecret, securityToken };
}

/** FC hands each invocation the role's STS credentials; outside FC (scripts, tests) the environment's keys are used. */
export function invocationCredentials(context: unknown): CloudCredentials | undefined {
  try {
    return credentialsFromFcContext(context);
  } catch {
    return undefined;
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

function read(env: Env, key: string): string | undefined {
  const value = env[key]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function required(env: Env, key: string): string {
  const value = read(env, key);
  if (value === undefined) throw new CloudConfigError(`missing environment variable ${key}`);
  return value;
}

function positiveInt(env: Env, key: string, fallback: number): number {
  const value = read(env, key);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new CloudConfigError(`environment variable ${key} must be a positive integer, got "${value}"`);
  return n;
}

function endpointUrl(env: Env): string | undefined {
  const value = read(env, CLOUD_ENV.endpoint);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CloudConfigError(
      `environment variable ${CLOUD_ENV.endpoint} must be a URL such as http://127.0.0.1:9100, got "${value}"`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CloudConfigError(`environment variable ${CLOUD_ENV.endpoint} must use http or https, got "${value}"`);
  }
  return `${url.protocol}//${url.host}`;
}

export interface LoadCloudConfigOptions {
  /** Credentials from the FC context; when given, the access-key variables are not required. */
  credentials?: CloudCredentials;
}

function requiredWithFallback(env: Env, key: string, fallbackKey: string): string {
  const value = read(env, key) ?? read(env, fallbackKey);
  if (value === undefined)
    throw new CloudConfigError(`missing environment variable ${key} (or ${fallbackKey}, set by Function Compute)`);
  return value;
}

/**
 * Reads the cloud configuration from `env` (pass `process.env` at the edge).
 * Missing keys fail fast with the key's name.
 */
export function loadCloudConfig(env: Env, options: LoadCloudConfigOptions = {}): CloudConfig {
  const regionId = requiredWithFallback(env, CLOUD_ENV.regionId, CLOUD_ENV.fcRegion);
  const credentials = options.credentials ?? credentialsFromEnv(env);
  const endpoint = endpointUrl(env);
  // Public MNS and FC endpoints embed the account id; the local cloud does not need it.
  const accountId =
    endpoint === undefined
      ? requiredWithFallback(env, CLOUD_ENV.accountId, CLOUD_ENV.fcAccountId)
      : (read(env, CLOUD_ENV.accountId) ?? read(env, CLOUD_ENV.fcAccountId));
  const retry: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    maxAttempts: positiveInt(env, CLOUD_ENV.retryMaxAttempts, DEFAULT_RETRY_POLICY.maxAttempts),
    maxTotalMs: positiveInt(env, CLOUD_ENV.retryMaxTotalMs, DEFAULT_RETRY_POLICY.maxTotalMs),
  };
  return {
    regionId,
    credentials,
    ...(accountId === undefined ? {} : { accountId }),
    ...(endpoint === undefined ? {} : { endpoint }),
    retry,
    connectTimeoutMs: 5_000,
    readTimeoutMs: 15_000,
  };
}

function credentialsFromEnv(env: Env): CloudCredentials {
  const accessKeyId = required(env, CLOUD_ENV.accessKeyId);
  const accessKeySecret = required(env, CLOUD_ENV.accessKeySecret);
  const securityToken = read(env, CLOUD_ENV.securityToken);
  return securityToken === undefined
    ? { accessKeyId, accessKeySecret }
    : { accessKeyId, accessKeySecret, securityToken };
}

/** Same configuration with other credentials (e.g. fresh STS credentials of one FC invocation). */
export function withCredentials(config: CloudConfig, credentials: CloudCredentials): CloudConfig {
  return { ...config, credentials };
}
