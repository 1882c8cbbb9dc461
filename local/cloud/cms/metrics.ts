// What the local CloudMonitor knows how to simulate: per instance, one value
// per period, derived from the instance's simulated health. Values are a
// deterministic hash of (instance, metric, period start), so a test that asks
// twice gets the same numbers, and healthy/unhealthy bands never overlap.
import { createHash } from 'node:crypto';

export interface MetricBand {
  /** Average of a healthy instance lies in [low, high). */
  healthy: readonly [number, number];
  /** Average of an unhealthy instance lies in [low, high). */
  unhealthy: readonly [number, number];
  /** Spread of Minimum/Maximum around the average. */
  spread: number;
  /** Values are clamped into this range (percentages stay within 0..100). */
  floor: number;
  ceiling: number;
}

const PERCENT = { floor: 0, ceiling: 100 } as const;

/** ECS basic metrics (namespace `acs_ecs_dashboard`). */
export const ECS_DASHBOARD_METRICS: Readonly<Record<string, MetricBand>> = {
  CPUUtilization: { healthy: [20, 40], unhealthy: [92, 99], spread: 4, ...PERCENT },
  cpu_total: { healthy: [20, 40], unhealthy: [92, 99], spread: 4, ...PERCENT },
  memory_usedutilization: { healthy: [35, 55], unhealthy: [88, 97], spread: 2, ...PERCENT },
  load_1m: { healthy: [0.2, 1.5], unhealthy: [6, 12], spread: 0.3, floor: 0, ceiling: 1000 },
};

/**
 * Custom metrics an application would report (namespace
 * `acs_customMetric_<accountId>`): the share of 5xx answers, in percent.
 */
export const CUSTOM_METRICS: Readonly<Record<string, MetricBand>> = {
  error_rate: { healthy: [0, 0.5], unhealthy: [20, 40], spread: 0.2, ...PERCENT },
};

export const ECS_NAMESPACE = 'acs_ecs_dashboard';
export const CUSTOM_NAMESPACE_PREFIX = 'acs_customMetric_';

export function bandFor(namespace: string, metricName: string, accountId: string): MetricBand | undefined {
  if (namespace === ECS_NAMESPACE) return ECS_DASHBOARD_METRICS[metricName];
  if (namespace === `${CUSTOM_NAMESPACE_PREFIX}${accountId}`) return CUSTOM_METRICS[metricName];
  return undefined;
}

export interface SampledValue {
  Minimum: number;
  Average: number;
  Maximum: number;
}

/** The aggregated value of one period for one instance. */
export function sample(band: MetricBand, healthy: boolean, key: string): SampledValue {
  const [low, high] = healthy ? band.healthy : band.unhealthy;
  const average = clamp(low + (high - low) * unitHash(`${key}:avg`), band);
  const below = band.spread * unitHash(`${key}:min`);
  const above = band.spread * unitHash(`${key}:max`);
  return {
    Minimum: round(clamp(average - below, band)),
    Average: round(average),
    Maximum: round(clamp(average + above, band)),
  };
}

/** The same value a fixed override gives for every period. */
export function fixedSample(value: number): SampledValue {
  return { Minimum: value, Average: value, Maximum: value };
}

function unitHash(text: string): number {
  const digest = createHash('sha256').update(text).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000;
}

function clamp(value: number, band: MetricBand): number {
  return Math.min(band.ceiling, Math.max(band.floor, value));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
