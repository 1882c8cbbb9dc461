// A fixed-size terminal for view tests: @xterm/headless interprets what the
// view writes (cursor moves, line erases) as a real terminal would, and the
// test reads the screen back line by line.
import xterm from '@xterm/headless';
import type { ViewOutput } from '../../shared/rollout-view/index';

export interface FakeTerminal extends ViewOutput {
  /** Resolves once everything written so far has been drawn. */
  flush(): Promise<void>;
  /** The screen's lines (and the scrollback above it), trailing blanks trimmed. */
  lines(): string[];
  dispose(): void;
}

export function fakeTerminal(columns: number, rows: number): FakeTerminal {
  const term = new xterm.Terminal({ cols: columns, rows, scrollback: 500, allowProposedApi: true });
  let pending = Promise.resolve();
  return {
    isTTY: true,
    columns,
    rows,
    write(chunk: string) {
      // A terminal turns "\n" into a new line at column 0 (the tty's onlcr).
      const data = chunk.replaceAll('\n', '\r\n');
      pending = pending.then(() => new Promise<void>((resolve) => term.write(data, resolve)));
      return true;
    },
    flush: () => pending,
    lines() {
      const buffer = term.buffer.active;
      const out: string[] = [];
      for (let i = 0; i < buffer.length; i++) out.push(buffer.getLine(i)?.translateToString(true) ?? '');
      while (out.length > 0 && out.at(-1) === '') out.pop();
      return out;
    },
    dispose: () => term.dispose(),
  };
}
