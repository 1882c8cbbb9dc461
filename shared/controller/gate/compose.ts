// Composition root of the gate function: the controller's dependencies, the
// clock (re-read every round: simulated on the local cloud), the sleep that
// matches it, and the gate's own settings from the environment (read once).
import { invocationNow } from '../clock';
import { controllerDeps } from '../compose';
import { loadConfig, ConfigError, type Env } from '../../config';
import { handOverGate, type GateStart } from './hand-over';
import { longestCheckSecondsOf, pollSecondsOf, type GateLoopDeps } from './loop';
import { localSleepRegistration, realSleep, simulatedSleep } from './sleep';

export interface GateConfig {
  /** This function's own name, for the hand-over before its timeout. */
  functionName: string;
  /** Real seconds one invocation may loop before handing over (below the FC timeout). */
  budgetSeconds: number;
  clockUrl: string | undefined;
}

export function loadGateConfig(env: Env = process.env): GateConfig {
  const config = loadConfig(env);
  const budgetRaw = env['ROLLGATE_GATE_BUDGET_SECONDS']?.trim();
  const budgetSeconds = budgetRaw === undefined || budgetRaw === '' ? 540 : Number(budgetRaw);
  if (!Number.isFinite(budgetSeconds) || budgetSeconds <= 0)
    throw new ConfigError('ROLLGATE_GATE_BUDGET_SECONDS', `not a positive number (${budgetRaw})`);
  return {
    functionName: config.gateFunction,
    budgetSeconds,
    clockUrl: config.clockUrl,
  };
}

let cached: GateConfig | undefined;

export async function gateLoopDeps(
  context: unknown,
  env: Env = process.env,
  start: GateStart = {},
): Promise<GateLoopDeps & { config: GateConfig }> {
  const config = (cached ??= loadGateConfig(env));
  const base = await controllerDeps('gate', context, env);
  const { holder, memory } = start;
  if (start.noMemory !== undefined) base.log.info({ holder, why: start.noMemory }, 'gate loop starts with no memory');
  const startedAt = Date.now();
  const readNow = () => invocationNow(config.clockUrl);
  return {
    config,
    roundDeps: async () => ({ ...base, now: await readNow() }),
    sleep:
      config.clockUrl === undefined
        ? realSleep
        : simulatedSleep(readNow, { register: localSleepRegistration(config.clockUrl) }),
    remainingMs: () => config.budgetSeconds * 1000 - (Date.now() - startedAt),
    handOver: async (leaseHolder, loopMemory) => {
      const sent = await handOverGate(base.clients, config.functionName, leaseHolder, loopMemory);
      if (sent.unwrittenLost !== undefined)
        base.log.warn(
          { error: sent.unwrittenLost },
          'answers the loop held unwritten could not be recorded: the next invocation counts less observed time',
        );
      if (sent.memoryLeftOut !== undefined)
        base.log.warn(
          { bytes: sent.memoryLeftOut },
          'gate memory too large to hand over: the next invocation starts with none',
        );
    },
    ...(holder === undefined ? {} : { holder }),
    ...(memory === undefined ? {} : { memory }),
    pollSeconds: pollSecondsOf(base),
    checkSeconds: longestCheckSecondsOf(base),
    onRound: (report) => {
      if (report.decisions.length > 0 || report.errors.length > 0) {
        base.log.info(
          {
            active: report.active,
            held: report.held,
            decisions: report.decisions.map((d) => `${d.groupId} ${d.pause} ${d.decision}:${d.result}`),
            errors: report.errors,
          },
          'gate round',
        );
      }
    },
  };
}
