import { CronExpressionParser } from 'cron-parser';

// FC timer trigger schedules: `@every 1m` / `@every 1h30m` (Go-style
// duration, at least one minute on FC) or a six-field cron expression,
// seconds first, optionally prefixed `CRON_TZ=<IANA zone> ` (UTC otherwise).

export class ScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleError';
  }
}

export interface Schedule {
  /** Epoch ms of the first firing strictly after `afterMs`. */
  nextAfter(afterMs: number): number;
}

function everySeconds(spec: string): number | undefined {
  const m = /^@every\s+((?:\d+h)?(?:\d+m)?(?:\d+s)?)$/.exec(spec.trim());
  if (!m || m[1] === '') return undefined;
  const part = (unit: string) => Number(new RegExp(`(\\d+)${unit}`).exec(m[1] ?? '')?.[1] ?? 0);
  return part('h') * 3600 + part('m') * 60 + part('s');
}

export function parseSchedule(expression: string): Schedule {
  const text = expression.trim();
  if (text.startsWith('@every')) {
    const seconds = everySeconds(text);
    if (seconds === undefined || seconds <= 0)
      throw new ScheduleError(`"${expression}" is not an @every duration such as @every 1m or @every 1h30m`);
    // Fires every interval from when the trigger starts (what FC does for @every).
    return { nextAfter: (afterMs) => afterMs + seconds * 1000 };
  }
  const tzMatch = /^CRON_TZ=(\S+)\s+(.*)$/.exec(text);
  const tz = tzMatch?.[1] ?? 'UTC';
  const cron = tzMatch?.[2] ?? text;
  if (cron.split(/\s+/).length !== 6)
    throw new ScheduleError(
      `"${expression}" must have six fields (seconds minutes hours day-of-month month day-of-week)`,
    );
  try {
    CronExpressionParser.parse(cron, { tz, currentDate: new Date(0) });
  } catch (error) {
    throw new ScheduleError(
      `"${expression}" is not a valid cron expression: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return {
    nextAfter(afterMs) {
      return CronExpressionParser.parse(cron, { tz, currentDate: new Date(afterMs) })
        .next()
        .getTime();
    },
  };
}
