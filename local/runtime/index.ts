import type { Clock, RegionWorld } from '../../local/cloud/core/contracts';
import { localFc } from '../../local/cloud/fc/routes';
import { functionEndpoint } from '../../local/cloud/mns/endpoint';
import { localMns } from '../../local/cloud/mns/routes';
import type { FcInvokeResult } from '../../local/cloud/fc/model';
import { startHttpTrigger, type RunningHttpTrigger } from './http-trigger';
import { FunctionInstance, type InvocationContext } from './instance';
import { loadSYaml } from './s-yaml';
import type { FunctionSpec } from './spec';
import { startTimerTrigger, type RunningTimer } from './timer-trigger';

// Runs rollgate's functions locally from s.yaml against a local cloud: each
// fc3 resource becomes a function registered with the local FC, its triggers
// wired to the local MNS (mns_topic), the simulated clock (timer) and a local
// HTTP port (http).

/** What the runtime needs from a running local cloud (`startLocalCloud()` returns it). */
export interface RuntimeCloud {
  url: string;
  accessKeyId: string;
  accessKeySecret: string;
  accountId: string;
  regionId: string;
  clock: Clock;
  world(accountId?: string, regionId?: string): RegionWorld;
}

export interface LocalRuntimeOptions {
  cloud: RuntimeCloud;
  sYamlPath: string;
  /** Folder the functions' `code` paths are relative to; default the s.yaml's folder. */
  codeRoot?: string;
  /** Where `${env('X')}` in s.yaml reads from; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Added to every function's environment, over everything else. */
  functionEnv?: Readonly<Record<string, string>>;
  /** Real seconds per configured timeout second (default 1). */
  timeoutScale?: number;
  /** HTTP trigger ports by function name (default 0 = ephemeral). */
  httpPorts?: Readonly<Record<string, number>>;
  /** Function output lines; default: printed unless LOG_LEVEL=silent. */
  onLog?: (functionName: string, line: string) => void;
}

export interface LocalFunction {
  name: string;
  resourceName: string;
  spec: FunctionSpec;
  /** Base URL of the function's HTTP trigger, when it has one. */
  httpUrl?: string;
  /** Invokes it through the local FC, as `InvokeFunction` would. */
  invoke(payload: Buffer | string, mode?: 'Sync' | 'Async'): Promise<FcInvokeResult>;
}

export interface LocalRuntime {
  functions: LocalFunction[];
  /** s.yaml expressions the runtime left as written. */
  unresolved: string[];
  /** Base URL of a function's HTTP trigger; throws when it has none. */
  httpUrl(functionName: string): string;
  /**
   * Runs what is due now on the simulated clock and waits for deliveries and
   * invocations it caused, until nothing more is due now (bounded rounds).
   */
  settle(maxRounds?: number): Promise<void>;
  close(): Promise<void>;
}

/** MNS names allow letters, digits and hyphens only. */
function subscriptionName(functionName: string, triggerName: string): string {
  return `fc-${functionName}-${triggerName}`.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 256);
}

function functionEnvironment(
  spec: FunctionSpec,
  cloud: RuntimeCloud,
  extra: Readonly<Record<string, string>>,
): Record<string, string> {
  return {
    ...spec.environmentVariables,
    // What FC puts in every instance's environment, and where the cloud is: these describe the place the function runs.
    FC_FUNCTION_NAME: spec.functionName,
    FC_FUNCTION_HANDLER: spec.handler,
    FC_FUNCTION_MEMORY_SIZE: String(spec.memorySize),
    FC_TIMEOUT: String(spec.timeoutSeconds),
    FC_REGION: cloud.regionId,
    FC_ACCOUNT_ID: cloud.accountId,
    ALIBABA_CLOUD_ACCESS_KEY_ID: cloud.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: cloud.accessKeySecret,
    ALIBABA_CLOUD_REGION_ID: cloud.regionId,
    ALIBABA_CLOUD_ACCOUNT_ID: cloud.accountId,
    ROLLGATE_ENDPOINT: cloud.url,
    ...extra,
  };
}

