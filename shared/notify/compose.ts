// Composition root of the notifier: the policy's channels (read once per
// cold start), the environment as the secret source, real time for the
// robots' signatures, and the delivery record: the warm instance's memory
// in front of the one every instance shares (the event's scaling group, or
// for a campaign event an OOS parameter).
import { ESS_PRODUCT, OOS_PRODUCT, RpcClient } from '../cloud/client';
import { invocationCredentials, loadCloudConfig } from '../cloud/config';
import { EssClient } from '../cloud/ess';
import { OosClient } from '../cloud/oos';
import { realRetryDeps } from '../cloud/retry';
import { loadConfig, type Env } from '../config';
import { loadCompiledPolicy } from '../controller/policy-file';
import type { Channel } from '../domain/policy';
import { createLogger, type Logger } from '../log';
import { createSharedLedger } from './ledger';
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
  // Only ESS and OOS (not createCloudClients): a smaller bundle, a faster cold start.
  const cloud = loadCloudConfig(env, credentials === undefined ? {} : { credentials });
  const retry = { ...realRetryDeps, logger: log };
  const ess = new EssClient(new RpcClient(ESS_PRODUCT, cloud, retry));
  const oos = new OosClient(new RpcClient(OOS_PRODUCT, cloud, retry));
  return {
    channels: loadCompiledPolicy(config.policyPath).notifications.channels,
    deps: { fetch, now: () => Date.now(), secrets: env, seen: createSharedLedger({ ess, oos }, warm) },
    log,
  };
}
