// Runs chaos seeds as node:test cases. `CHAOS_SEED=n` replays one seed;
// `CHAOS_SEEDS=n` runs n seeds per file instead of the default.
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { runScenario, scenarioOf } from './scenario';

export function chaosSeeds(first: number, defaultCount: number): void {
  const replay = process.env['CHAOS_SEED'];
  const count = Number(process.env['CHAOS_SEEDS'] ?? defaultCount);
  const seeds =
    replay !== undefined
      ? [Number(replay)].filter((s) => s % 2 === first % 2)
      : Array.from({ length: count }, (_, i) => first + i * 2);
  const figures = { runs: 0, events: 0, repeated: 0, simulatedSeconds: 0, essNotifications: 0 };
  after(() =>
    console.log(
      `chaos: ${figures.runs} seeds, ${figures.events} events published (${figures.repeated} repeats ` +
        `of an id, dropped by the notifier), ${figures.essNotifications} ESS notifications through MNS ` +
        `faults, ${Math.round(figures.simulatedSeconds / 60)} simulated minutes`,
    ),
  );
  for (const seed of seeds) {
    it(`seed ${seed}`, async () => {
      const scenario = scenarioOf(seed);
      const result = await runScenario(scenario);
      figures.runs += 1;
      figures.events += result.events;
      figures.repeated += result.repeatedPublishes;
      figures.simulatedSeconds += result.simulatedSeconds;
      figures.essNotifications += result.essNotifications;
      assert.deepEqual(
        result.violations,
        [],
        `seed ${seed} broke invariants — replay: CHAOS_SEED=${seed} ` +
          `node scripts/run-tests.mjs test/chaos/seeds-${seed % 2 === 0 ? 'even' : 'odd'}\nscenario: ` +
          `${JSON.stringify(scenario)}`,
      );
    });
  }
}
