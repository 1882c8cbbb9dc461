// What one line of the live rollout view says about a group, as plain text of
// a given width. Pure: the caller brings the time and the terminal width.

export interface GroupProgress {
  groupId: string;
  name: string;
  wave: string;
  /** What the group is doing: rolling, paused at gate, rolling back, held, done, waiting, … */
  phase: string;
  /** Instances on the revision the rollout (or rollback) puts in place, of `total`. */
  updated: number;
  total: number;
  batch?: { current: number; total: number } | undefined;
  /** The running execution is a rollback: its batches are rollback batches. */
  rollback: boolean;
  /** When the group entered `phase` and when its rollout started (epoch ms), if known. */
  phaseSinceMs?: number | undefined;
  rolloutStartedMs?: number | undefined;
}

/** `3m05s`, `45s`, `1h02m`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `[#####.....]` of `width` cells (brackets included) for a share in [0, 1]. */
export function progressBar(fraction: number, width: number): string {
  const cells = Math.max(1, width - 2);
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * cells);
  return `[${'#'.repeat(filled)}${'.'.repeat(cells - filled)}]`;
}

/**
 * Seconds left if the rest goes as fast as what is done: elapsed × remaining ÷ done.
 * Undefined before the first instance is done (nothing to go by) and once all are.
 */
export function estimateSecondsLeft(
  startedMs: number | undefined,
  nowMs: number,
  done: number,
  total: number,
): number | undefined {
  if (startedMs === undefined || done <= 0 || done >= total) return undefined;
  return ((nowMs - startedMs) / 1000) * ((total - done) / done);
}

const BAR_WIDTH = 14;

/** One group's line: name and id, wave, phase, bar, updated/total and percent, batch k/n, time in phase, ETA. */
export function groupLine(group: GroupProgress, nowMs: number, width: number): string {
  const fraction = group.total === 0 ? 0 : group.updated / group.total;
  const percent = `${Math.round(fraction * 100)}%`.padStart(4);
  const batchWord = group.rollback ? 'rollback batch' : 'batch';
  const batch = group.batch === undefined ? '' : `${batchWord} ${group.batch.current}/${group.batch.total}`;
  const eta = estimateSecondsLeft(group.rolloutStartedMs, nowMs, group.updated, group.total);
  const timing = [
    group.phaseSinceMs === undefined ? undefined : `${formatDuration((nowMs - group.phaseSinceMs) / 1000)} in phase`,
    eta === undefined ? undefined : `ETA ${formatDuration(eta)}`,
  ].filter((t) => t !== undefined);
  const cells = [
    `${group.name} (${group.groupId})`.padEnd(26),
    group.wave.padEnd(6),
    group.phase.padEnd(15),
    progressBar(fraction, BAR_WIDTH),
    `${group.updated}/${group.total}`.padStart(5),
    percent,
    batch.padEnd(18),
    timing.join(', '),
  ];
  return fit(cells.join(' ').trimEnd(), width);
}

/** Cuts a line to the terminal width (an ellipsis marks the cut) so a redraw never wraps. */
export function fit(text: string, width: number): string {
  if (text.length <= width) return text;
  return width <= 1 ? text.slice(0, width) : `${text.slice(0, width - 1)}…`;
}

/** The parts of a rollgate event a view line shows. */
export interface ViewEvent {
  type: string;
  at: string;
  groupId?: string | undefined;
  message: string;
  detail: Readonly<Record<string, unknown>>;
}

/**
 * `08:01:10  batch.passed            web-canary (asg-1)  batch 1/2 of web-canary passed: …`. The group is named by
 * name and id; an event of a rollback execution is labelled as one, and so are its batches.
 */
export function eventLine(event: ViewEvent, groupName: string | undefined): string {
  const rollback = typeof event.detail['rollbackOf'] === 'string';
  const label = rollback && !event.type.startsWith('rollout.rolled_back') ? `rollback ${event.type}` : event.type;
  const group = event.groupId === undefined ? '' : `${groupName ?? '?'} (${event.groupId})`;
  const message = rollback ? event.message.replace(/^batch (\d+\/\d+)/, 'rollback batch $1') : event.message;
  return `${event.at.slice(11, 19)}  ${label.padEnd(24)} ${group.padEnd(28)} ${message}`;
}
