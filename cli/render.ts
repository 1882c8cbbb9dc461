// Human output: tables, coloured only when stdout is a terminal.
import Table from 'cli-table3';
import { createColors } from 'picocolors';
import type {
  EventsReport,
  FreezeReport,
  GroupActionReport,
  GroupStatus,
  PlanReport,
  RolloutReport,
  StatusReport,
  ValidateReport,
} from '../shared/operations/index';
import type { DeployWarning } from '../shared/domain/health-check-vpc';
import { formatProblem } from '../shared/operations/index';

export type Colors = ReturnType<typeof createColors>;
export const colorsFor = (tty: boolean): Colors => createColors(tty);

function table(head: string[], rows: string[][], c: Colors): string {
  const t = new Table({ head: head.map((h) => c.bold(h)), style: { head: [], border: [] } });
  t.push(...rows);
  return t.toString();
}

const short = (s: string | undefined, n = 24): string =>
  s === undefined ? '-' : s.length > n ? `${s.slice(0, n - 1)}…` : s;

function phaseColour(c: Colors, phase: string): string {
  if (phase === 'held' || phase === 'rolling back' || phase === 'cancelling') return c.red(phase);
  if (phase.startsWith('paused')) return c.yellow(phase);
  return c.cyan(phase);
}

function verdictColour(c: Colors, verdict: string, reason: string): string {
  if (verdict === 'satisfied') return c.green('satisfied');
  if (verdict === 'start') return c.cyan('start');
  if (reason === 'rejected-revision' || reason === 'attempts-exhausted') return c.red(`wait: ${reason}`);
  return c.yellow(verdict === 'wait' ? `wait: ${reason}` : verdict);
}

function windowText(g: GroupStatus): string {
  const w = g.kinds[0]?.window;
  if (w === undefined || w.always) return '-';
  if (w.open) return `open${w.closesAt ? ` until ${w.closesAt}` : ''}`;
  return `${w.reason ?? 'closed'}${w.nextOpensAt ? `, opens ${w.nextOpensAt}` : ''}`;
}

export function renderStatus(report: StatusReport, c: Colors): string {
  const rows = report.groups.flatMap((g) =>
    (g.kinds.length === 0 ? [undefined] : g.kinds).map((k, i) => {
      const r = g.rollout;
      const rollout =
        r === undefined || i > 0
          ? '-'
          : `${phaseColour(c, r.phase)} ${r.batch ? `batch ${r.batch.index}/${r.batch.total} ` : ''}${r.instances.updated}/${r.instances.total} ` +
            `${short(r.executionId, 26)}`;
      return [
        i === 0 ? `${g.name}${g.paused ? c.yellow(' (paused)') : ''}` : '',
        k?.kind ?? '-',
        short(k?.current),
        short(k?.desired),
        k === undefined ? '-' : verdictColour(c, k.decision.verdict, k.decision.reason),
        rollout,
        i === 0
          ? g.gate?.verdict === undefined
            ? '-'
            : `${g.gate.verdict}×${g.gate.count ?? 1} (${g.gate.phase})${g.gate.reasons?.[0] === undefined ? '' : `\n${short(g.gate.reasons[0], 40)}`}`
          : '',
        i === 0 ? (g.rejected === undefined ? '-' : c.red(short(g.rejected))) : '',
        i === 0 ? windowText(g) : '',
      ];
    }),
  );
  const frozen =
    report.freeze === undefined
      ? ''
      : `${c.red(`FROZEN (${report.freeze.by}${report.freeze.since === undefined ? '' : ` since ${report.freeze.since}`}): ${report.freeze.reason}`)}\n`;
  const columns = ['group', 'kind', 'current', 'desired', 'plan', 'rollout', 'gate', 'rejected', 'window'];
  return `${frozen}${table(columns, rows, c)}\n${c.dim(`at ${report.at} in ${report.region}`)}`;
}

export function renderFreeze(report: FreezeReport & { policyFreeze?: string }, c: Colors): string {
  const result = report.result === 'updated' ? c.green('updated') : c.dim('unchanged');
  const what = report.frozen ? `frozen: ${report.reason ?? ''}` : 'not frozen by the freeze operation';
  const policy =
    report.policyFreeze === undefined
      ? ''
      : `\n${c.yellow(`the policy file still freezes: ${report.policyFreeze} (remove its freeze key and deploy)`)}`;
  return `${report.frozen ? 'freeze' : 'unfreeze'}: ${result} — ${what}${policy}`;
}

export function renderPlan(report: PlanReport, c: Colors): string {
  const rows = report.groups.map((g) => [
    g.name,
    g.kind ?? '-',
    short(g.revision),
    verdictColour(c, g.verdict, g.rule),
    short(g.detail, 70),
    g.recheckAt ?? '-',
  ]);
  return `${table(['group', 'kind', 'revision', 'decision', 'why', 'recheck at'], rows, c)}\n${c.dim(`plan at ${report.at} (nothing was changed)`)}`;
}

export function renderRollout(report: RolloutReport, c: Colors): string {
  const fate = (f: string) =>
    f === 'started' || f === 'running'
      ? c.cyan(f)
      : f === 'blocked'
        ? c.red(f)
        : f === 'satisfied'
          ? c.green(f)
          : c.yellow(f);
  const rows = report.groups.map((g) => [
    g.name,
    g.tag,
    fate(g.fate),
    g.executionId ?? '-',
    g.opensAt ?? '-',
    short(g.detail, 60),
  ]);
  return `${table(['group', 'desired tag', 'what happens', 'execution', 'window opens', 'why'], rows, c)}\n${report.kind} ${report.revision}: ${report.result}`;
}

export function renderAction(report: GroupActionReport, c: Colors): string {
  const result = report.result === 'done' ? c.green('done') : c.dim('unchanged');
  return `${report.action} ${report.name}: ${result} — ${report.detail}${report.executionId ? ` (${report.executionId})` : ''}`;
}

export function renderEvents(report: EventsReport, c: Colors): string {
  const rows = report.events.map((e) => [e.at, e.type, e.groupId ?? '-', e.executionId ?? '-', short(e.message, 70)]);
  return table(['at', 'type', 'group', 'execution', 'message'], rows, c);
}

export function renderValidate(
  file: string,
  report: ValidateReport,
  c: Colors,
  deploy: { sYaml: string | undefined; warnings: readonly DeployWarning[] },
): string {
  const lines = report.ok ? [c.green(`${file}: valid`)] : report.problems.map((p) => c.red(formatProblem(file, p)));
  if (deploy.sYaml === undefined)
    lines.push(c.dim('no s.yaml beside the policy or here: deploy settings not checked (--s-yaml FILE)'));
  else lines.push(...deploy.warnings.map((w) => c.yellow(`${deploy.sYaml}: ${w.field}: warning: ${w.message}`)));
  return lines.join('\n');
}
