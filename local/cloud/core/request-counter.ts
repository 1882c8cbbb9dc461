// Requests the local cloud served, per product and action (`oos:ListExecutions`,
// `mns:PublishMessage`): the count a benchmark reads from the cloud itself, so
// a call the client forgets to report is still counted. Faulted answers
// (throttling, injected errors) count too: the client made the request.
export class RequestCounter {
  private readonly counts = new Map<string, number>();
  private since: number;

  constructor(private readonly now: () => number) {
    this.since = now();
  }

  count(product: string, action: string): void {
    const key = `${product}:${action}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  snapshot(): { total: number; byAction: Record<string, number>; since: string } {
    const byAction = Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return {
      total: [...this.counts.values()].reduce((a, b) => a + b, 0),
      byAction,
      since: new Date(this.since).toISOString(),
    };
  }

  reset(): void {
    this.counts.clear();
    this.since = this.now();
  }
}
