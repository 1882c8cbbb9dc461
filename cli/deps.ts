// The CLI's composition root: the policy file, cloud clients from the
// operator's credentials, and "now" — the real clock, or the local cloud's
// simulated one when --endpoint or ROLLGATE_ENDPOINT points at it (its /_local/clock answers).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createCloudClients, loadCloudConfig } from '../shared/cloud/index';
import { DEFAULT_EVENTS_TOPIC, DEFAULT_GATE_FUNCTION, POLICY_FILE_NAME, type Env } from '../shared/config';
import { fixedNowFrom, systemNow, type Now } from '../shared/controller/clock';
import type { ControllerDeps } from '../shared/controller/deps';
import { loadPolicy } from '../shared/controller/policy-file';
import { createLogger } from '../shared/log';
import { cloudEnv, type CredentialOptions } from './credentials';
import { UsageError } from './usage';

export interface GlobalOptions extends CredentialOptions {
  policy?: string;
}

export function policyPathOf(env: Env, file: string | undefined, cwd: string): string {
  const path = resolve(cwd, file ?? env['ROLLGATE_POLICY'] ?? POLICY_FILE_NAME);
  if (!existsSync(path))
    throw new UsageError(`policy file ${path} not found`, 'run from the repository, or pass --policy FILE');
  return path;
}

async function nowFor(env: Env, endpoint: string | undefined): Promise<Now> {
  const clockUrl =
    env['ROLLGATE_CLOCK_URL'] ?? (endpoint === undefined ? undefined : `${endpoint.replace(/\/+$/, '')}/_local/clock`);
  if (clockUrl === undefined) return systemNow;
  try {
    return await fixedNowFrom(clockUrl);
  } catch {
    // An endpoint that is not the local cloud has no clock: the real one is right there.
    return systemNow;
  }
}

/** Built once per command (and once per poll of `--wait`: the simulated clock moves). */
export async function cliDeps(env: Env, options: GlobalOptions, cwd: string): Promise<ControllerDeps> {
  const policy = loadPolicyOrUsage(policyPathOf(env, options.policy, cwd));
  const merged = cloudEnv(env, options, policy.region);
  const log = createLogger('cli', env['LOG_LEVEL'] ?? 'warn', 2);
  return {
    clients: createCloudClients(loadCloudConfig(merged), { logger: log }),
    policy,
    regionId: merged['ALIBABA_CLOUD_REGION_ID'] ?? '',
    eventsTopic: env['ROLLGATE_EVENTS_TOPIC'] ?? DEFAULT_EVENTS_TOPIC,
    gateFunction: env['ROLLGATE_GATE_FUNCTION'] ?? DEFAULT_GATE_FUNCTION,
    // ROLLGATE_ENDPOINT set in the environment is the local cloud as much as --endpoint is.
    now: await nowFor(merged, merged['ROLLGATE_ENDPOINT']),
    log,
  };
}

function loadPolicyOrUsage(path: string) {
  try {
    return loadPolicy(path);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), `rollgate validate --policy ${path}`);
  }
}
