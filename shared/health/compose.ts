// Composition root of the health-check function: cloud clients with this
// invocation's credentials, the network probes and the invocation's clock.
// No policy is loaded: the checks arrive in the input.
import { createCloudClients, credentialsFromFcContext, loadCloudConfig, type CloudCredentials, type Env } from '../cloud/index';
import { createCmsApi } from '../cloud/cms';
import { invocationNow } from '../controller/clock';
import { createLogger, type Logger } from '../log';
import type { HealthDeps } from './ports';
import { probeHttp } from './probes/http';
import { probeTcp } from './probes/tcp';

/** Local runs only: the local cloud's simulated clock, so metric windows and checkedAt use simulated time. */
export const CLOCK_URL_ENV = 'ROLLGATE_CLOCK_URL';

function contextCredentials(context: unknown): CloudCredentials | undefined {
  try {
    return credentialsFromFcContext(context);
  } catch {
    return undefined;
  }
}

function clockUrl(env: Env): string | undefined {
  const value = env[CLOCK_URL_ENV]?.trim();
  return value ? value : undefined;
}

export async function healthCheckDeps(context: unknown, env: Env = process.env): Promise<{ deps: HealthDeps; log: Logger }> {
  const credentials = contextCredentials(context);
  const config = loadCloudConfig(env, credentials === undefined ? {} : { credentials });
  const log = createLogger('health-check');
  const clients = createCloudClients(config, { logger: log });
  const now = await invocationNow(clockUrl(env));
  return {
    deps: { ess: clients.ess, ecs: clients.ecs, cms: createCmsApi(config), probeHttp, probeTcp, now },
    log,
  };
}
