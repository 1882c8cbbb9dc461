// Waiting a poll interval of cloud time. On Function Compute that is real
// time. On the local cloud time is simulated (and usually faster), so the
// gate polls the local cloud's clock until enough simulated time has passed.
import type { Now } from '../clock';

export type Sleep = (seconds: number) => Promise<void>;

const realDelay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const realSleep: Sleep = (seconds) => realDelay(seconds * 1000);

/**
 * `readNow` reads the simulated clock (one HTTP call). Waits at most
 * `maxRealMs` of real time, so a clock that does not move cannot hang the gate.
 */
export function simulatedSleep(readNow: () => Promise<Now>, options: { stepMs?: number; maxRealMs?: number } = {}): Sleep {
  const stepMs = options.stepMs ?? 20;
  const maxRealMs = options.maxRealMs ?? 10_000;
  return async (seconds) => {
    const start = (await readNow())();
    const target = start + seconds * 1000;
    const realStart = Date.now();
    while (Date.now() - realStart < maxRealMs) {
      await realDelay(stepMs);
      if ((await readNow())() >= target) return;
    }
  };
}
