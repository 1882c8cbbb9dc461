import { CronExpressionParser } from 'cron-parser';
import { IANAZone } from 'luxon';
import * as z from 'zod';

/** A cron expression with 5 (minute first) or 6 (second first) fields. */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) return `expected 5 or 6 fields, got ${fields.length}`;
  // Hashed fields (H) pick a time from a seed or at random: a window must open at the same time on every run.
  if (fields.some((f) => /(^|[,/-])H(?=$|[(/,-])/i.test(f))) return 'hashed fields (H) are not allowed';
  try {
    CronExpressionParser.parse(expression, { currentDate: 0, tz: 'UTC', strict: false });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export const WindowSchema = z
  .strictObject({
    cron: z.string().min(1).describe('when the window opens: cron with 5 fields (or 6, seconds first), in timeZone'),
    durationMinutes: z.int().min(1).max(10080).describe('how long the window stays open'),
    timeZone: z.string().default('UTC').describe('IANA time zone, e.g. Asia/Shanghai'),
    blackoutDates: z
      .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'))
      .default([])
      .describe('dates (in timeZone) on which the window stays closed'),
  })
  .superRefine((w, ctx) => {
    const problem = cronProblem(w.cron);
    if (problem !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['cron'], message: `invalid cron: ${problem}`, params: { allowed: 'cron with 5 or 6 fields, e.g. "0 2 * * 1-5"' } });
    }
    if (!IANAZone.isValidZone(w.timeZone)) {
      ctx.addIssue({ code: 'custom', path: ['timeZone'], message: `unknown time zone ${w.timeZone}`, params: { allowed: 'an IANA time zone name, e.g. Asia/Shanghai, UTC' } });
    }
  });
export type Window = z.infer<typeof WindowSchema>;
