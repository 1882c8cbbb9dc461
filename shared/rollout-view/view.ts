// The live rollout view of `npm start` (and of `rollgate rollout --wait`): on
// a terminal, one line per group redrawn in place (log-update) with the gate's
// verdicts and the events below it; on a pipe, or when asked for plain output,
// a line whenever a group's line changes and one per event.
import { createLogUpdate } from 'log-update';
import { fit, groupLine, type GroupProgress } from './lines';

/** What the view writes to: a process stream, or a fake terminal in tests. */
export interface ViewOutput {
  write(chunk: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
  rows?: number | undefined;
}

export interface RolloutView {
  /** The groups as they are at `nowMs` (the rollout's clock: simulated time on the local cloud). */
  update(groups: readonly GroupProgress[], nowMs: number): void;
  /** A gate verdict or an event, one line, shown below the groups (on a terminal from the next update on). */
  event(line: string): void;
  /** Ends the live block: it stays on screen with every event, and later output starts below it. */
  finish(): void;
}

export interface RolloutViewOptions {
  /** Redraw in place; default: when `out` is a terminal. `--no-progress` passes false. */
  live?: boolean;
}

const MAX_LIVE_EVENTS = 8;

const clock = (ms: number): string => new Date(ms).toISOString().slice(11, 19);

/** When each group entered its current phase: the first time this view saw it there. */
function phaseClock(): (groups: readonly GroupProgress[], nowMs: number) => GroupProgress[] {
  const since = new Map<string, { phase: string; at: number }>();
  return (groups, nowMs) =>
    groups.map((g) => {
      const known = since.get(g.groupId);
      const entered =
        known !== undefined && known.phase === g.phase ? known : { phase: g.phase, at: g.phaseSinceMs ?? nowMs };
      since.set(g.groupId, entered);
      return { ...g, phaseSinceMs: entered.at };
    });
}

function liveView(out: ViewOutput): RolloutView {
  const draw = createLogUpdate(out as NodeJS.WritableStream, { showCursor: true });
  const withPhases = phaseClock();
  const events: string[] = [];
  let lines: string[] = [];
  let now = 0;
  const width = (): number => Math.max(40, (out.columns ?? 100) - 1);
  const frame = (all: boolean): string => {
    // Keep the frame within the screen and small (each redraw rewrites all of it): the groups, a rule, and the
    // latest events that fit, at most MAX_LIVE_EVENTS; finish() shows them all.
    const room = Math.min(MAX_LIVE_EVENTS, Math.max(1, (out.rows ?? 24) - lines.length - 3));
    const shown = all ? events : events.slice(-room);
    const header = fit(`rollout at ${clock(now)}`, width());
    return [header, ...lines, fit('-'.repeat(width()), width()), ...shown.map((e) => fit(e, width()))].join('\n');
  };
  return {
    update(groups, nowMs) {
      now = nowMs;
      lines = withPhases(groups, nowMs).map((g) => groupLine(g, nowMs, width()));
      draw(frame(false));
    },
    event(line) {
      // Drawn with the next update: one redraw per turn, however many events came (a terminal write can block).
      events.push(line);
    },
    finish() {
      // The whole frame may be taller than the screen, which log-update clips (persist too): write it as ordinary output.
      draw.clear();
      draw.done();
      out.write(`${frame(true)}\n`);
    },
  };
}

function plainView(out: ViewOutput): RolloutView {
  const withPhases = phaseClock();
  const last = new Map<string, string>();
  return {
    update(groups, nowMs) {
      for (const g of withPhases(groups, nowMs)) {
        // Without time in phase and ETA, which change every second: a line is printed when the group's state changes.
        const text = groupLine({ ...g, phaseSinceMs: undefined, rolloutStartedMs: undefined }, nowMs, 400);
        if (last.get(g.groupId) === text) continue;
        last.set(g.groupId, text);
        out.write(`${clock(nowMs)}  ${text}\n`);
      }
    },
    event(line) {
      out.write(`${line}\n`);
    },
    finish() {},
  };
}

export function createRolloutView(out: ViewOutput, options: RolloutViewOptions = {}): RolloutView {
  return (options.live ?? out.isTTY === true) ? liveView(out) : plainView(out);
}
