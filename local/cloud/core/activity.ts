// What the local cloud is doing right now, for the settled clock: requests
// being served, and function invocations that are only waiting for simulated
// time (a gate loop between two polls registers its sleep). An invocation that
// is neither finished nor sleeping is work in progress.
/** Codes of requests refused for what they asked, not for the cloud's state: a client bug the real API refuses too. */
const PARAMETER_REFUSAL = /^(InvalidParameter|MissingParameter|InvalidAction|InvalidVersion)/;
const REFUSALS_KEPT = 100;

export class Activity {
  private requestsInFlight = 0;
  /** The latest requests refused for their parameters (code and message), oldest first. */
  readonly parameterRefusals: Array<{ code: string; message: string }> = [];
  private readonly sleepers = new Map<number, number>();
  private nextSleeper = 1;

  beginRequest(): void {
    this.requestsInFlight += 1;
  }

  endRequest(): void {
    this.requestsInFlight = Math.max(0, this.requestsInFlight - 1);
  }

  noteRefusal(code: string, message: string): void {
    if (!PARAMETER_REFUSAL.test(code)) return;
    this.parameterRefusals.push({ code, message });
    if (this.parameterRefusals.length > REFUSALS_KEPT) this.parameterRefusals.shift();
  }

  requests(): number {
    return this.requestsInFlight;
  }

  /** An invocation waits until simulated `untilMs`; returns the id its wake-up hands back. */
  sleep(untilMs: number): number {
    const id = this.nextSleeper++;
    this.sleepers.set(id, untilMs);
    return id;
  }

  wake(id: number): void {
    this.sleepers.delete(id);
  }

  /** Sleepers whose time has not come yet (one whose time came is about to work again). */
  sleeping(nowMs: number): number {
    let n = 0;
    for (const until of this.sleepers.values()) if (until > nowMs) n += 1;
    return n;
  }

  /** The earliest wake-up still ahead, if any. */
  nextWakeMs(nowMs: number): number | undefined {
    let next: number | undefined;
    for (const until of this.sleepers.values()) if (until > nowMs && (next === undefined || until < next)) next = until;
    return next;
  }
}
