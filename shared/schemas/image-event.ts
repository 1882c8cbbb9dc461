import * as z from 'zod';

/**
 * What arrives on the image-events topic (research alibaba-api.md §4):
 * - the ECS system event `Image:StateChange` as a CloudMonitor event rule
 *   forwards it (`content: {imageId, currentState}`); the exact body a rule
 *   writes to MNS is not documented, so an EventBridge-style `data` wrapper
 *   is accepted too (docs/decisions.md);
 * - the plain message an image pipeline publishes: `{"imageId": "m-…"}`.
 */
const IMAGE_ID = z.string().regex(/^m-[A-Za-z0-9]+$/, 'expected an image id m-…');

const ImageStateChangeSchema = z.object({
  name: z.literal('Image:StateChange'),
  product: z.string().optional(),
  regionId: z.string().optional(),
  resourceId: z.string().optional(),
  content: z.object({
    imageId: IMAGE_ID,
    currentState: z.string(),
  }),
});

const PipelineMessageSchema = z.object({ imageId: IMAGE_ID, regionId: z.string().optional() }).strict();

export const ImageEventSchema = z.union([
  ImageStateChangeSchema.transform((e) => ({
    imageId: e.content.imageId,
    state: e.content.currentState,
    source: 'ecs-event' as const,
  })),
  z.object({ data: ImageStateChangeSchema }).transform((e) => ({
    imageId: e.data.content.imageId,
    state: e.data.content.currentState,
    source: 'ecs-event' as const,
  })),
  PipelineMessageSchema.transform((m) => ({ imageId: m.imageId, state: 'Available', source: 'pipeline' as const })),
]);
/** Normalised: which image, in which state, from which kind of publisher. */
export type ImageEvent = z.infer<typeof ImageEventSchema>;
