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

/** `fd` 2 sends the lines to stderr (the CLI, whose stdout is its answer); default stdout, as FC collects it. */
export function createLogger(fn: string, level = process.env.LOG_LEVEL ?? 'info', fd: 1 | 2 = 1): Logger {
  const options = {
    level,
    base: { fn },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return fd === 1 ? pino(options) : pino(options, pino.destination({ fd, sync: true }));
}

export function withCorrelation(log: Logger, ids: Correlation): Logger {
  const bindings = Object.fromEntries(Object.entries(ids).filter(([, v]) => v !== undefined));
  return log.child(bindings);
}
