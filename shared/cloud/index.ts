// Composition root of the cloud layer: one call builds every product client
// from one configuration.
import type { CloudClients } from './api';
import { ECS_PRODUCT, ESS_PRODUCT, OOS_PRODUCT, RpcClient } from './client';
import type { CloudConfig } from './config';
import { EcsClient } from './ecs';
import { EssClient } from './ess';
import { FcClientAdapter } from './fc';
import { MnsClientAdapter } from './mns';
import { OosClient } from './oos';
import { realRetryDeps, type AttemptEvent, type CloudLogger, type RetryDeps } from './retry';

export interface CloudClientOptions {
  /** pino-compatible; each retry is logged as one JSON line (operation, code, attempt, delayMs). */
  logger?: CloudLogger;
  /** Test seams: no real waiting, deterministic jitter, a fake clock. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Called after every attempt of every call. */
  onAttempt?: (event: AttemptEvent) => void;
}

export function createCloudClients(config: CloudConfig, options: CloudClientOptions = {}): CloudClients {
  const deps: RetryDeps = {
    sleep: options.sleep ?? realRetryDeps.sleep,
    random: options.random ?? realRetryDeps.random,
    now: options.now ?? realRetryDeps.now,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.onAttempt === undefined ? {} : { onAttempt: options.onAttempt }),
  };
  return {
    ess: new EssClient(new RpcClient(ESS_PRODUCT, config, deps)),
    ecs: new EcsClient(new RpcClient(ECS_PRODUCT, config, deps)),
    oos: new OosClient(new RpcClient(OOS_PRODUCT, config, deps)),
    mns: new MnsClientAdapter(config, deps),
    fc: new FcClientAdapter(config, deps),
  };
}

export * from './api';
export { CloudError, CloudConfigError, isRetryableFailure, type CloudOperation } from './errors';
export {
  loadCloudConfig,
  credentialsFromFcContext,
  invocationCredentials,
  withCredentials,
  CLOUD_ENV,
  DEFAULT_RETRY_POLICY,
  type CloudConfig,
  type CloudCredentials,
  type RetryPolicy,
  type Env,
} from './config';
export type { AttemptEvent, CloudLogger } from './retry';
export { MAX_PAGE_SIZE } from './paging';
export {
  createCmsApi,
  CMS_PRODUCT,
  type CmsApi,
  type MetricDatapoint,
  type DescribeMetricRequest,
  type DescribeMetricResponse,
} from './cms';
