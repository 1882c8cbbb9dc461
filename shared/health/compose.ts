// Composition root of the health-check function: cloud clients with this
// invocation's credentials, the network probes and the invocation's clock.
// No policy is loaded: the checks arrive in the input.
import { invocationCredentials, loadCloudConfig, type Env } from '../cloud/config';
import { ECS_PRODUCT, ESS_PRODUCT, RpcClient } from '../cloud/client';
import { createCmsApi } from '../cloud/cms';
import { EcsClient } from '../cloud/ecs';
import { EssClient } from '../cloud/ess';
import { realRetryDeps } from '../cloud/retry';
import { invocationNow } from '../controller/clock';
import { createLogger, type Logger } from '../log';
import type { HealthDeps } from './ports';
import { probeHttp } from './probes/http';
import { probeTcp } from './probes/tcp';

/** Local runs only: the local cloud's simulated clock, so metric windows and checkedAt use simulated time. */
export const CLOCK_URL_ENV = 'ROLLGATE_CLOCK_URL';

function clockUrl(env: Env): string | undefined {
  const value = env[CLOCK_URL_ENV]?.trim();
  return value ? value : undefined;
}

export async function healthCheckDeps(
  context: unknown,
  env: Env = process.env,
): Promise<{ deps: HealthDeps; log: Logger }> {
  const credentials = invocationCredentials(context);
  const config = loadCloudConfig(env, credentials === undefined ? {} : { credentials });
  const log = createLogger('health-check');
  // Only the products the checks call (not createCloudClients): a smaller bundle, a faster cold start.
  const retry = { ...realRetryDeps, logger: log };
  const now = await invocationNow(clockUrl(env));
  return {
    deps: {
      ess: new EssClient(new RpcClient(ESS_PRODUCT, config, retry)),
      ecs: new EcsClient(new RpcClient(ECS_PRODUCT, config, retry)),
      cms: createCmsApi(config, retry),
      probeHttp,
      probeTcp,
      now,
    },
    log,
  };
}
