// Phase 2: a new custom image of family app-base is built (admin API); when
// ECS reports it Available, the ECS `Image:StateChange` event reaches the
// image-events topic — the job a CloudMonitor event rule does on Alibaba Cloud.
import type { DemoEnvironment } from './environment';
import { IMAGE_EVENTS_TOPIC } from './environment';

export interface PublishedImage {
  imageId: string;
  name: string;
}

async function adminPost(url: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${JSON.stringify(json)}`);
  return json;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function publishNewImage(
  env: DemoEnvironment,
  opts: { name: string; family: string; unhealthy?: boolean; buildSeconds?: number; say: (line: string) => void },
): Promise<PublishedImage> {
  const created = await adminPost(`${env.cloud.url}/_local/images`, {
    name: opts.name,
    family: opts.family,
    unhealthy: opts.unhealthy ?? false,
    available: false,
    buildSeconds: opts.buildSeconds ?? 90,
  });
  const imageId = String(created['imageId']);
  opts.say(`image pipeline: building ${opts.name} (${imageId}) in family ${opts.family} …`);

  for (;;) {
    const { images } = await env.clients.ecs.describeImages({ imageIds: [imageId], status: ['ALL'] });
    const status = images[0]?.status;
    if (status === 'Available') break;
    if (status === 'CreateFailed' || status === undefined)
      throw new Error(`image ${imageId} did not become Available (${status ?? 'missing'})`);
    await sleep(200);
  }
  // The local cloud forwards Image:StateChange to the image-events topic, as a
  // CloudMonitor event rule does on Alibaba Cloud; without that rule, the demo plays it.
  const forwarding = (await (await fetch(`${env.cloud.url}/_local/image-events`)).json()) as { topic: string | null };
  if (forwarding.topic === IMAGE_EVENTS_TOPIC) {
    opts.say(
      `${imageId} is Available; ECS Image:StateChange forwarded to MNS topic ${IMAGE_EVENTS_TOPIC} (the local cloud's CloudMonitor event rule)`,
    );
  } else {
    const event = {
      id: `demo-${imageId}`,
      product: 'ECS',
      resourceId: `acs:ecs:${env.cloud.regionId}:${env.cloud.accountId}:image/${imageId}`,
      level: 'INFO',
      name: 'Image:StateChange',
      userId: env.cloud.accountId,
      regionId: env.cloud.regionId,
      content: { imageId, currentState: 'Available' },
    };
    await env.clients.mns.publishMessage({ topicName: IMAGE_EVENTS_TOPIC, messageBody: JSON.stringify(event) });
    opts.say(
      `${imageId} is Available; the demo publishes ECS Image:StateChange to MNS topic ${IMAGE_EVENTS_TOPIC} (standing in for the CloudMonitor event rule)`,
    );
  }
  return { imageId, name: opts.name };
}
