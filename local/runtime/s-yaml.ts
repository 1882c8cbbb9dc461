import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import * as z from 'zod';
import {
  Fc3PropsSchema,
  HttpTriggerConfigSchema,
  MnsTopicTriggerConfigSchema,
  TimerTriggerConfigSchema,
  type FunctionSpec,
  type TriggerSpec,
} from './spec';
import { resolveValue, resolveVars } from './variables';

export class SYamlError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SYamlError';
  }
}

export interface LoadOptions {
  /** Where `${env('X')}` reads from. */
  env: Readonly<Record<string, string | undefined>>;
  /** What `${config('AccountID')}` and friends resolve to (the local cloud's account and keys). */
  config: Readonly<Record<string, string | undefined>>;
  /** Folder that `props.code` paths are relative to; default: the s.yaml's folder. */
  codeRoot?: string;
}

export interface LoadedSYaml {
  functions: FunctionSpec[];
  /** Expressions left as written because the runtime does not support them. */
  unresolved: string[];
}

const DocumentSchema = z
  .object({
    vars: z.record(z.string(), z.unknown()).default({}),
    resources: z.record(z.string(), z.object({ component: z.string(), props: z.unknown() }).passthrough()).default({}),
  })
  .passthrough();

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** `acs:mns:{region}:{account}:/topics/{name}` (fc3's sourceArn) or `…:topics/{name}`. */
export function topicFromSourceArn(arn: string | undefined): string | undefined {
  return arn === undefined ? undefined : /^acs:mns:[^:]*:[^:]*:\/?topics\/([^/]+)$/.exec(arn)?.[1];
}

function triggerSpec(functionName: string, raw: z.infer<typeof Fc3PropsSchema>['triggers'][number]): TriggerSpec {
  const where = `function ${functionName}, trigger ${raw.triggerName}`;
  const parseConfig = <T extends z.ZodTypeAny>(schema: T): z.infer<T> => {
    const parsed = schema.safeParse(raw.triggerConfig);
    if (!parsed.success) throw new SYamlError(`${where}: triggerConfig ${describe(parsed.error)}`);
    return parsed.data;
  };
  switch (raw.triggerType) {
    case 'mns_topic': {
      const config = parseConfig(MnsTopicTriggerConfigSchema);
      const topicName = config.topicName ?? topicFromSourceArn(raw.sourceArn);
      if (!topicName)
        throw new SYamlError(
          `${where}: name the topic in triggerConfig.topicName or sourceArn (acs:mns:<region>:<account>:/topics/<name>)`,
        );
      return { kind: 'mns_topic', name: raw.triggerName, topicName, config };
    }
    case 'timer':
      return { kind: 'timer', name: raw.triggerName, config: parseConfig(TimerTriggerConfigSchema) };
    case 'http':
      return { kind: 'http', name: raw.triggerName, config: parseConfig(HttpTriggerConfigSchema) };
    default:
      throw new SYamlError(
        `${where}: triggerType ${raw.triggerType} is not supported locally (mns_topic, timer, http are)`,
      );
  }
}

/** Parses s.yaml text into the functions it deploys (resources with `component: fc3`). */
export function parseSYaml(text: string, baseDir: string, options: LoadOptions): LoadedSYaml {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (cause) {
    throw new SYamlError(`s.yaml is not valid YAML: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
  const parsed = DocumentSchema.safeParse(doc);
  if (!parsed.success) throw new SYamlError(`s.yaml: ${describe(parsed.error)}`);
  const sources = { env: options.env, config: options.config };
  const vars = resolveVars(parsed.data.vars, sources);
  const unresolved = new Set<string>();
  const codeRoot = options.codeRoot ?? baseDir;
  const functions: FunctionSpec[] = [];
  for (const [resourceName, resource] of Object.entries(parsed.data.resources)) {
    if (resource.component !== 'fc3') continue;
    const props = Fc3PropsSchema.safeParse(resolveValue(resource.props, { ...sources, vars }, unresolved));
    if (!props.success) throw new SYamlError(`resource ${resourceName}: ${describe(props.error)}`);
    const p = props.data;
    functions.push({
      resourceName,
      functionName: p.functionName,
      handler: p.handler,
      codeDir: isAbsolute(p.code) ? p.code : resolve(codeRoot, p.code),
      environmentVariables: p.environmentVariables,
      timeoutSeconds: p.timeout,
      memorySize: p.memorySize,
      triggers: p.triggers.map((t) => triggerSpec(p.functionName, t)),
    });
  }
  return { functions, unresolved: [...unresolved].sort() };
}

export function loadSYaml(path: string, options: LoadOptions): LoadedSYaml {
  return parseSYaml(readFileSync(path, 'utf8'), dirname(resolve(path)), options);
}
