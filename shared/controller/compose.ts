// Composition root of the controller functions: configuration (read once per
// cold start), cloud clients with this invocation's credentials, the policy,
// the invocation's clock and the logger.
import { createCloudClients, invocationCredentials, loadCloudConfig } from '../cloud/index';
import { loadConfig, type Env, type RollgateConfig } from '../config';
import { createLogger } from '../log';
import { invocationNow } from './clock';
import type { ControllerDeps } from './deps';
import { loadCompiledPolicy } from './policy-file';

let cachedConfig: RollgateConfig | undefined;

/**
 * `arrangesWakes`: this invocation may schedule the reconcile's wake at a window opening or soak end. Only the minute
 * timer's reconcile does: one caller per opening, so two reconciles never start the same rollout at the same instant
 * (each would announce it; OOS's ClientToken gives both the one execution).
 */
export async function controllerDeps(
  fn: string,
  context: unknown,
  env: Env = process.env,
  opts: { arrangesWakes?: boolean } = {},
): Promise<ControllerDeps> {
  const config = (cachedConfig ??= loadConfig(env));
  const credentials = invocationCredentials(context);
  const cloudConfig = loadCloudConfig(env, credentials === undefined ? {} : { credentials });
  const log = createLogger(fn);
  return {
    clients: createCloudClients(cloudConfig, { logger: log }),
    policy: loadCompiledPolicy(config.policyPath),
    regionId: config.regionId,
    eventsTopic: config.eventsTopic,
    gateFunction: config.gateFunction,
    ...(opts.arrangesWakes === true ? { reconcileFunction: config.reconcileFunction } : {}),
    now: await invocationNow(config.clockUrl),
    log,
  };
}
