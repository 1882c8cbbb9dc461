import type { Clock, TimerId } from '../../local/cloud/core/contracts';
import { parseSchedule } from './schedule';

// FC timer trigger on the simulated clock: at each firing time the function
// is invoked in the background with `{triggerTime, triggerName, payload}`.

export interface TimerTriggerTarget {
  functionName: string;
  triggerName: string;
  cronExpression: string;
  payload: string;
  clock: Clock;
  /** Runs the function (in the background); resolves when it has finished. */
  invoke(event: Buffer): Promise<unknown>;
  /** Told about firings dropped because runs piled up (only the latest waiting one is kept). */
  onSkip?(triggerTime: string): void;
}

export interface RunningTimer {
  /** Simulated epoch ms of the next firing. */
  nextFireMs(): number;
  /** Firings dropped because runs piled up. */
  skipped(): number;
  /** True while a run started by this trigger has not finished. */
  busy(): boolean;
  stop(): void;
}

export function startTimerTrigger(target: TimerTriggerTarget): RunningTimer {
  const schedule = parseSchedule(target.cronExpression);
  const { clock } = target;
  let next = schedule.nextAfter(clock.now());
  let timer: TimerId | undefined;
  let stopped = false;
  let running = false;
  let waiting: Buffer | undefined;
  let skipped = 0;

  const arm = () => {
    timer = clock.schedule(
      Math.max(0, (next - clock.now()) / 1000),
      fire,
      `fc:timer:${target.functionName}/${target.triggerName}`,
    );
  };
  function run(event: Buffer): void {
    running = true;
    const done = () => {
      running = false;
      const queued = waiting;
      waiting = undefined;
      if (queued && !stopped) run(queued);
    };
    target.invoke(event).then(done, done);
  }
  function fire(): void {
    if (stopped) return;
    const triggerTime = clock.iso(next);
    const event = Buffer.from(
      JSON.stringify({ triggerTime, triggerName: target.triggerName, payload: target.payload }),
      'utf8',
    );
    // Simulated time can run far faster than the function: a firing while the
    // previous run goes on waits for it, and of several such only the latest is kept.
    if (!running) run(event);
    else {
      if (waiting) {
        skipped += 1;
        target.onSkip?.(triggerTime);
      }
      waiting = event;
    }
    next = schedule.nextAfter(next);
    arm();
  }
  arm();
  return {
    nextFireMs: () => next,
    skipped: () => skipped,
    busy: () => running,
    stop() {
      stopped = true;
      if (timer !== undefined) clock.cancel(timer);
    },
  };
}
