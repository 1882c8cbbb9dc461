import * as z from 'zod';

/**
 * Where "now" comes from. On Function Compute it is the real clock. On the
 * local cloud time is simulated (and runs much faster than real time), so the
 * functions read it from the local cloud's clock endpoint, once per
 * invocation: a whole reconcile then sees one consistent instant, as the pure
 * planner expects (docs/decisions.md, "Time in the controller").
 */
export type Now = () => number;

export const systemNow: Now = () => Date.now();

/** `GET /_local/clock` answers with the simulated time; both spellings below are accepted. */
const ClockResponseSchema = z.union([
  z.object({ nowMs: z.number() }).transform((c) => c.nowMs),
  z.object({ now: z.number() }).transform((c) => c.now),
  z.object({ now: z.iso.datetime({ offset: true }) }).transform((c) => Date.parse(c.now)),
  z.object({ iso: z.iso.datetime({ offset: true }) }).transform((c) => Date.parse(c.iso)),
]);

export class ClockError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ClockError';
  }
}

/** Reads the simulated time once; the returned `Now` always answers that instant. */
export async function fixedNowFrom(clockUrl: string, fetchImpl: typeof fetch = fetch): Promise<Now> {
  let body: unknown;
  try {
    const response = await fetchImpl(clockUrl);
    if (!response.ok) throw new ClockError(`clock ${clockUrl} answered HTTP ${response.status}`);
    body = await response.json();
  } catch (cause) {
    if (cause instanceof ClockError) throw cause;
    throw new ClockError(`clock ${clockUrl} unreachable`, { cause });
  }
  const parsed = ClockResponseSchema.safeParse(body);
  if (!parsed.success) throw new ClockError(`clock ${clockUrl} answered ${JSON.stringify(body).slice(0, 120)}`);
  const at = parsed.data;
  return () => at;
}

/** The clock for one invocation: simulated when `clockUrl` is set, real otherwise. */
export async function invocationNow(clockUrl: string | undefined): Promise<Now> {
  return clockUrl === undefined ? systemNow : fixedNowFrom(clockUrl);
}
