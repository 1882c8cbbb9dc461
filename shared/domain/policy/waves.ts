import * as z from 'zod';
import { NameSchema, SelectorSchema } from './common';

export const DEFAULT_SOAK_SECONDS = 300;

/** One ordered step of a campaign: its groups start only after every earlier wave succeeded and soaked. */
export const WaveSchema = z.strictObject({
  name: NameSchema,
  select: SelectorSchema,
  soakSeconds: z
    .int()
    .min(0)
    .max(604800)
    .default(DEFAULT_SOAK_SECONDS)
    .describe('time after this wave succeeded before the next wave starts'),
});
export type Wave = z.infer<typeof WaveSchema>;
