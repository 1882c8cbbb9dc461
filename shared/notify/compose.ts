// Composition root of the notifier: the policy's channels (read once per
// cold start), the environment as the secret source, real time for the
// robots' signatures, and the delivery record: the warm instance's memory
// in front of the one in the event's scaling group, shared by every instance.
import { ESS_PRODUCT, RpcClient } from '../cloud/client';
import { invocationCredentials, loadCloudConfig } from '../cloud/config';
import { EssClient } from '../cloud/ess';
import { realRetryDeps } from '../cloud/retry';
import { loadConfig, type Env } from '../config';
import { loadPolicy } from '../controller/policy-file';
import type { Channel } from '../domain/policy';
import { createLogger, type Logger } from '../log';
import { createGroupLedger } from './ledger';
import type { NotifyDeps } from './notify';
import { createSeenDeliveries } from './seen';

const warm = createSeenDeliveries();

export function notifierDeps(
  context: unknown,
  env: Env = process.env,
): { channels: Channel[]; deps: NotifyDeps; log: Logger } {
  const config = loadConfig(env);
  const credentials = invocationCredentials(context);
  const log = createLogger('notifier');
  // Only ESS (not createCloudClients): a smaller bundle, a faster cold start.
  const ess = new EssClient(
    new RpcClient(ESS_PRODUCT, loadCloudConfig(env, credentials === undefined ? {} : { credentials }), {
      ...realRetryDeps,
      logger: log,
    }),
  );
  return {
    channels: loadPolicy(config.policyPath).notifications.channels,
    deps: { fetch, now: () => Date.now(), secrets: env, seen: createGroupLedger(ess, warm) },
    log,
  };
}
