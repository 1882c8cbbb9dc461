// A health check that answers late: one gate turn asks about a batch pause,
// and the answer comes only after the rollout has moved on to a later pause
// (another gate decided the first one meanwhile) or after a long while. The
// turn then acts on what it read before the check, unless it reads again
// before it writes.
import type { ControllerDeps } from '../../shared/controller/deps';

export interface SlowCheckTarget {
  executionId: string;
  batch: number;
}

export interface SlowCheck {
  /** Deps for one turn of the loop whose check is slowed (each call counts checks per pause across turns). */
  deps(base: ControllerDeps): ControllerDeps;
  /** Resolves when the slowed check has been asked (the turn now waits on it). */
  readonly asked: Promise<SlowCheckTarget>;
  /** Lets the slowed check answer. */
  release(): void;
  /** The slowed check has been asked. */
  fired(): boolean;
}

/** Slows the loop's `nth` health check about one batch pause (not a final bake). */
export function slowCheck(nth: number): SlowCheck {
  const counts = new Map<string, number>();
  let fired = false;
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let announce = (_: SlowCheckTarget): void => undefined;
  const asked = new Promise<SlowCheckTarget>((resolve) => (announce = resolve));
  return {
    asked,
    release: () => release(),
    fired: () => fired,
    deps(base) {
      const fc = base.clients.fc;
      return {
        ...base,
        clients: {
          ...base.clients,
          fc: {
            ...fc,
            invokeFunction: async (request) => {
              const target = checkTarget(request.payload);
              if (!fired && target !== undefined) {
                const key = `${target.executionId}/${target.batch}`;
                const count = (counts.get(key) ?? 0) + 1;
                counts.set(key, count);
                if (count === nth) {
                  fired = true;
                  announce(target);
                  await released;
                }
              }
              return fc.invokeFunction(request);
            },
          },
        },
      };
    },
  };
}

/** The batch pause a health-check payload asks about; undefined for a final bake or another payload. */
function checkTarget(payload: unknown): SlowCheckTarget | undefined {
  if (typeof payload !== 'string') return undefined;
  try {
    const p = JSON.parse(payload) as { executionId?: unknown; batch?: { index?: unknown; total?: unknown } };
    const { index, total } = p.batch ?? {};
    if (typeof p.executionId !== 'string' || typeof index !== 'number' || typeof total !== 'number') return undefined;
    return index < total ? { executionId: p.executionId, batch: index } : undefined;
  } catch {
    return undefined;
  }
}
