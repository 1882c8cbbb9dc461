// A CloudMonitor metric threshold over a window: the statistic of each
// instance's datapoints in [now − window, now] must satisfy the comparison.
// No datapoints yet is not a failure (a new instance reports after a period):
// the instance waits.
import type { Checks } from '../../domain/policy';
import type { MetricDatapoint } from '../../cloud/cms';
import type { Check } from './context';
import { chunks, measured } from './context';

type MetricCheck = NonNullable<Checks['metric']>;

const PERIOD_SECONDS = 60;
/** Instances per query: keeps the Dimensions parameter short for large groups. */
const INSTANCES_PER_QUERY = 50;

export function aggregate(statistic: MetricCheck['statistic'], points: readonly MetricDatapoint[]): number | undefined {
  const values = points
    .map((p) => {
      const own = p[statistic];
      if (typeof own === 'number') return own;
      // Custom metrics may only carry Value/Average.
      const fallback = p.Average ?? p.Value;
      return typeof fallback === 'number' ? fallback : undefined;
    })
    .filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (values.length === 0) return undefined;
  switch (statistic) {
    case 'Average':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'Maximum':
      return Math.max(...values);
    case 'Minimum':
      return Math.min(...values);
    case 'Sum':
      return values.reduce((a, b) => a + b, 0);
  }
}

export function holds(value: number, comparison: MetricCheck['comparison'], threshold: number): boolean {
  switch (comparison) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
  }
}

export function metricCheck(settings: MetricCheck): Check {
  return async ({ instances, deps }) => {
    if (instances.length === 0) return new Map();
    const endTime = deps.now();
    const startTime = endTime - settings.windowSeconds * 1000;
    const pages = await Promise.all(
      chunks(instances, INSTANCES_PER_QUERY).map((some) =>
        deps.cms.listAllMetricData({
          namespace: settings.namespace,
          metricName: settings.metricName,
          dimensions: some.map((i) => ({ instanceId: i.instanceId })),
          period: PERIOD_SECONDS,
          startTime,
          endTime,
        }),
      ),
    );
    const points = pages.flat();
    const label = `${settings.metricName} ${settings.statistic} over ${settings.windowSeconds}s`;
    return new Map(
      instances.map(({ instanceId }) => {
        const mine = points.filter((p) => p.instanceId === instanceId);
        const value = aggregate(settings.statistic, mine);
        const base = {
          namespace: settings.namespace,
          metricName: settings.metricName,
          statistic: settings.statistic,
          threshold: settings.threshold,
          comparison: settings.comparison,
          datapoints: mine.length,
        };
        if (value === undefined)
          return [instanceId, measured('pending', `${label}: no datapoints yet`, { ...base, value: null })];
        const rounded = Math.round(value * 100) / 100;
        const values = { ...base, value: rounded };
        return holds(value, settings.comparison, settings.threshold)
          ? [
              instanceId,
              measured(
                'healthy',
                `${label} = ${rounded} (healthy when ${settings.comparison} ${settings.threshold})`,
                values,
              ),
            ]
          : [
              instanceId,
              measured(
                'unhealthy',
                `${label} = ${rounded}, healthy only when ${settings.comparison} ${settings.threshold}`,
                values,
              ),
            ];
      }),
    );
  };
}
