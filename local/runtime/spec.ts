import * as z from 'zod';

// The parts of a Serverless Devs 3 `fc3` resource the local runtime reads.
// Input is unknown until these schemas parse it (after variable resolution).

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));

export const MnsTopicTriggerConfigSchema = z
  .object({
    topicName: z.string().optional(),
    notifyContentFormat: z.enum(['JSON', 'STREAM']).default('STREAM'),
    notifyStrategy: z.enum(['BACKOFF_RETRY', 'EXPONENTIAL_DECAY_RETRY']).default('BACKOFF_RETRY'),
    filterTag: z.string().optional(),
  })
  .passthrough();

export const TimerTriggerConfigSchema = z
  .object({
    cronExpression: z.string(),
    payload: z.string().default(''),
    enable: z.boolean().default(true),
  })
  .passthrough();

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH', 'OPTIONS'] as const;

export const HttpTriggerConfigSchema = z
  .object({
    authType: z.enum(['anonymous', 'function']).default('anonymous'),
    methods: z.array(z.string().transform((m) => m.toUpperCase())).default([...HTTP_METHODS]),
  })
  .passthrough();

export const TriggerSchema = z
  .object({
    triggerName: z.string().min(1),
    triggerType: z.string().min(1),
    sourceArn: z.string().optional(),
    qualifier: z.string().optional(),
    triggerConfig: z.record(z.string(), z.unknown()).default({}),
  })
  .passthrough();

export const Fc3PropsSchema = z
  .object({
    region: z.string().optional(),
    functionName: z
      .string()
      .regex(
        /^[_A-Za-z][-_A-Za-z0-9]*$/,
        'FC 3.0 function names start with a letter or _, then letters, digits, - or _',
      ),
    handler: z
      .string()
      .regex(/^[^.]+(\.[^.]+)+$/, 'handler is <file>.<export>, e.g. index.handler')
      .default('index.handler'),
    code: z.string().min(1),
    runtime: z.string().optional(),
    environmentVariables: z.record(z.string(), scalar).default({}),
    /** FC 3.0 defaults. */
    timeout: z.number().positive().default(3),
    memorySize: z.number().positive().default(512),
    triggers: z.array(TriggerSchema).default([]),
  })
  .passthrough();

export type TriggerSpec =
  | { kind: 'mns_topic'; name: string; topicName: string; config: z.infer<typeof MnsTopicTriggerConfigSchema> }
  | { kind: 'timer'; name: string; config: z.infer<typeof TimerTriggerConfigSchema> }
  | { kind: 'http'; name: string; config: z.infer<typeof HttpTriggerConfigSchema> };

export interface FunctionSpec {
  /** Key of the resource in s.yaml. */
  resourceName: string;
  functionName: string;
  /** `index.handler` → file `index`, export `handler`. */
  handler: string;
  /** Absolute folder holding the deployed bundle. */
  codeDir: string;
  environmentVariables: Record<string, string>;
  timeoutSeconds: number;
  memorySize: number;
  triggers: TriggerSpec[];
}
