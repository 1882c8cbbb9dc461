// Delivers one rollgate event to the policy's channels: each channel that
// wants this event type gets it rendered for its kind and POSTed. A channel
// that already got this event is skipped; one that fails is reported and not
// recorded, and only transient failures (no answer, 429, 5xx) ask for a
// redelivery. The sends that succeeded are recorded together, after them.
import type { RollgateEvent } from '../domain/events';
import type { Channel } from '../domain/policy';
import { CHANNELS } from './channels/index';
import { renderMessage } from './message';
import type { SeenDeliveries } from './seen';

export interface NotifyDeps {
  fetch: typeof fetch;
  now: () => number;
  /** Where `secretEnv` names are looked up (the function's environment, read once). */
  secrets: Readonly<Record<string, string | undefined>>;
  seen: SeenDeliveries;
  timeoutMs?: number;
}

export type Delivery =
  | {
      channel: string;
      result: 'sent';
      httpStatus: number;
      /** The send happened but could not be recorded: a redelivery repeats it. */ recordError?: string;
    }
  | { channel: string; result: 'duplicate' | 'filtered' }
  | { channel: string; result: 'failed'; error: string; transient: boolean; httpStatus?: number };

function wants(channel: Channel, event: RollgateEvent): boolean {
  return channel.events === undefined || channel.events.includes(event.type);
}

async function post(channel: Channel, event: RollgateEvent, deps: NotifyDeps): Promise<Delivery> {
  const secret = channel.secretEnv === undefined ? undefined : deps.secrets[channel.secretEnv];
  if (channel.secretEnv !== undefined && (secret === undefined || secret === '')) {
    return {
      channel: channel.name,
      result: 'failed',
      error: `secret ${channel.secretEnv} is not set`,
      transient: false,
    };
  }
  const { render, check } = CHANNELS[channel.type];
  const request = render({
    url: channel.url,
    event,
    message: renderMessage(event),
    ...(secret === undefined ? {} : { secret }),
    nowMs: deps.now(),
  });
  let response: Response;
  try {
    response = await deps.fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(deps.timeoutMs ?? 5000),
    });
  } catch (err) {
    return {
      channel: channel.name,
      result: 'failed',
      error: `no answer: ${err instanceof Error ? err.message : String(err)}`,
      transient: true,
    };
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    const transient = response.status === 429 || response.status >= 500;
    return {
      channel: channel.name,
      result: 'failed',
      error: `HTTP ${response.status}: ${text.slice(0, 200)}`,
      transient,
      httpStatus: response.status,
    };
  }
  const refused = check?.(response.status, text);
  if (refused !== undefined)
    return { channel: channel.name, result: 'failed', error: refused, transient: false, httpStatus: response.status };
  return { channel: channel.name, result: 'sent', httpStatus: response.status };
}

export async function notifyEvent(
  event: RollgateEvent,
  channels: readonly Channel[],
  deps: NotifyDeps,
): Promise<Delivery[]> {
  const wanted = channels.filter((c) => wants(c, event)).map((c) => c.name);
  const delivered = await deps.seen.delivered(event, wanted);
  const deliveries = await Promise.all(
    channels.map(async (channel): Promise<Delivery> => {
      if (!wants(channel, event)) return { channel: channel.name, result: 'filtered' };
      if (delivered.has(channel.name)) return { channel: channel.name, result: 'duplicate' };
      return post(channel, event, deps);
    }),
  );
  const sent = deliveries.filter((d) => d.result === 'sent');
  if (sent.length === 0) return deliveries;
  try {
    await deps.seen.record(
      event,
      sent.map((d) => d.channel),
    );
    return deliveries;
  } catch (err) {
    // Not retried by a redelivery: that would repeat every send now, rather than only if MNS redelivers anyway.
    const recordError = err instanceof Error ? err.message : String(err);
    return deliveries.map((d) => (d.result === 'sent' ? { ...d, recordError } : d));
  }
}
