import * as z from 'zod';
import { TagMapSchema } from './common';

/**
 * Image intent, resolved at every reconcile from the images the snapshot holds:
 * the newest Available image that matches every criterion given.
 */
export const ImageSourceSchema = z
  .strictObject({
    family: z.string().min(1).optional().describe('ECS image family'),
    namePattern: z.string().min(1).optional().describe('image name glob: `*` any run, `?` one character'),
    tags: TagMapSchema.optional().describe('every image tag must be present with this value'),
  })
  .refine((s) => s.family !== undefined || s.namePattern !== undefined || s.tags !== undefined, {
    message: 'an image source needs at least one of family, namePattern, tags',
    params: { allowed: 'family, namePattern, tags' },
  });
export type ImageSource = z.infer<typeof ImageSourceSchema>;

export const COMMAND_TYPES = ['RunShellScript', 'RunBatScript', 'RunPowerShellScript'] as const;

export const ScriptRevisionSchema = z.strictObject({
  revision: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, `.`, `_`, `-`; at most 64 characters')
    .describe('name of this revision; change it whenever the content changes'),
  content: z.string().min(1).describe('script run on every instance (invokeScript)'),
  rollbackScript: z.string().default('').describe('script run when the rollout is rolled back'),
  commandType: z.enum(COMMAND_TYPES).default('RunShellScript'),
});
export type ScriptRevision = z.infer<typeof ScriptRevisionSchema>;

/** Script revisions known to the policy; a group tag may pick any of them, else `current` (default: the last). */
export const ScriptSourceSchema = z.strictObject({
  revisions: z.array(ScriptRevisionSchema).min(1),
  current: z.string().min(1).optional().describe('revision rolled out by default (default: the last listed)'),
});
export type ScriptSource = z.infer<typeof ScriptSourceSchema>;

export const PackageSourceSchema = z.strictObject({
  name: z.string().min(1).describe('OOS package name'),
  version: z.string().min(1).describe('OOS package version'),
  action: z.enum(['install', 'uninstall']).default('install'),
});
export type PackageSource = z.infer<typeof PackageSourceSchema>;
