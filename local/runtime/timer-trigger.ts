import type { Clock, TimerId } from '../cloud/core/contracts';
import { parseSchedule } from './schedule';

// FC timer trigger on the simulated clock: at each firing time the function
// is invoked asynchronously with `{triggerTime, triggerName, payload}`.

export interface TimerTriggerTarget {
  functionName: string;
  triggerName: string;
  cronExpression: string;
  payload: string;
  clock: Clock;
  /** Async invocation (what FC does for timers). */
  invokeAsync(event: Buffer): void;
}

export interface RunningTimer {
  /** Simulated epoch ms of the next firing. */
  nextFireMs(): number;
  stop(): void;
}

export function startTimerTrigger(target: TimerTriggerTarget): RunningTimer {
  const schedule = parseSchedule(target.cronExpression);
  const { clock } = target;
  let next = schedule.nextAfter(clock.now());
  let timer: TimerId | undefined;
  let stopped = false;

  const arm = () => {
    timer = clock.schedule(Math.max(0, (next - clock.now()) / 1000), fire, `fc:timer:${target.functionName}/${target.triggerName}`);
  };
  function fire(): void {
    if (stopped) return;
    const event = { triggerTime: clock.iso(next), triggerName: target.triggerName, payload: target.payload };
    target.invokeAsync(Buffer.from(JSON.stringify(event), 'utf8'));
    next = schedule.nextAfter(next);
    arm();
  }
  arm();
  return {
    nextFireMs: () => next,
    stop() {
      stopped = true;
      if (timer !== undefined) clock.cancel(timer);
    },
  };
}
