import type { Env } from '../config';

/** The current secret, then the previous one while a rotation is under way (docs/webhook.md). */
export function webhookSecrets(env: Env): string[] {
  return [env['ROLLGATE_WEBHOOK_SECRET'], env['ROLLGATE_WEBHOOK_SECRET_PREVIOUS']]
    .map((s) => s?.trim() ?? '')
    .filter((s) => s !== '');
}
