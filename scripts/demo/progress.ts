// The demo's live view: the fleet as observed (observe.ts) and rollgate's
// events, drawn by the shared rollout view (shared/rollout-view/): redrawn in
// place on a terminal, plain lines on a pipe or with --no-progress.
import type { RollgateEvent } from '../../shared/domain/events';
import { createRolloutView, eventLine, type GroupProgress, type ViewOutput } from '../../shared/rollout-view/index';
import type { FleetView, GroupView } from './observe';

export interface ProgressView {
  render(view: FleetView): void;
  /** rollgate events, each named by the group's name and id. */
  events(events: readonly RollgateEvent[], view: FleetView): void;
  /** A line of its own below the events (a failed gate's reasons). */
  note(line: string): void;
  /** Ends the live block (the next output starts below it). */
  finish(): void;
}

const PHASES: Record<string, string> = { 'paused at batch gate': 'paused at gate', 'unmanaged (not touched)': 'unmanaged' };

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

export function createProgressView(opts: { live?: boolean; out?: ViewOutput } = {}): ProgressView {
  const view = createRolloutView(opts.out ?? process.stdout, opts.live === undefined ? {} : { live: opts.live });
  return {
    render(fleet) {
      view.update(
        fleet.groups.map(groupProgress),
        Date.parse(fleet.at),
      );
    },
    events(events, fleet) {
      const names = new Map(fleet.groups.map((g) => [g.groupId, g.name]));
      for (const e of events) view.event(eventLine(e, e.groupId === undefined ? undefined : names.get(e.groupId)));
    },
    note: (line) => view.event(line),
    finish: () => view.finish(),
  };
}
