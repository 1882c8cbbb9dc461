// An image became Available: reconcile the groups of every target whose image
// source selects it. The event only nudges; reconcile resolves the newest
// image itself, so a repeated or out-of-order (older) image event starts nothing.
import type { Image } from '../cloud/api';
import { resolveImage } from '../domain/revision';
import { ImageEventSchema, type ImageEvent } from '../schemas/image-event';
import type { ControllerDeps } from './deps';
import { failureOutcome } from './failure';
import { done, terminal, type Outcome } from './outcome';
import { parseMessage } from './parse-message';
import { reconcileStep } from './reconcile';
import { toImageSnapshot } from './snapshot/map';

export class UnknownImageError extends Error {
  constructor(readonly imageId: string) {
    super(`image ${imageId} does not exist in this region`);
    this.name = 'UnknownImageError';
  }
}

export async function handleImageEvent(deps: ControllerDeps, body: string): Promise<Outcome> {
  let event: ImageEvent;
  try {
    event = parseMessage('image-events', ImageEventSchema, body);
  } catch (err) {
    deps.log.warn({ err }, 'image event rejected');
    return terminal(err instanceof Error ? err : new Error(String(err)));
  }
  const log = deps.log.child({ imageId: event.imageId, imageEventSource: event.source });
  if (event.state !== 'Available') {
    log.info({ state: event.state }, 'image not Available; nothing to do');
    return done({ imageId: event.imageId, ignored: `state ${event.state}` });
  }

  let image: Image | undefined;
  try {
    const { images } = await deps.clients.ecs.describeImages({ imageIds: [event.imageId], status: ['ALL'] });
    image = images.find((i) => i.imageId === event.imageId);
  } catch (err) {
    log.error({ err }, 'image could not be read');
    return failureOutcome(err);
  }
  if (image === undefined) {
    log.warn('image event names an image that does not exist');
    return terminal(new UnknownImageError(event.imageId));
  }

  const snapshotImage = toImageSnapshot(image);
  const targetNames = deps.policy.targets
    .filter((t) => t.image !== undefined && resolveImage(t.image, [snapshotImage]) !== undefined)
    .map((t) => t.name);
  if (targetNames.length === 0) {
    log.info({ family: image.imageFamily, name: image.imageName }, 'no target selects this image');
    return done({ imageId: event.imageId, targets: [] });
  }
  log.info({ targets: targetNames }, 'image selected by targets; reconciling their groups');
  // A new image starts at the first wave: when the image's one target is the policy's first, only that wave's
  // groups are read (docs/decisions.md, "Image events read the first wave").
  const outcome = await reconcileStep({ ...deps, log }, { targetNames }, { firstWaveOnly: true });
  return outcome.kind === 'done' ? done({ imageId: event.imageId, targets: targetNames, ...outcome.summary }) : outcome;
}
