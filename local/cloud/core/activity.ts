// What the local cloud is doing right now, for the settled clock: requests
// being served, and function invocations that are only waiting for simulated
// time (a gate loop between two polls registers its sleep). An invocation that
// is neither finished nor sleeping is work in progress.
export class Activity {
  private requestsInFlight = 0;
  private readonly sleepers = new Map<number, number>();
  private nextSleeper = 1;

  beginRequest(): void {
    this.requestsInFlight += 1;
  }

  endRequest(): void {
    this.requestsInFlight = Math.max(0, this.requestsInFlight - 1);
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
