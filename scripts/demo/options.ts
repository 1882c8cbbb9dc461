// Command line of `npm start`.
export interface DemoOptions {
  /** Keep the local cloud and the functions running after the demo, for exploration. */
  serve: boolean;
  /** Also write the summary as JSON here. */
  reportFile: string | undefined;
  /** Simulated seconds per real second, or `settled` (default): time moves only when nothing is at work, so a busy machine gets the same run. */
  timeScale: number | 'settled';
  /** Real seconds before the demo gives up waiting for the rollout to converge. */
  timeoutSeconds: number;
  /** Fixed port for the local cloud with --serve (0 = any free port). */
  port: number;
  /** Redraw the live view in place when stdout is a terminal (`--no-progress`: plain lines). */
  progress: boolean;
}

export const USAGE = `usage: npm start -- [--serve] [--report FILE] [--time-scale N|settled] [--timeout SECONDS] [--port N] [--no-progress] [--seed demo]`;

export class UsageError extends Error {
  override name = 'UsageError';
}

function positive(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n) || n <= 0)
    throw new UsageError(`${flag} needs a positive number, got "${value ?? ''}"`);
  return n;
}

function timeScaleOf(flag: string, value: string | undefined): number | 'settled' {
  return value === 'settled' ? 'settled' : positive(flag, value);
}

export function parseDemoArgs(argv: readonly string[]): DemoOptions {
  const options: DemoOptions = {
    serve: false,
    reportFile: undefined,
    timeScale: 'settled',
    timeoutSeconds: 600,
    port: 0,
    progress: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--serve':
        options.serve = true;
        break;
      case '--no-progress':
        options.progress = false;
        break;
      case '--report': {
        const file = argv[++i];
        if (file === undefined || file.startsWith('--')) throw new UsageError('--report needs a file name');
        options.reportFile = file;
        break;
      }
      case '--time-scale':
        options.timeScale = timeScaleOf(arg, argv[++i]);
        break;
      case '--timeout':
        options.timeoutSeconds = positive(arg, argv[++i]);
        break;
      case '--port':
        options.port = Math.floor(positive(arg, argv[++i]));
        break;
      case '--seed': {
        // The demo fleet is the only seed the demo knows how to narrate.
        const seed = argv[++i];
        if (seed !== 'demo') throw new UsageError(`--seed supports only "demo", got "${seed ?? ''}"`);
        break;
      }
      case '--help':
      case '-h':
        throw new UsageError('');
      default:
        throw new UsageError(`unknown argument "${arg ?? ''}"`);
    }
  }
  return options;
}
