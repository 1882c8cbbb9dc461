// Waiting a poll interval of cloud time. On Function Compute that is real
// time. On the local cloud time is simulated (and usually faster), so the
// gate polls the local cloud's clock until enough simulated time has passed.
import * as z from 'zod';
import type { Now } from '../clock';

const SleepAnswerSchema = z.object({ id: z.number() });

export type Sleep = (seconds: number) => Promise<void>;

const realDelay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const realSleep: Sleep = (seconds) => realDelay(seconds * 1000);

/** Tells the local cloud an invocation waits for simulated time until `untilMs`; the returned function says it woke. */
export type SleepRegistration = (untilMs: number) => Promise<() => Promise<void>>;

/**
 * `readNow` reads the simulated clock (one HTTP call). Waits at most
 * `maxRealMs` of real time, so a clock that does not move cannot hang the gate.
 * With `register`, the local cloud knows this invocation only waits (its
 * settled clock moves only when nothing works).
 */
export function simulatedSleep(
  readNow: () => Promise<Now>,
  options: { stepMs?: number; maxRealMs?: number; register?: SleepRegistration } = {},
): Sleep {
  const stepMs = options.stepMs ?? 20;
  const maxRealMs = options.maxRealMs ?? 10_000;
  return async (seconds) => {
    const start = (await readNow())();
    const target = start + seconds * 1000;
    const woke = options.register === undefined ? undefined : await options.register(target).catch(() => undefined);
    const realStart = Date.now();
    try {
      while (Date.now() - realStart < maxRealMs) {
        await realDelay(stepMs);
        if ((await readNow())() >= target) return;
      }
    } finally {
      await woke?.().catch(() => undefined);
    }
  };
}

/** The local cloud's sleep registration next to its clock endpoint (`<clockUrl>/sleep`, `<clockUrl>/wake`). */
export function localSleepRegistration(clockUrl: string, fetchImpl: typeof fetch = fetch): SleepRegistration {
  const post = (path: string, body: unknown) =>
    fetchImpl(`${clockUrl}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return async (untilMs) => {
    const response = await post('sleep', { untilMs: Math.ceil(untilMs) });
    const parsed = SleepAnswerSchema.safeParse(await response.json());
    if (!parsed.success) return async () => undefined;
    const { id } = parsed.data;
    return async () => {
      await post('wake', { id });
    };
  };
}
