// Composition root of the notifier: the policy's channels (read once per
// cold start), the environment as the secret source, real time for the
// robots' signatures, and the warm instance's memory of delivered events.
import { loadConfig, type Env } from '../config';
import { loadPolicy } from '../controller/policy-file';
import type { Channel } from '../domain/policy';
import { createLogger, type Logger } from '../log';
import type { NotifyDeps } from './notify';
import { createSeenDeliveries } from './seen';

const seen = createSeenDeliveries();

export function notifierDeps(env: Env = process.env): { channels: Channel[]; deps: NotifyDeps; log: Logger } {
  const config = loadConfig(env);
  return {
    channels: loadPolicy(config.policyPath).notifications.channels,
    deps: { fetch, now: () => Date.now(), secrets: env, seen },
    log: createLogger('notifier'),
  };
}
