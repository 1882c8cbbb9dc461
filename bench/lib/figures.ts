// The figures a bench reports to bench/run.ts: each is a key of
// bench/results.json (`reconcile.calls`), an optional variant (`1000g/5h`,
// `"50"`), its value and the issue's target. A bench run on its own prints
// them; run.ts collects them from every bench process into one table.
import { appendFileSync } from 'node:fs';

export interface Figure {
  key: string;
  variant?: string;
  value: number;
  unit: string;
  /** How the target reads in the table (`≤ 45`). */
  target: string;
  met: boolean;
}

export interface Target {
  text: string;
  met: (value: number) => boolean;
}

export const atMost = (limit: number): Target => ({ text: `≤ ${limit}`, met: (v) => v <= limit });
export const below = (limit: number): Target => ({ text: `< ${limit}`, met: (v) => v < limit });

/** `npm run bench -- --quick`: smaller fleets and fewer runs, the same figures. */
export const QUICK = process.env['BENCH_QUICK'] === '1';

export function figure(key: string, variant: string | undefined, value: number, unit: string, target: Target): Figure {
  return {
    key,
    ...(variant === undefined ? {} : { variant }),
    value,
    unit,
    target: target.text,
    met: target.met(value),
  };
}

/** Hands the figures to run.ts (BENCH_FIGURES names a JSON-lines file) and prints them. */
export function report(figures: readonly Figure[]): void {
  const file = process.env['BENCH_FIGURES'];
  for (const f of figures) {
    console.log(
      `  figure ${f.key}${f.variant === undefined ? '' : `["${f.variant}"]`} = ${f.value} ${f.unit} (target ${f.target}: ${f.met ? 'met' : 'NOT met'})`,
    );
    if (file !== undefined) appendFileSync(file, `${JSON.stringify(f)}\n`);
  }
}
