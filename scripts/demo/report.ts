// The end of the demo: a summary table per group and the JSON report
// (`--report FILE`): every rollout and every rollgate event.
import { writeFileSync } from 'node:fs';
import { ROLLBACK_OF_TAG } from '../../shared/controller/gate/index';
import type { RollgateEvent } from '../../shared/domain/events';
import { EXECUTION_TAG } from '../../shared/domain/tags';
import { rolloutOutcome } from '../../shared/rollout-view/index';
import type { FleetView, GroupView } from './observe';

export interface RolloutRecord {
  group: string;
  executionId: string;
  kind: string;
  from: string;
  to: string;
  batches: number;
  status: string;
  simulatedSeconds: number | null;
  startDate: string | null;
  endDate: string | null;
}

export interface DemoReport {
  rollouts: RolloutRecord[];
  events: unknown[];
  /** Canary wave finished before any later wave started. */
  canaryFirst: boolean;
  unmanagedUntouched: boolean;
  converged: boolean;
}

/** Batches the template runs: batchNumber at most, each of ceil(instances / batchNumber) (Fn::CalculateBatch). */
function batchesRun(batchNumber: number, instances: number): number {
  if (instances === 0) return 0;
  return Math.ceil(instances / Math.ceil(instances / batchNumber));
}

function seconds(start: string | undefined, end: string | undefined): number | null {
  if (start === undefined || end === undefined) return null;
  return Math.round((Date.parse(end) - Date.parse(start)) / 1000);
}

export function buildReport(view: FleetView, events: unknown[], converged: boolean): DemoReport {
  const rollouts = view.groups.flatMap((g) =>
    g.executions.map((e): RolloutRecord => ({
      group: g.name,
      executionId: e.executionId,
      kind: e.tags[EXECUTION_TAG.kind] ?? 'manual',
      from: String(e.parameters['sourceImageId'] ?? ''),
      to: String(e.parameters['imageId'] ?? e.tags[EXECUTION_TAG.revision] ?? ''),
      batches: batchesRun(Number(e.parameters['batchNumber'] ?? 1) || 1, g.instances),
      status: e.status,
      simulatedSeconds: seconds(e.startDate, e.endDate),
      startDate: e.startDate ?? null,
      endDate: e.endDate ?? null,
    })),
  );
  const canaryEnds = view.groups
    .filter((g) => g.managed && g.wave === 'canary')
    .flatMap((g) => g.executions.map((e) => e.endDate ?? '9999'));
  const laterStarts = view.groups
    .filter((g) => g.managed && g.wave !== 'canary')
    .flatMap((g) => g.executions.map((e) => e.startDate ?? ''));
  const lastCanaryEnd = canaryEnds.sort().at(-1);
  const firstLaterStart = laterStarts.sort()[0];
  return {
    rollouts,
    events,
    canaryFirst: lastCanaryEnd !== undefined && (firstLaterStart === undefined || lastCanaryEnd <= firstLaterStart),
    unmanagedUntouched: view.groups.filter((g) => !g.managed).every((g) => g.executions.length === 0),
    converged,
  };
}

/** Events published more than once (`type ×n (id)`): every state change should be published exactly once. */
export function repeatedEvents(events: readonly unknown[]): string[] {
  const counts = new Map<string, { type: string; n: number }>();
  for (const e of events) {
    const { id, type } = (e ?? {}) as { id?: unknown; type?: unknown };
    if (typeof id !== 'string') continue;
    const seen = counts.get(id) ?? { type: String(type), n: 0 };
    counts.set(id, { ...seen, n: seen.n + 1 });
  }
  return [...counts.entries()].filter(([, c]) => c.n > 1).map(([id, c]) => `${c.type} ×${c.n} (${id})`);
}

function duration(s: number | null): string {
  if (s === null) return '-';
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** The group's executions of one revision (its rollouts and rollgate's rollbacks of them), oldest first. */
function executionsOf(g: GroupView, revision: string) {
  return g.executions.filter((e) => e.tags[EXECUTION_TAG.revision] === revision);
}

/**
 * One row per group for one revision: what it ran before, what it runs now, and how it ended (`rolled out`,
 * `rolled back`, `held`, `cancelled`, …; never an execution status, so a group back on its old image never reads
 * as a success).
 */
export function summaryTable(view: FleetView, opts: { revision: string; events: readonly RollgateEvent[] }): string {
  const held = new Set(
    opts.events.filter((e) => e.type === 'rollout.held' && e.executionId !== undefined).map((e) => e.executionId ?? ''),
  );
  const header = ['group', 'before', 'now', 'executions', 'batches', 'simulated', 'outcome'];
  const rows = view.groups.map((g) => {
    const mine = executionsOf(g, opts.revision);
    const first = mine.find((e) => e.tags[ROLLBACK_OF_TAG] === undefined);
    const before = String(first?.parameters['sourceImageId'] ?? g.configImageId ?? '-');
    const outcome = rolloutOutcome({
      executions: mine.map((e) => ({
        executionId: e.executionId,
        status: e.status,
        rollback: e.tags[ROLLBACK_OF_TAG] !== undefined,
      })),
      heldExecutionIds: held,
      now: g.configImageId,
      target: opts.revision,
    });
    const simulated = mine.reduce<number | null>((sum, e) => {
      const s = seconds(e.startDate, e.endDate);
      return s === null ? sum : (sum ?? 0) + s;
    }, null);
    return [
      `${g.name} (${g.groupId})`,
      before,
      g.configImageId ?? '-',
      String(mine.length),
      first ? String(batchesRun(Number(first.parameters['batchNumber'] ?? 1) || 1, g.instances)) : '-',
      duration(simulated),
      g.managed ? outcome : 'untouched (unmanaged)',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)].join('\n');
}

export function writeReport(file: string, report: DemoReport): void {
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
