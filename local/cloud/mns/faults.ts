import { seededRandom } from '../core/seeded-random';
import * as z from 'zod';

/**
 * Delivery faults, set through `/_local/mns/faults`: each notification (one
 * message to one subscription) is dropped, duplicated, held back (reordered)
 * or delivered, decided by a seeded PRNG so a run with the same seed and the
 * same traffic makes the same decisions.
 */
export const DeliveryFaultsSchema = z
  .object({
    seed: z.number().int().default(1),
    /** Share of notifications lost for good (no retry). */
    drop: z.number().min(0).max(1).default(0),
    /** Share delivered twice. */
    duplicate: z.number().min(0).max(1).default(0),
    /** Share held back `holdSeconds` of simulated time, so later messages overtake them. */
    reorder: z.number().min(0).max(1).default(0),
    holdSeconds: z.number().min(0).default(30),
    /** Only these topics (all when absent). */
    topics: z.array(z.string()).optional(),
  })
  .strict()
  .refine((f) => f.drop + f.duplicate + f.reorder <= 1, { message: 'drop + duplicate + reorder must not exceed 1' });
export type DeliveryFaults = z.infer<typeof DeliveryFaultsSchema>;

export type FaultDecision =
  { kind: 'deliver' } | { kind: 'drop' } | { kind: 'duplicate' } | { kind: 'reorder'; holdSeconds: number };

export function createDeliveryFaults() {
  let config: DeliveryFaults | undefined;
  let next: () => number = seededRandom(1);
  const counts = { decided: 0, dropped: 0, duplicated: 0, reordered: 0 };
  return {
    /** Replace the configuration (input is unknown until parsed); restarts the PRNG from the seed. */
    set(input: unknown): DeliveryFaults {
      config = DeliveryFaultsSchema.parse(input);
      next = seededRandom(config.seed);
      Object.assign(counts, { decided: 0, dropped: 0, duplicated: 0, reordered: 0 });
      return config;
    },
    clear(): void {
      config = undefined;
    },
    view(): { config?: DeliveryFaults; counts: typeof counts } {
      return { ...(config ? { config } : {}), counts: { ...counts } };
    },
    decide(topicName: string): FaultDecision {
      if (!config || (config.topics && !config.topics.includes(topicName))) return { kind: 'deliver' };
      counts.decided += 1;
      const r = next();
      if (r < config.drop) {
        counts.dropped += 1;
        return { kind: 'drop' };
      }
      if (r < config.drop + config.duplicate) {
        counts.duplicated += 1;
        return { kind: 'duplicate' };
      }
      if (r < config.drop + config.duplicate + config.reorder) {
        counts.reordered += 1;
        return { kind: 'reorder', holdSeconds: config.holdSeconds };
      }
      return { kind: 'deliver' };
    },
  };
}
export type DeliveryFaultModel = ReturnType<typeof createDeliveryFaults>;
