// `npm start -- --serve`: leave the local cloud and the functions running,
// show how to look around, and keep printing rollgate's events.
import type { RollgateEvent } from '../../shared/domain/events';
import { eventLine } from '../../shared/rollout-view/index';
import type { DemoEnvironment } from './environment';
import { EVENTS_TOPIC, IMAGE_EVENTS_TOPIC } from './environment';

/** A GET signed with openssl in the shell, as docs/webhook.md shows (a test runs it). */
export function signedCurlExample(webhookUrl: string, secret: string, path: string): string[] {
  return [
    `TS=$(date +%s); SIG=$(printf '%s\\nGET\\n${path}\\n' "$TS" | openssl dgst -sha256 -hmac '${secret}' | sed 's/^.* //')`,
    `curl -s -H "X-Rollgate-Timestamp: $TS" -H "X-Rollgate-Signature: v1=$SIG" ${webhookUrl}${path}`,
  ];
}

export function serveInstructions(env: DemoEnvironment): string {
  const { cloud } = env;
  const url = cloud.url;
  const webhook = env.runtime.httpUrl('rollgate-webhook');
  return [
    '',
    'The local cloud and the functions keep running (Ctrl-C stops them).',
    `  endpoint          ${url}   (every product: ESS, ECS, OOS, MNS, FC; set ROLLGATE_ENDPOINT to it)`,
    `  region / account  ${cloud.regionId} / ${cloud.accountId}`,
    `  AccessKey         ${cloud.accessKeyId} / ${cloud.accessKeySecret}   (local only)`,
    `  webhook           ${webhook}`,
    `  webhook secret    ${env.webhookSecret}   (local only; ROLLGATE_WEBHOOK_SECRET)`,
    `  functions         ${env.runtime.functions.map((f) => f.name).join(', ')}`,
    `  topics            ${IMAGE_EVENTS_TOPIC} (image events), ess-events (ESS notifications), ${EVENTS_TOPIC} (rollgate events)`,
    '',
    'Try:',
    `  # rollgate's view of the fleet (the CLI from this checkout, pointed at the local cloud and the demo's policy):`,
    `  ALIBABA_CLOUD_ACCESS_KEY_ID=${cloud.accessKeyId} ALIBABA_CLOUD_ACCESS_KEY_SECRET=${cloud.accessKeySecret} ` +
      `npx rollgate status --endpoint ${url} --policy ${env.policyPath}`,
    `  # every rollgate event published so far (topic ${EVENTS_TOPIC}); new ones are also printed below as they happen:`,
    `  curl -s ${url}/_local/mns/topics/${EVENTS_TOPIC}/messages | head -c 2000`,
    `  curl -s ${url}/_local/clock`,
    `  curl -s ${url}/_local/state | head -c 2000`,
    `  curl -s -X POST ${url}/_local/clock/advance -H 'content-type: application/json' -d '{"seconds":600}'`,
    `  # a newer app-base image (its image event starts the canary; the every-minute reconcile would too):`,
    `  curl -s -X POST ${url}/_local/images -H 'content-type: application/json' -d '{"name":"app-base-next","family":"app-base","available":true}'`,
    `  # the webhook, signed (docs/webhook.md):`,
    ...signedCurlExample(webhook, env.webhookSecret, '/v1/groups').map((line) => `  ${line}`),
    `  # make web-canary's next update fail (replace the instance id with one from /_local/state):`,
    `  curl -s -X POST ${url}/_local/faults -H 'content-type: application/json' -d '{"instanceUpdateFailures":[{"instanceId":"i-…"}]}'`,
    '',
  ].join('\n');
}

function waitForInterrupt(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** Prints each new rollgate event (group by name and id) until Ctrl-C. */
export async function followEvents(
  env: DemoEnvironment,
  events: () => RollgateEvent[],
  say: (line: string) => void,
  pollMs = 500,
): Promise<void> {
  say(`rollgate events (topic ${EVENTS_TOPIC}) as they happen:`);
  const names = new Map<string, string>();
  const print = async (): Promise<void> => {
    const fresh = events();
    if (fresh.some((e) => e.groupId !== undefined && !names.has(e.groupId))) {
      for (const g of await env.clients.ess.listAllScalingGroups()) names.set(g.scalingGroupId, g.scalingGroupName);
    }
    for (const e of fresh) say(`  ${eventLine(e, e.groupId === undefined ? undefined : names.get(e.groupId))}`);
  };
  const timer = setInterval(
    () => void print().catch((error: unknown) => say(`  (events could not be read: ${String(error)})`)),
    pollMs,
  );
  try {
    await waitForInterrupt();
  } finally {
    clearInterval(timer);
  }
}
