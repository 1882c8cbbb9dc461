import type { FcModel, LocalFunctionHandler, RegionWorld } from '../core/contracts';
import { fcErrors } from './errors';

/** What an invocation returned, as FC puts it on the wire. */
export interface FcInvokeResult {
  status: number;
  body: Buffer;
  headers: Record<string, string>;
}

export interface InvocationRecord {
  requestId: string;
  functionName: string;
  mode: 'Sync' | 'Async';
  /** Simulated time the invocation started. */
  startedAt: number;
  status: 'running' | 'succeeded' | 'failed';
  errorMessage?: string;
}

export interface InvokeOptions {
  logType?: 'None' | 'Tail';
  requestId?: string;
  /** Async only: run this many simulated seconds later (`x-fc-async-delay`). */
  delaySeconds?: number;
}

/** FC keeps the last 4 KB of a Tail invocation's log. */
const TAIL_LOG_BYTES = 4096;
const HISTORY_LIMIT = 1000;

/** Handler return value → response bytes: Buffer as is, string as UTF-8, anything else JSON. */
export function encodeResult(value: unknown): Buffer {
  if (value === undefined || value === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (typeof value === 'object') return Buffer.from(JSON.stringify(value), 'utf8');
  return Buffer.from(String(value), 'utf8');
}

/** FC's body for an unhandled function error. */
export function errorBody(error: unknown): Buffer {
  const e = error instanceof Error ? error : new Error(String(error));
  return Buffer.from(
    JSON.stringify({
      errorMessage: e.message,
      errorType: e.name,
      stackTrace: (e.stack ?? '')
        .split('\n')
        .slice(1)
        .map((line) => line.trim())
        .filter((line) => line !== ''),
    }),
    'utf8',
  );
}

/**
 * Function Compute of one account and region: functions registered by the
 * local runtime (or a test), invoked synchronously or in the background.
 * The handler gets `context.requestId` and `context.log(line)`; the runtime's
 * wrapper builds the full FC context around them.
 */
export function createFcModel(world: Pick<RegionWorld, 'accountId' | 'regionId' | 'clock'>) {
  const functions = new Map<string, LocalFunctionHandler>();
  const inFlight = new Set<Promise<unknown>>();
  const history: InvocationRecord[] = [];
  let sequence = 0;

  const nextRequestId = () => {
    sequence += 1;
    const hex = sequence.toString(16).padStart(12, '0');
    return `1-${Math.floor(world.clock.now() / 1000).toString(16)}-${hex}`;
  };

  async function run(
    name: string,
    handler: LocalFunctionHandler,
    payload: Buffer,
    record: InvocationRecord,
    logType: string,
  ): Promise<FcInvokeResult> {
    const lines: string[] = [];
    const headers: Record<string, string> = {
      'x-fc-request-id': record.requestId,
      'content-type': 'application/octet-stream',
    };
    let status = 200;
    let body: Buffer;
    try {
      body = encodeResult(
        await handler(payload, {
          requestId: record.requestId,
          functionName: name,
          log: (line: string) => lines.push(line),
        }),
      );
      record.status = 'succeeded';
    } catch (error) {
      body = errorBody(error);
      headers['x-fc-error-type'] = 'UnhandledInvocationError';
      headers['content-type'] = 'application/json';
      record.status = 'failed';
      record.errorMessage = error instanceof Error ? error.message : String(error);
      status = 200;
    }
    if (logType === 'Tail') {
      const log = Buffer.from(lines.join('\n'), 'utf8');
      headers['x-fc-log-result'] = log.subarray(Math.max(0, log.length - TAIL_LOG_BYTES)).toString('base64');
    }
    return { status, body, headers };
  }

  function start(
    name: string,
    mode: 'Sync' | 'Async',
    requestId: string,
  ): { handler: LocalFunctionHandler; record: InvocationRecord } {
    const handler = functions.get(name);
    if (!handler) throw fcErrors.functionNotFound(name);
    const record: InvocationRecord = {
      requestId,
      functionName: name,
      mode,
      startedAt: world.clock.now(),
      status: 'running',
    };
    history.push(record);
    if (history.length > HISTORY_LIMIT) history.shift();
    return { handler, record };
  }

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise)).catch(() => undefined);
    return promise;
  }

  const model = {
    accountId: world.accountId,
    regionId: world.regionId,
    /** `1-<sim seconds hex>-<sequence>`: the shape of FC request ids, deterministic per world. */
    newRequestId: nextRequestId,
    register(functionName: string, handler: LocalFunctionHandler): void {
      functions.set(functionName, handler);
    },
    unregister(functionName: string): void {
      functions.delete(functionName);
    },
    has(functionName: string): boolean {
      return functions.has(functionName);
    },
    names(): string[] {
      return [...functions.keys()].sort();
    },
    /**
     * Sync: the handler's result (status 200; a thrown error gives 200 with
     * `x-fc-error-type: UnhandledInvocationError`). Async: 202 at once, the
     * handler runs in the background (`idle()` waits for it). Throws FunctionNotFound.
     */
    async invoke(
      functionName: string,
      payload: Buffer,
      mode: 'Sync' | 'Async',
      options: InvokeOptions = {},
    ): Promise<FcInvokeResult> {
      const requestId = options.requestId ?? nextRequestId();
      if (mode === 'Async' && (options.delaySeconds ?? 0) > 0) {
        if (!functions.has(functionName)) throw fcErrors.functionNotFound(functionName);
        // Accepted now, run when the delay is up on the simulated clock (FC persists the request meanwhile).
        world.clock.schedule(
          options.delaySeconds ?? 0,
          () =>
            void model
              .invoke(functionName, payload, 'Async', { ...options, delaySeconds: 0, requestId })
              .catch(() => undefined),
          `fc:delayed:${functionName}`,
        );
        return { status: 202, body: Buffer.alloc(0), headers: { 'x-fc-request-id': requestId } };
      }
      const { handler, record } = start(functionName, mode, requestId);
      const running = track(run(functionName, handler, payload, record, options.logType ?? 'None'));
      if (mode === 'Sync') return running;
      return { status: 202, body: Buffer.alloc(0), headers: { 'x-fc-request-id': requestId } };
    },
    /** Resolves once no invocation is running (including ones started while waiting). */
    async idle(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    inFlightCount(): number {
      return inFlight.size;
    },
    /** Recent invocations, oldest first (admin view). */
    invocations(): readonly InvocationRecord[] {
      return history;
    },
  };
  return model satisfies FcModel;
}
export type LocalFcModel = ReturnType<typeof createFcModel>;
