// plan: what a reconcile would do now, or at a given instant, group by group
// with the rule that decided it. Reads the cloud and changes nothing.
import type { WaitAction } from '../domain/actions';
import type { ControllerDeps } from '../controller/deps';
import { OperationError } from './errors';
import { readView } from './view';

export interface PlannedGroup {
  groupId: string;
  name: string;
  target?: string;
  kind?: string;
  revision?: string;
  verdict: string;
  /** The rule that decided: `start`, `satisfied`, or a wait reason (`window-closed`, `rejected-revision`, `soaking`, …). */
  rule: string;
  detail: string;
  /** When planning again may answer differently (a window opens, a soak ends). */
  recheckAt?: string;
}

export interface PlanReport {
  at: string;
  groups: PlannedGroup[];
}

/** An instant from `--at` / `?at=`: ISO 8601 with a zone, or Unix seconds. */
export function parseAt(value: string | undefined, field = 'at'): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = /^\d{9,11}$/.test(value)
    ? Number(value) * 1000
    : /T.*(Z|[+-]\d\d:?\d\d)$/i.test(value)
      ? Date.parse(value)
      : Number.NaN;
  if (Number.isNaN(ms))
    throw new OperationError(
      'bad-request',
      `${field} is not an instant: ${value}`,
      field,
      'ISO 8601 with a zone (2026-12-05T22:00:00+08:00) or Unix seconds',
    );
  return new Date(ms);
}

export async function planAt(deps: ControllerDeps, at?: Date): Promise<PlanReport> {
  const view = await readView(deps, at);
  const names = new Map(view.snapshot.groups.map((g) => [g.id, g.name]));
  const groups = view.plan.decisions
    .filter((d) => d.verdict !== 'unmanaged')
    .map((d): PlannedGroup => {
      const wait = view.plan.actions.find(
        (a): a is WaitAction => a.type === 'wait' && a.groupId === d.groupId && a.reason === d.reason,
      );
      return {
        groupId: d.groupId,
        name: names.get(d.groupId) ?? d.groupId,
        ...(d.targetName === undefined ? {} : { target: d.targetName }),
        ...(d.kind === undefined ? {} : { kind: d.kind }),
        ...(d.revision === undefined ? {} : { revision: d.revision }),
        verdict: d.verdict,
        rule: d.reason,
        detail: d.detail,
        ...(wait?.recheckAt === undefined ? {} : { recheckAt: wait.recheckAt }),
      };
    });
  return { at: view.at.toISOString(), groups };
}
