// Maintenance windows as the policy writes them: a schedule of openings (cron
// or rate) in a time zone, how long each stays open, and the dates it stays shut.
import { Cron } from 'croner';
import * as z from 'zod';
import { isCalendarDate, isValidTimeZone } from '../zoned-time';
import { NameSchema } from './common';

/**
 * How a window's cron is read (croner): 5 fields (minute first) or 6 (second
 * first); when day of month and day of week are both restricted a day matching
 * either counts (Vixie cron's rule, and cron-parser's before); `5/15` means
 * `5-59/15`. It matches wall-clock time as if it were UTC: the window's zone is
 * applied by window-schedule.ts, which decides what skipped and repeated wall
 * times mean.
 */
export function cronPattern(expression: string): Cron {
  return new Cron(expression, { utcOffset: 0, mode: '5-or-6-parts', sloppyRanges: true, domAndDow: false });
}

/** A cron expression with 5 (minute first) or 6 (second first) fields. */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) return `expected 5 or 6 fields, got ${fields.length}`;
  // Hashed fields (H) pick a time from a seed or at random: a window must open at the same time on every run.
  if (fields.some((f) => /(^|[,/-])H(?=$|[(/,-])/i.test(f))) return 'hashed fields (H) are not allowed';
  // croner's `+` before the day of week ANDs it with the day of month; rollgate's rule is OR (see cronPattern).
  if (fields.at(-1)?.startsWith('+')) return "'+' before the day of week is not supported";
  try {
    if (cronPattern(expression).nextRun(new Date(0)) === null) return 'it matches no date (e.g. 30 February)';
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** `<n>m`, `<n>h` (fixed elapsed time) or `<n>d` (calendar days in the window's zone). */
export const RATE_PATTERN = /^([1-9]\d{0,4})(m|h|d)$/;

const DateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((d) => isCalendarDate(d), {
    message: 'not a calendar date',
    params: { allowed: 'a real date, YYYY-MM-DD' },
  });

/** One date, or an inclusive range of dates, read in the window's zone. */
export const BlackoutSchema = z.union([
  DateSchema,
  z.strictObject({ from: DateSchema, to: DateSchema }).refine((r) => r.from <= r.to, {
    message: 'from is after to',
    path: ['to'],
    params: { allowed: 'to on or after from' },
  }),
]);
export type Blackout = z.infer<typeof BlackoutSchema>;

export const WINDOW_RESUME = ['next-window', 'rollback'] as const;

const WindowFieldsSchema = z.strictObject({
  cron: z
    .string()
    .min(1)
    .optional()
    .describe('when the window opens: cron with 5 fields (or 6, seconds first), in timeZone'),
  rate: z
    .string()
    .optional()
    .describe(
      'instead of cron: an opening every <n>m, <n>h or <n>d, counted from startDate (or 1970-01-01) at 00:00 in timeZone',
    ),
  durationMinutes: z.int().min(1).max(10080).describe('how long the window stays open (elapsed minutes)'),
  timeZone: z.string().default('UTC').describe('IANA time zone, e.g. Asia/Shanghai'),
  cutoffMinutes: z.int().min(0).default(0).describe('no rollout or batch starts in the last N minutes of the window'),
  blackoutDates: z
    .array(BlackoutSchema)
    .default([])
    .describe('dates or {from, to} ranges (in timeZone) on which the window stays closed'),
  startDate: DateSchema.optional().describe('first date (in timeZone) the window may open'),
  endDate: DateSchema.optional().describe('last date (in timeZone) the window may open'),
  resume: z
    .enum(WINDOW_RESUME)
    .default('next-window')
    .describe(
      'a rollout still running at the cutoff stops at its next batch pause, then: next-window (continue in the next window) or rollback',
    ),
});

function checkWindow(w: z.infer<typeof WindowFieldsSchema>, ctx: z.RefinementCtx): void {
  if ((w.cron === undefined) === (w.rate === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [],
      message: 'a window needs exactly one of cron, rate',
      params: { allowed: 'cron: "0 22 * * 1-5" or rate: "6h"' },
    });
  }
  const problem = w.cron === undefined ? undefined : cronProblem(w.cron);
  if (problem !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['cron'],
      message: `invalid cron: ${problem}`,
      params: { allowed: 'cron with 5 or 6 fields, e.g. "0 2 * * 1-5"' },
    });
  }
  if (w.rate !== undefined && !RATE_PATTERN.test(w.rate)) {
    ctx.addIssue({
      code: 'custom',
      path: ['rate'],
      message: `invalid rate ${w.rate}`,
      params: { allowed: 'a whole number then m, h or d, e.g. "90m", "6h", "1d"' },
    });
  }
  if (!isValidTimeZone(w.timeZone)) {
    ctx.addIssue({
      code: 'custom',
      path: ['timeZone'],
      message: `unknown time zone ${w.timeZone}`,
      params: { allowed: 'an IANA time zone name, e.g. Asia/Shanghai, UTC' },
    });
  }
  if (w.cutoffMinutes >= w.durationMinutes) {
    ctx.addIssue({
      code: 'custom',
      path: ['cutoffMinutes'],
      message: `cutoffMinutes ${w.cutoffMinutes} leaves no time in a ${w.durationMinutes}-minute window`,
      params: { allowed: `less than durationMinutes (${w.durationMinutes})` },
    });
  }
  if (w.startDate !== undefined && w.endDate !== undefined && w.endDate < w.startDate) {
    ctx.addIssue({
      code: 'custom',
      path: ['endDate'],
      message: 'endDate is before startDate',
      params: { allowed: `a date on or after ${w.startDate}` },
    });
  }
}

/** A window written inside a target. */
export const WindowSchema = WindowFieldsSchema.superRefine(checkWindow);
export type Window = z.infer<typeof WindowSchema>;

/**
 * A scheduled action: at every opening of the window, the target's groups run this script revision once, as a
 * gated rollout (the target must name the window and list the revision).
 */
export const ScheduledActionSchema = z
  .strictObject({
    target: NameSchema.describe('the script target whose groups run it'),
    script: z.string().min(1).max(64).describe('the script revision (one the target lists) to run'),
  })
  .describe("run a script revision on the target's groups once in every occurrence of this window");
export type ScheduledAction = z.infer<typeof ScheduledActionSchema>;

/** A window defined once at the top of the policy and named by targets. */
export const NamedWindowSchema = WindowFieldsSchema.extend({
  name: NameSchema.describe('what targets call this window'),
  action: ScheduledActionSchema.optional(),
}).superRefine(checkWindow);
export type NamedWindow = z.infer<typeof NamedWindowSchema>;

/** A target's window: the name of a policy window, or one written in place. */
export const TargetWindowSchema = z.union([NameSchema, WindowSchema]);
