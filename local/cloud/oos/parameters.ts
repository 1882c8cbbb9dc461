// The `Parameters` JSON of StartExecution, checked against the public
// templates' parameter definitions (names, types, allowed values, defaults;
// research §2b). Unknown names are refused, like a typo would be by the
// real template validation, so a caller learns about it at once.
import * as z from 'zod';
import { SCALING_PROCESSES } from '../core/contracts';
import { invalidParameter, invalidTemplateParameter } from './errors';
import type { RollingUpdateTemplate } from './templates';

/** OOS Number parameters arrive as JSON numbers; numeric strings are accepted too (the CLI passes either). */
const integer = (min: number, max: number) =>
  z
    .union([
      z.number(),
      z
        .string()
        .regex(/^-?\d+$/, 'must be a number')
        .transform(Number),
    ])
    .pipe(z.number().int('must be an integer').min(min, `must be >= ${min}`).max(max, `must be <= ${max}`));

const processList = z.array(z.enum(SCALING_PROCESSES));
const ALL_PROCESSES = [...SCALING_PROCESSES];
const LIFECYCLE_STATES = ['InService', 'Protected'] as const;

const common = {
  invokeType: z.enum(['invoke', 'rollback']),
  scalingGroupId: z.string().min(1, 'must not be empty'),
  enterProcess: processList.default(ALL_PROCESSES),
  exitProcess: processList.default(ALL_PROCESSES),
  // Type List with a scalar default in the template: accept both shapes.
  lifecycleState: z
    .union([z.enum(LIFECYCLE_STATES).transform((s) => [s]), z.array(z.enum(LIFECYCLE_STATES)).min(1)])
    .default(['InService']),
  sourceExecutionId: z.string().default(''),
  batchPauseOption: z.enum(['Automatic', 'FirstBatchPause', 'EveryBatchPause']).default('Automatic'),
  batchNumber: integer(1, 100).default(5),
  // Seeds (CLI and SDK parameter tables): "Default value: OOSServiceRole".
  OOSAssumeRole: z.string().default('OOSServiceRole'),
};

const imageSchema = z.strictObject({
  ...common,
  imageId: z.string().default(''),
  sourceImageId: z.string().default(''),
  scalingConfigurationId: z.string().default(''),
  maxErrors: integer(0, 100).default(0),
});

const scriptSchema = z.strictObject({
  ...common,
  commandType: z.enum(['RunBatScript', 'RunPowerShellScript', 'RunShellScript']).default('RunShellScript'),
  invokeScript: z.string().default(''),
  rollbackScript: z.string().default(''),
});

const packageSchema = z.strictObject({
  ...common,
  action: z.enum(['install', 'uninstall']).default('install'),
  packageName: z.string().min(1, 'must not be empty'),
  packageVersion: z.string().default(''),
});

export type ImageParameters = z.infer<typeof imageSchema> & { kind: 'image' };
export type ScriptParameters = z.infer<typeof scriptSchema> & { kind: 'script' };
export type PackageParameters = z.infer<typeof packageSchema> & { kind: 'package' };
export type RollingUpdateParameters = ImageParameters | ScriptParameters | PackageParameters;

/** Parses the wire `Parameters` string for `template`; throws an ApiError that names the offending parameter. */
export function parseParameters(template: RollingUpdateTemplate, raw: string | undefined): RollingUpdateParameters {
  let json: unknown;
  try {
    json = JSON.parse(raw === undefined || raw === '' ? '{}' : raw);
  } catch (error) {
    throw invalidParameter('Parameters', `It is not valid JSON (${(error as Error).message}).`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalidParameter('Parameters', 'It must be a JSON object of template parameters.');
  }
  switch (template.kind) {
    case 'image':
      return { ...check(imageSchema, json, template), kind: 'image' };
    case 'script':
      return { ...check(scriptSchema, json, template), kind: 'script' };
    case 'package':
      return { ...check(packageSchema, json, template), kind: 'package' };
  }
}

function check<T extends z.ZodType>(schema: T, json: object, template: RollingUpdateTemplate): z.output<T> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw invalidParameter('Parameters', 'It does not match the template.');
  if (issue.code === 'unrecognized_keys') {
    const name = issue.keys[0] ?? '?';
    throw invalidTemplateParameter(name, `it is not a parameter of template ${template.name}`);
  }
  const name = issue.path.map(String).join('.') || 'Parameters';
  const value: unknown = issue.path.reduce<unknown>(
    (v, key) => (v as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey],
    json,
  );
  if (value === undefined) throw invalidTemplateParameter(name, 'it is required');
  throw invalidTemplateParameter(name, `${issue.message} (got ${JSON.stringify(value)})`);
}

/** Failed children the loop tolerates: maxErrors exists only in the ReplaceSystemDisk template. */
export function maxErrorsOf(params: RollingUpdateParameters): number {
  return params.kind === 'image' ? params.maxErrors : 0;
}