function defaultOnLog(functionName: string, line: string): void {
  if ((process.env['LOG_LEVEL'] ?? '') === 'silent') return;
  process.stdout.write(`[${functionName}] ${line}\n`);
}

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const { cloud } = options;
  const world = cloud.world();
  const fc = localFc(world.fc);
  const mns = localMns(world.mns);
  const onLog = options.onLog ?? defaultOnLog;
  const loaded = loadSYaml(options.sYamlPath, {
    env: options.env ?? process.env,
    config: { AccountID: cloud.accountId, AccessKeyID: cloud.accessKeyId, AccessKeySecret: cloud.accessKeySecret },
    ...(options.codeRoot === undefined ? {} : { codeRoot: options.codeRoot }),
  });

  const instances: FunctionInstance[] = [];
  const timers: RunningTimer[] = [];
  const httpServers: RunningHttpTrigger[] = [];
  const subscriptions: Array<{ topic: string; name: string }> = [];
  const functions: LocalFunction[] = [];

  const close = async () => {
    for (const t of timers) t.stop();
    for (const s of subscriptions) {
      if (mns.topics.find(s.topic)) mns.topics.unsubscribe(s.topic, s.name);
    }
    for (const f of functions) fc.unregister(f.name);
    await Promise.all(httpServers.map((s) => s.close()));
    await Promise.all(instances.map((i) => i.close()));
  };

  try {
    for (const spec of loaded.functions) {
      const instance = new FunctionInstance({
        spec,
        env: functionEnvironment(spec, cloud, options.functionEnv ?? {}),
        timeoutScale: options.timeoutScale ?? 1,
        onOutput: (line) => onLog(spec.functionName, line),
      });
      instances.push(instance);
      const baseContext: Omit<InvocationContext, 'requestId'> = {
        credentials: { accessKeyId: cloud.accessKeyId, accessKeySecret: cloud.accessKeySecret, securityToken: '' },
        function: {
          name: spec.functionName,
          handler: spec.handler,
          memory: spec.memorySize,
          timeout: spec.timeoutSeconds,
        },
        region: cloud.regionId,
        accountId: cloud.accountId,
      };
      fc.register(spec.functionName, (event, context) => {
        const requestId = typeof context['requestId'] === 'string' ? context['requestId'] : fc.newRequestId();
        const log = context['log'];
        return instance.invoke(
          event,
          { ...baseContext, requestId },
          typeof log === 'function' ? (line: string) => void log(line) : undefined,
        );
      });

      const fn: LocalFunction = {
        name: spec.functionName,
        resourceName: spec.resourceName,
        spec,
        invoke: (payload, mode = 'Sync') =>
          fc.invoke(spec.functionName, typeof payload === 'string' ? Buffer.from(payload) : payload, mode),
      };
      functions.push(fn);

      for (const trigger of spec.triggers) {
        if (trigger.kind === 'mns_topic') {
          mns.ensureTopic(trigger.topicName);
          const name = subscriptionName(spec.functionName, trigger.name);
          const wanted = {
            endpoint: functionEndpoint(cloud.regionId, cloud.accountId, spec.functionName),
            notifyContentFormat: trigger.config.notifyContentFormat,
            notifyStrategy: trigger.config.notifyStrategy,
            ...(trigger.config.filterTag === undefined ? {} : { filterTag: trigger.config.filterTag }),
          };
          // A runtime restarted with a changed trigger replaces its old subscription.
          if (mns.topics.get(trigger.topicName).subscriptions.has(name))
            mns.topics.unsubscribe(trigger.topicName, name);
          mns.topics.subscribe(trigger.topicName, name, wanted);
          subscriptions.push({ topic: trigger.topicName, name });
        } else if (trigger.kind === 'timer') {
          if (!trigger.config.enable) continue;
          timers.push(
            startTimerTrigger({
              functionName: spec.functionName,
              triggerName: trigger.name,
              cronExpression: trigger.config.cronExpression,
              payload: trigger.config.payload,
              clock: cloud.clock,
              // FC invokes timers asynchronously; a background Sync call tells the trigger when the run ends.
              invoke: (event) =>
                fc
                  .invoke(spec.functionName, event, 'Sync')
                  .catch((error: unknown) => onLog(spec.functionName, `timer ${trigger.name}: ${String(error)}`)),
              onSkip: (at) =>
                onLog(
                  spec.functionName,
                  `timer ${trigger.name}: an earlier waiting firing dropped for the one at ${at}: runs piled up`,
                ),
            }),
          );
        } else {
          if (fn.httpUrl !== undefined)
            throw new Error(`function ${spec.functionName}: only one HTTP trigger per function is supported locally`);
          const server = await startHttpTrigger(
            {
              functionName: spec.functionName,
              triggerName: trigger.name,
              methods: trigger.config.methods,
              accountId: cloud.accountId,
              regionId: cloud.regionId,
              clock: cloud.clock,
              newRequestId: () => fc.newRequestId(),
              invoke: async (event, requestId) => {
                const result = await fc.invoke(spec.functionName, event, 'Sync', { requestId });
                const functionError = result.headers['x-fc-error-type'];
                return functionError === undefined ? { body: result.body } : { body: result.body, functionError };
              },
            },
            options.httpPorts?.[spec.functionName] ?? 0,
          );
          httpServers.push(server);
          fn.httpUrl = server.url;
        }
      }
    }
  } catch (error) {
    await close();
    throw error;
  }

  return {
    functions,
    unresolved: loaded.unresolved,
    httpUrl(functionName) {
      const url = functions.find((f) => f.name === functionName)?.httpUrl;
      if (url === undefined) throw new Error(`function ${functionName} has no HTTP trigger in this runtime`);
      return url;
    },
    async settle(maxRounds = 50) {
      for (let round = 0; round < maxRounds; round += 1) {
        cloud.clock.advance(0);
        await Promise.all([mns.idle(), fc.idle()]);
        const busy = mns.inFlightDeliveries() > 0 || fc.inFlightCount() > 0 || timers.some((t) => t.busy());
        if (!busy && cloud.clock.nextDueIn() !== 0) return;
        // A timer between two runs has nothing in flight for a moment: let its callbacks run.
        if (busy) await new Promise((resolve) => setImmediate(resolve));
      }
    },
    close,
  };
}

export type { FunctionSpec, TriggerSpec } from './spec';
