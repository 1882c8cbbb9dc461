// The function runtime killing a handler between two cloud calls: the turn's
// clients answer normally until the drawn call has returned, then every later
// call of that turn fails, as if the invocation had ended there (its writes so
// far stand, nothing after them happens).
import type { ControllerDeps } from '../../shared/controller/deps';
import type { CloudClients } from '../../shared/cloud/api';

/** Where a turn is killed: right after its `nth` successful call of `method` (any method when `any`). */
export interface KillPoint {
  method: 'startExecution' | 'cancelExecution' | 'notifyExecution' | 'publishMessage' | 'tagResources' | 'any';
  nth: number;
}

export class HandlerKilled extends Error {
  constructor(after: string) {
    super(`handler killed after ${after} (chaos)`);
  }
}

/** Deps for one turn that is killed at `kill`; `killed()` tells whether it was. */
export function killableDeps(deps: ControllerDeps, kill: KillPoint): { deps: ControllerDeps; killed: () => boolean } {
  let seen = 0;
  let dead: string | undefined;
  const wrap = <T extends object>(product: string, api: T): T =>
    new Proxy(api, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== 'function' || typeof key !== 'string') return value;
        return (...args: unknown[]): unknown => {
          if (dead !== undefined) return Promise.reject(new HandlerKilled(dead));
          const answer: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
          // Listings that page (async iterables) are passed through; their calls happen inside the client.
          if (!(answer instanceof Promise)) return answer;
          return answer.then((result: unknown) => {
            if (kill.method === 'any' || kill.method === key) {
              seen += 1;
              if (seen === kill.nth) dead = `${product}.${key}`;
            }
            return result;
          });
        };
      },
    });
  const c = deps.clients;
  const clients: CloudClients = {
    ess: wrap('ess', c.ess),
    ecs: wrap('ecs', c.ecs),
    oos: wrap('oos', c.oos),
    mns: wrap('mns', c.mns),
    fc: wrap('fc', c.fc),
  };
  return { deps: { ...deps, clients }, killed: () => dead !== undefined };
}
