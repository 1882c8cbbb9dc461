// The whole policy: targets plus settings shared by all of them.
import * as z from 'zod';
import { REGIONS_WITHOUT_OOS, regionSupportsOos, regionUnsupportedMessage } from '../regions';
import { NotificationsSchema } from './notifications';
import { TargetSchema } from './target';
import { NamedWindowSchema, type ScheduledAction } from './window';

export const PolicySchema = z
  .strictObject({
    version: z.literal(1).default(1).describe('policy format version'),
    region: z.string().min(1).optional().describe('region the functions run in; refused when it has no OOS'),
    maxConcurrentGroups: z
      .int()
      .min(1)
      .max(100)
      .default(1)
      .describe('most groups updating at once, across all targets'),
    targets: z.array(TargetSchema).min(1),
    windows: z.array(NamedWindowSchema).default([]).describe('maintenance windows that targets name'),
    freeze: z
      .strictObject({ reason: z.string().min(1).describe('why, shown by status and in events') })
      .optional()
      .describe('emergency freeze: no rollout starts and running ones stop at their next batch pause'),
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
      ctx.addIssue({
        code: 'custom',
        path: ['targets'],
        message: `duplicate target name ${duplicate}`,
        input: duplicate,
        params: { allowed: 'unique target names' },
      });
    }
    const windowNames = p.windows.map((w) => w.name);
    const duplicateWindow = windowNames.find((n, i) => windowNames.indexOf(n) !== i);
    if (duplicateWindow !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['windows'],
        message: `duplicate window name ${duplicateWindow}`,
        input: duplicateWindow,
        params: { allowed: 'unique window names' },
      });
    }
    p.windows.forEach((w, wi) => {
      if (w.action === undefined) return;
      const problem = scheduledActionProblem(p, w.name, w.action);
      if (problem !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['windows', wi, 'action', problem.field],
          message: problem.message,
          input: w.action[problem.field],
          params: { allowed: problem.allowed },
        });
    });
    p.targets.forEach((t, ti) =>
      t.windows.forEach((w, wi) => {
        if (typeof w === 'string' && !windowNames.includes(w)) {
          const allowed =
            windowNames.length === 0
              ? 'a window defined under the top-level windows list (there is none)'
              : windowNames.join(', ');
          ctx.addIssue({
            code: 'custom',
            path: ['targets', ti, 'windows', wi],
            message: `no policy window is named ${w}`,
            input: w,
            params: { allowed },
          });
        }
      }),
    );
  });
export type Policy = z.infer<typeof PolicySchema>;
/** The policy as written, before defaults (what rollgate.yaml may contain). */
export type PolicyInput = z.input<typeof PolicySchema>;

/** Why a window's action cannot run: its target is missing, not a script target, does not name the window, or lacks the revision. */
function scheduledActionProblem(
  p: { targets: ReadonlyArray<z.infer<typeof TargetSchema>> },
  windowName: string,
  action: ScheduledAction,
): { field: 'target' | 'script'; message: string; allowed: string } | undefined {
  const target = p.targets.find((t) => t.name === action.target);
  const scriptTargets = p.targets.filter((t) => t.script !== undefined).map((t) => t.name);
  if (target === undefined || target.script === undefined)
    return {
      field: 'target',
      message:
        target === undefined
          ? `no target is named ${action.target}`
          : `target ${action.target} rolls no scripts; a scheduled action runs a script revision`,
      allowed: scriptTargets.length === 0 ? 'a target with a script source (there is none)' : scriptTargets.join(', '),
    };
  if (!target.windows.includes(windowName))
    return {
      field: 'target',
      message: `target ${action.target} does not name window ${windowName}, so its rollouts could not start in it`,
      allowed: `add ${windowName} to the windows of target ${action.target}`,
    };
  const revisions = target.script.revisions.map((r) => r.revision);
  if (!revisions.includes(action.script))
    return {
      field: 'script',
      message: `target ${action.target} lists no script revision ${action.script}`,
      allowed: revisions.join(', '),
    };
  return undefined;
}
