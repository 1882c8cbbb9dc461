// Which (event, channel) pairs were already delivered. MNS delivers at least
// once, and two gates may publish the same fact: the event id is the same, so
// the second delivery is dropped. Kept per warm function instance (bounded);
// a cold start forgets, which at worst repeats a message.
export interface SeenDeliveries {
  has(key: string): boolean;
  add(key: string): void;
}

export function createSeenDeliveries(limit = 5000): SeenDeliveries {
  const keys = new Set<string>();
  return {
    has: (key) => keys.has(key),
    add(key) {
      keys.add(key);
      // Sets iterate in insertion order: drop the oldest beyond the limit.
      for (const oldest of keys) {
        if (keys.size <= limit) break;
        keys.delete(oldest);
      }
    },
  };
}
