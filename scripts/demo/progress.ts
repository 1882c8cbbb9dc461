// The demo's live view: the fleet as observed (observe.ts) and rollgate's
// events, drawn by the shared rollout view (shared/rollout-view/): redrawn in
// place on a terminal, plain lines on a pipe or with --no-progress.
import { createWriteStream } from 'node:fs';
import type { RollgateEvent } from '../../shared/domain/events';
import { createRolloutView, eventLine, type GroupProgress, type ViewOutput } from '../../shared/rollout-view/index';
import type { FleetView, GroupView } from './observe';

export interface ProgressView {
  render(view: FleetView): void;
  /** rollgate events, each named by the group's name and id. */
  events(events: readonly RollgateEvent[], view: FleetView): void;
  /** A line of its own below the events (a failed gate's reasons). */
  note(line: string): void;
  /** Ends the live block; resolves once it is written (the next output starts below it). */
  finish(): Promise<void>;
}

const PHASES: Record<string, string> = {
  'paused at batch gate': 'paused at gate',
  'unmanaged (not touched)': 'unmanaged',
};

export function groupProgress(g: GroupView): GroupProgress {
  const started = g.executions.at(-1)?.startDate;
  return {
    groupId: g.groupId,
    name: g.name,
    wave: g.wave,
    phase: PHASES[g.status] ?? g.status,
    updated: g.managed ? g.onGoal : 0,
    total: g.instances,
    batch: g.batch,
    rollback: g.rollingBack,
    rolloutStartedMs: started === undefined ? undefined : Date.parse(started),
  };
}

/**
 * Standard output for the live view, written through libuv's thread pool: a write to a terminal is synchronous in
 * Node, and a terminal that reads slowly would otherwise stall the process that also runs the local cloud and the
 * functions — the simulated clock does not wait for it.
 */
function terminalOutput(): { out: ViewOutput; drained: () => Promise<void> } {
  const stream = createWriteStream('', { fd: process.stdout.fd, autoClose: false });
  return {
    out: {
      isTTY: true,
      get columns() {
        return process.stdout.columns;
      },
      get rows() {
        return process.stdout.rows;
      },
      write: (chunk: string) => stream.write(chunk),
    },
    drained: () => new Promise((resolve) => stream.write('', () => resolve())),
  };
}

export function createProgressView(opts: { live?: boolean; out?: ViewOutput } = {}): ProgressView {
  const live = opts.live ?? (opts.out ?? process.stdout).isTTY === true;
  const terminal = live && opts.out === undefined ? terminalOutput() : undefined;
  const view = createRolloutView(terminal?.out ?? opts.out ?? process.stdout, { live });
  return {
    render(fleet) {
      view.update(fleet.groups.map(groupProgress), Date.parse(fleet.at));
    },
    events(events, fleet) {
      const names = new Map(fleet.groups.map((g) => [g.groupId, g.name]));
      for (const e of events) view.event(eventLine(e, e.groupId === undefined ? undefined : names.get(e.groupId)));
    },
    note: (line) => view.event(line),
    async finish() {
      view.finish();
      await terminal?.drained();
    },
  };
}
