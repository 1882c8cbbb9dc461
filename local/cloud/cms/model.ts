// CloudMonitor state of one world: metric overrides set by tests or the
// admin API. Everything else is derived on each query from the ECS model
// (which instances exist, whether they run, whether they are healthy) and the
// clock, so there is nothing to keep in sync with ECS.
import type { EcsInstanceRecord, RegionWorld } from '../core/contracts';
import { bandFor, fixedSample, sample, type SampledValue } from './metrics';

export interface Datapoint extends SampledValue {
  timestamp: number;
  userId: string;
  instanceId: string;
}

export interface MetricQuery {
  namespace: string;
  metricName: string;
  /** Instances named by the Dimensions; undefined = every instance of the world. */
  instanceIds: string[] | undefined;
  periodSeconds: number;
  /** Exclusive start, inclusive end (CloudMonitor's "left open, right closed"). */
  startMs: number;
  endMs: number;
}

/** A fixed value one instance reports for one metric, until cleared. */
export interface MetricOverride {
  instanceId: string;
  metricName: string;
  /** Undefined = the metric in every namespace. */
  namespace?: string;
  value: number;
}

export class CmsModel {
  private overrides: MetricOverride[] = [];

  constructor(private readonly world: RegionWorld) {}

  setOverride(override: MetricOverride): void {
    this.clearOverride(override.instanceId, override.metricName, override.namespace);
    this.overrides.push(override);
  }

  clearOverride(instanceId: string, metricName: string, namespace?: string): void {
    this.overrides = this.overrides.filter(
      (o) => !(o.instanceId === instanceId && o.metricName === metricName && o.namespace === namespace),
    );
  }

  listOverrides(): MetricOverride[] {
    return this.overrides.map((o) => ({ ...o }));
  }

  /**
   * One datapoint per instance and period. A period counts when it overlaps
   * the instance's life so far and the instance is Running now; a stopped or
   * deleted instance reports nothing, as a real agent would not.
   */
  query(q: MetricQuery): Datapoint[] {
    const band = bandFor(q.namespace, q.metricName, this.world.accountId);
    const periodMs = q.periodSeconds * 1000;
    const nowMs = this.world.clock.now();
    const endMs = Math.min(q.endMs, nowMs);
    const points: Datapoint[] = [];
    for (const instance of this.instances(q.instanceIds)) {
      if (instance.status !== 'Running') continue;
      const override = this.overrideFor(instance.instanceId, q.namespace, q.metricName);
      const valueAt =
        override !== undefined
          ? () => fixedSample(override)
          : band
            ? (ts: number) =>
                sample(band, instance.healthy, `${instance.instanceId}:${q.namespace}:${q.metricName}:${ts}`)
            : undefined;
      if (!valueAt) continue;
      const bornMs = Date.parse(instance.creationTime);
      const firstPeriod = Math.floor(q.startMs / periodMs) * periodMs + periodMs;
      for (let ts = firstPeriod; ts <= endMs; ts += periodMs) {
        if (ts + periodMs <= bornMs) continue;
        const value = valueAt(ts);
        points.push({ timestamp: ts, userId: this.world.accountId, instanceId: instance.instanceId, ...value });
      }
    }
    return points;
  }

  private overrideFor(instanceId: string, namespace: string, metricName: string): number | undefined {
    const matches = this.overrides.filter((o) => o.instanceId === instanceId && o.metricName === metricName);
    return (matches.find((o) => o.namespace === namespace) ?? matches.find((o) => o.namespace === undefined))?.value;
  }

  private instances(ids: string[] | undefined): EcsInstanceRecord[] {
    if (ids === undefined) return listInstances(this.world);
    return ids.map((id) => this.world.ecs.findInstance(id)).filter((i): i is EcsInstanceRecord => i !== undefined);
  }
}

function listInstances(world: RegionWorld): EcsInstanceRecord[] {
  const ecs = world.ecs as RegionWorld['ecs'] & { listInstances?: () => EcsInstanceRecord[] };
  return typeof ecs.listInstances === 'function' ? ecs.listInstances() : [];
}

// Keyed by world: a fresh world (after reset) starts without overrides, and
// nothing outlives the world it belongs to.
const models = new WeakMap<RegionWorld, CmsModel>();

export function cmsModelOf(world: RegionWorld): CmsModel {
  let model = models.get(world);
  if (!model) {
    model = new CmsModel(world);
    models.set(world, model);
  }
  return model;
}
