// Simulated time for the whole local cloud. Every duration (image builds,
// instance launches, command runs, OOS batches) is a task on this clock, so
// tests drive time explicitly and the CLI can run it faster than real time.
import type { Clock, TimerId } from './contracts';

interface ScheduledTask {
  id: TimerId;
  dueMs: number;
  /** Insertion order: tasks due at the same instant run first-scheduled first. */
  seq: number;
  label: string;
  run: () => void;
}

export interface SimClockOptions {
  /** Simulated epoch ms at start; default: real now, truncated to the second. */
  startMs?: number;
  /** Called when a task throws; the clock keeps going. Default: print to stderr. */
  onTaskError?: (label: string, error: unknown) => void;
}

export class SimClock implements Clock {
  private nowMs: number;
  private readonly heap: ScheduledTask[] = [];
  private readonly cancelled = new Set<TimerId>();
  private nextId = 1;
  private nextSeq = 0;
  private advancing = false;
  private readonly onTaskError: (label: string, error: unknown) => void;

  constructor(options: SimClockOptions = {}) {
    this.nowMs = options.startMs ?? Math.floor(Date.now() / 1000) * 1000;
    this.onTaskError =
      options.onTaskError ?? ((label, error) => console.error(`local cloud: scheduled task "${label}" failed:`, error));
  }

  now(): number {
    return Math.floor(this.nowMs);
  }

  iso(ms?: number): string {
    return new Date(Math.floor((ms ?? this.nowMs) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  }

  schedule(delaySeconds: number, task: () => void, label = 'task'): TimerId {
    if (!Number.isFinite(delaySeconds) || delaySeconds < 0)
      throw new RangeError(`delaySeconds must be >= 0, got ${delaySeconds}`);
    const entry: ScheduledTask = {
      id: this.nextId++,
      dueMs: this.nowMs + delaySeconds * 1000,
      seq: this.nextSeq++,
      label,
      run: task,
    };
    this.push(entry);
    return entry.id;
  }

  cancel(id: TimerId): void {
    if (this.heap.some((t) => t.id === id)) this.cancelled.add(id);
  }

  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`seconds must be >= 0, got ${seconds}`);
    // A task that advances the clock would run later tasks inside an earlier one.
    if (this.advancing) throw new Error('clock.advance() called from inside a scheduled task');
    this.advancing = true;
    const targetMs = this.nowMs + seconds * 1000;
    try {
      for (let next = this.peek(); next && next.dueMs <= targetMs; next = this.peek()) {
        this.pop();
        if (this.cancelled.delete(next.id)) continue;
        this.nowMs = Math.max(this.nowMs, next.dueMs);
        try {
          next.run();
        } catch (error) {
          this.onTaskError(next.label, error);
        }
      }
      this.nowMs = targetMs;
    } finally {
      this.advancing = false;
    }
  }

  nextDueIn(): number | undefined {
    this.dropCancelledHead();
    const next = this.heap[0];
    return next === undefined ? undefined : Math.max(0, (next.dueMs - this.nowMs) / 1000);
  }

  /** Pending task labels in due order (for the admin state view). */
  pending(): Array<{ label: string; dueIn: number }> {
    return this.heap
      .filter((t) => !this.cancelled.has(t.id))
      .sort(compareTasks)
      .map((t) => ({ label: t.label, dueIn: Math.max(0, (t.dueMs - this.nowMs) / 1000) }));
  }

  /** Drops every pending task (reset of the cloud). */
  clear(): void {
    this.heap.length = 0;
    this.cancelled.clear();
  }

  private dropCancelledHead(): void {
    for (let head = this.peek(); head && this.cancelled.has(head.id); head = this.peek()) {
      this.pop();
      this.cancelled.delete(head.id);
    }
  }

  private peek(): ScheduledTask | undefined {
    return this.heap[0];
  }

  private push(task: ScheduledTask): void {
    const heap = this.heap;
    heap.push(task);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compareTasks(heap[i]!, heap[parent]!) >= 0) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): ScheduledTask | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && compareTasks(heap[left]!, heap[smallest]!) < 0) smallest = left;
      if (right < heap.length && compareTasks(heap[right]!, heap[smallest]!) < 0) smallest = right;
      if (smallest === i) break;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
    return top;
  }
}

function compareTasks(a: ScheduledTask, b: ScheduledTask): number {
  return a.dueMs - b.dueMs || a.seq - b.seq;
}

/** What the real-time driver needs from the machine (injectable so tests need no real time). */
export interface RealTimeSource {
  now(): number;
  every(ms: number, tick: () => void): () => void;
}

const machineTime: RealTimeSource = {
  now: () => performance.now(),
  every: (ms, tick) => {
    const timer = setInterval(tick, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/**
 * Lets simulated time flow with real time: `timeScale` simulated seconds per
 * real second, advanced in small ticks by the scaled real time elapsed since
 * the last tick. `timeScale` 0 leaves the clock to advance() alone. Returns a stop function.
 */
export function startRealTimeDriver(
  clock: Clock,
  timeScale: number,
  tickMs = 20,
  source: RealTimeSource = machineTime,
): () => void {
  if (!(timeScale > 0)) return () => undefined;
  let last = source.now();
  return source.every(tickMs, () => {
    const nowReal = source.now();
    const elapsedSeconds = ((nowReal - last) / 1000) * timeScale;
    last = nowReal;
    clock.advance(elapsedSeconds);
  });
}
