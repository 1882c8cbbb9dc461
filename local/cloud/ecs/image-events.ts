// Stands in for the CloudMonitor event rule that forwards ECS `Image:StateChange`
// system events to an MNS topic (research §4): every state change of a custom
// image is published to the configured topic in the documented event shape.
import type { RegionWorld } from '../core/contracts';
import type { ImageRecord, ImageStore } from './images';

/** `20240410T160101.922+0800`: CloudMonitor prints event times in UTC+8. */
export function cloudMonitorEventTime(ms: number): string {
  const shifted = new Date(ms + 8 * 3600 * 1000).toISOString(); // 2024-04-10T08:01:01.922Z shifted to +08:00
  const [date, time] = shifted.replace('Z', '').split('T') as [string, string];
  return `${date.replace(/-/g, '')}T${time.replace(/:/g, '')}+0800`;
}

export function imageStateChangeEvent(world: RegionWorld, image: ImageRecord): Record<string, unknown> {
  return {
    id: world
      .newId('', 32)
      .toUpperCase()
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
    product: 'ECS',
    resourceId: `acs:ecs:${world.regionId}:${world.accountId}:image/${image.imageId}`,
    level: 'INFO',
    name: 'Image:StateChange',
    userId: world.accountId,
    eventTime: cloudMonitorEventTime(world.clock.now()),
    regionId: world.regionId,
    content: { imageId: image.imageId, currentState: image.status },
  };
}

export class ImageEventForwarder {
  private topic: string | undefined;
  private unsubscribe: (() => void) | undefined;
  /** What happened to each forwarded event (admin view). */
  readonly log: Array<{ imageId: string; state: string; topic: string; messageId?: string; error?: string }> = [];

  constructor(
    private readonly world: RegionWorld,
    private readonly images: ImageStore,
  ) {}

  /** Forwards custom images' state changes to `topic` (created if missing); undefined stops forwarding. */
  forwardTo(topic: string | undefined): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.topic = topic;
    if (topic === undefined) return;
    this.world.mns.ensureTopic(topic);
    this.unsubscribe = this.images.onStateChange((image) => this.forward(image));
  }

  target(): string | undefined {
    return this.topic;
  }

  private forward(image: ImageRecord): void {
    if (image.ownerAlias !== 'self' || this.topic === undefined) return;
    const entry: (typeof this.log)[number] = { imageId: image.imageId, state: image.status, topic: this.topic };
    try {
      entry.messageId = this.world.mns.publish(this.topic, JSON.stringify(imageStateChangeEvent(this.world, image)));
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
    }
    this.log.push(entry);
  }
}
