import * as z from 'zod';
import { NameSchema, SelectorSchema } from './common';
import { checkSecondsProblems, GateSchema } from './gate';
import { RolloutSchema } from './rollout';
import { ImageSourceSchema, PackageSourceSchema, ScriptSourceSchema } from './source';
import { WaveSchema } from './waves';
import { TargetWindowSchema } from './window';

export const ROLLOUT_KINDS = ['image', 'script', 'package'] as const;
export type RolloutKind = (typeof ROLLOUT_KINDS)[number];

/** A set of groups and what they should run, with how to roll it out. */
export const TargetSchema = z
  .strictObject({
    name: NameSchema.describe('names the target in campaign ids and messages'),
    select: SelectorSchema.describe('the scaling groups this target manages'),
    image: ImageSourceSchema.optional(),
    script: ScriptSourceSchema.optional(),
    package: PackageSourceSchema.optional(),
    rollout: RolloutSchema.prefault({}),
    waves: z.array(WaveSchema).default([]).describe('ordered; empty = one wave of every selected group'),
    windows: z
      .array(TargetWindowSchema)
      .default([])
      .describe(
        'names of policy windows, or windows written here; rollouts start only inside one; empty = always open',
      ),
    gate: GateSchema.prefault({}),
  })
  .superRefine((t, ctx) => {
    const kinds = ROLLOUT_KINDS.filter((k) => t[k] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message:
          kinds.length === 0
            ? 'a target needs one of image, script, package'
            : `a target has exactly one kind, got ${kinds.join(' and ')}`,
        input: kinds,
        params: { allowed: 'exactly one of image, script, package' },
      });
    }
    if (t.script !== undefined) {
      const names = t.script.revisions.map((r) => r.revision);
      const duplicate = names.find((n, i) => names.indexOf(n) !== i);
      if (duplicate !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['script', 'revisions'],
          message: `duplicate script revision ${duplicate}`,
          input: duplicate,
          params: { allowed: 'unique revision names' },
        });
      }
      if (t.script.current !== undefined && !names.includes(t.script.current)) {
        ctx.addIssue({
          code: 'custom',
          path: ['script', 'current'],
          message: `current names no listed revision`,
          input: t.script.current,
          params: { allowed: names.join(', ') },
        });
      }
    }
    for (const problem of checkSecondsProblems(t.gate))
      ctx.addIssue({
        code: 'custom',
        path: ['gate', ...problem.path],
        message: problem.message,
        input: t.gate.checkSeconds,
        params: { allowed: `${2 * t.gate.pollSeconds} to ${t.gate.starvedSeconds - 1}` },
      });
    const waveNames = t.waves.map((w) => w.name);
    const duplicateWave = waveNames.find((n, i) => waveNames.indexOf(n) !== i);
    if (duplicateWave !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['waves'],
        message: `duplicate wave name ${duplicateWave}`,
        input: duplicateWave,
        params: { allowed: 'unique wave names' },
      });
    }
  });
export type Target = z.infer<typeof TargetSchema>;

export function kindOf(target: Target): RolloutKind {
  if (target.image !== undefined) return 'image';
  if (target.script !== undefined) return 'script';
  return 'package';
}
