// HTTP trigger: the signed JSON API operators and pipelines call (docs/webhook.md).
// Status, plan, rollout and the group actions, all from shared/operations.
import { controllerDeps } from '../../shared/controller/compose';
import { createLogger } from '../../shared/log';
import { createWebhook, type HttpResult, type Webhook } from '../../shared/webhook/handler';
import { webhookSecrets } from '../../shared/webhook/secrets';

let webhook: Webhook | undefined;

export const handler = async (event: unknown, context: unknown): Promise<HttpResult> => {
  webhook ??= createWebhook({
    secrets: webhookSecrets(process.env),
    nowSeconds: () => Math.floor(Date.now() / 1000),
    log: createLogger('webhook'),
  });
  return webhook(event, () => controllerDeps('webhook', context));
};
