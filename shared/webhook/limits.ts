// Per warm instance memory of the webhook: signatures already accepted (a
// replay inside the timestamp window is refused) and a token bucket per
// client address (429 past the rate). Both bounded; time is an argument.

/** Signatures seen within the last `ttlSeconds`; at most `capacity` kept (oldest dropped). */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly capacity = 10_000,
  ) {}

  /** True the first time a digest is offered within its window, false for a replay. */
  admit(digest: string, nowSeconds: number): boolean {
    for (const [key, expires] of this.seen) {
      if (expires > nowSeconds && this.seen.size < this.capacity) break;
      this.seen.delete(key);
    }
    if (this.seen.has(digest)) return false;
    this.seen.set(digest, nowSeconds + this.ttlSeconds);
    return true;
  }
}

export interface RateLimitSettings {
  /** Requests a client may burst. */
  burst: number;
  /** Tokens regained per second. */
  perSecond: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitSettings = { burst: 30, perSecond: 1 };

/** Token bucket per client key; at most `capacity` clients remembered. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly settings: RateLimitSettings = DEFAULT_RATE_LIMIT,
    private readonly capacity = 10_000,
  ) {}

  /** Seconds to wait before the next request is allowed; 0 when it is allowed now (and a token is taken). */
  take(key: string, nowSeconds: number): number {
    const { burst, perSecond } = this.settings;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: nowSeconds };
    const tokens = Math.min(burst, bucket.tokens + Math.max(0, nowSeconds - bucket.at) * perSecond);
    this.buckets.delete(key);
    if (this.buckets.size >= this.capacity) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: nowSeconds });
      return Math.ceil((1 - tokens) / perSecond);
    }
    this.buckets.set(key, { tokens: tokens - 1, at: nowSeconds });
    return 0;
  }
}
