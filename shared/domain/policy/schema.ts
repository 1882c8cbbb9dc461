// The whole policy: targets plus settings shared by all of them.
import * as z from 'zod';
import { REGIONS_WITHOUT_OOS, regionSupportsOos, regionUnsupportedMessage } from '../regions';
import { NotificationsSchema } from './notifications';
import { TargetSchema } from './target';

export const PolicySchema = z
  .strictObject({
    version: z.literal(1).default(1).describe('policy format version'),
    region: z.string().min(1).optional().describe('region the functions run in; refused when it has no OOS'),
    maxConcurrentGroups: z.int().min(1).max(100).default(1).describe('most groups updating at once, across all targets'),
    targets: z.array(TargetSchema).min(1),
    notifications: NotificationsSchema.prefault({}),
  })
  .superRefine((p, ctx) => {
    if (p.region !== undefined && !regionSupportsOos(p.region)) {
      ctx.addIssue({
        code: 'custom',
        path: ['region'],
        message: regionUnsupportedMessage(p.region),
        input: p.region,
        params: { allowed: `a region with OOS (not ${Object.keys(REGIONS_WITHOUT_OOS).join(', ')})` },
      });
    }
    const names = p.targets.map((t) => t.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['targets'], message: `duplicate target name ${duplicate}`, input: duplicate, params: { allowed: 'unique target names' } });
    }
  });
export type Policy = z.infer<typeof PolicySchema>;
/** The policy as written, before defaults (what rollgate.yaml may contain). */
export type PolicyInput = z.input<typeof PolicySchema>;

