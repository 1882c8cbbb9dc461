// The live progress view: one line per group. On a terminal the block is
// redrawn in place; otherwise a line is printed when a group's line changes.
import type { FleetView, GroupView } from './observe';

function line(g: GroupView): string {
  const batch = g.batch ? `batch ${g.batch.current}/${g.batch.total}` : '-';
  const updated = g.managed ? `${g.onTarget}/${g.instances} updated` : `${g.instances} instances`;
  return `${g.name.padEnd(14)} ${g.wave.padEnd(7)} ${batch.padEnd(10)} ${updated.padEnd(14)} ${g.status}`;
}

export interface ProgressView {
  render(view: FleetView): void;
  /** Ends the live block (the next output starts below it). */
  finish(): void;
}

export function createProgressView(out: NodeJS.WriteStream = process.stdout): ProgressView {
  if (out.isTTY) {
    let drawn = 0;
    return {
      render(view) {
        const lines = [`simulated ${view.at}`, ...view.groups.map(line)];
        if (drawn > 0) out.write(`\x1b[${drawn}A`);
        for (const l of lines) out.write(`\x1b[2K${l}\n`);
        drawn = lines.length;
      },
      finish() {
        drawn = 0;
      },
    };
  }
  const last = new Map<string, string>();
  return {
    render(view) {
      for (const g of view.groups) {
        const text = line(g);
        if (last.get(g.groupId) === text) continue;
        last.set(g.groupId, text);
        out.write(`${view.at}  ${text}\n`);
      }
    },
    finish() {},
  };
}
