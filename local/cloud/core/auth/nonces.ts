// Replay protection: a SignatureNonce may be used once per AccessKey id within
// 15 minutes (real time — signatures are about the wire, not the simulation).
const NONCE_WINDOW_MS = 15 * 60 * 1000;

export class NonceRegistry {
  private readonly seen = new Map<string, number>();

  constructor(private readonly realNow: () => number = Date.now) {}

  /** Records the nonce; false when it was already used inside the window. */
  use(accessKeyId: string, nonce: string): boolean {
    const now = this.realNow();
    this.prune(now);
    const key = `${accessKeyId}\u0000${nonce}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, now);
    return true;
  }

  private prune(now: number): void {
    // Map iteration is insertion order, so the oldest entries come first.
    for (const [key, at] of this.seen) {
      if (now - at <= NONCE_WINDOW_MS) break;
      this.seen.delete(key);
    }
  }
}
