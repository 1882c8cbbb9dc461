// rollgate's events as they reach the events topic (the local cloud keeps
// every message published), read once each.
import { parseEvent, type RollgateEvent } from '../../shared/domain/events';
import type { DemoEnvironment } from './environment';
import { EVENTS_TOPIC } from './environment';

/**
 * A reader of the events published since its last call (from now on, or from the first message with
 * `fromStart`). A fact reported twice (two gate turns, a redelivery) has one id and is returned once, as the
 * notifier sends it once.
 */
export function eventFeed(env: DemoEnvironment, opts: { fromStart?: boolean } = {}): () => RollgateEvent[] {
  let read = opts.fromStart === true ? 0 : env.cloud.world().mns.history(EVENTS_TOPIC).length;
  const seen = new Set<string>();
  return () => {
    const history = env.cloud.world().mns.history(EVENTS_TOPIC);
    const fresh = history.slice(read).map((m) => parseEvent(JSON.parse(m.body)));
    read = history.length;
    return fresh.filter((e) => !seen.has(e.id) && seen.add(e.id));
  };
}
