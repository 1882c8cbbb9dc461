import { pino, type Logger } from 'pino';

/**
 * One JSON line per log record. Every record about a rollout carries the
 * correlation fields below, so an operator can follow one rollout through
 * image-events → reconcile → gate → notifier with a single filter.
 */
export interface Correlation {
  groupId?: string;
  executionId?: string;
  campaignId?: string;
}

export type { Logger };

export function createLogger(fn: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { fn },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}

export function withCorrelation(log: Logger, ids: Correlation): Logger {
  const bindings = Object.fromEntries(Object.entries(ids).filter(([, v]) => v !== undefined));
  return log.child(bindings);
}
