import type { RawHttpRequest, RawHttpResponse } from '../core/contracts';
import { fcErrors } from './errors';
import type { LocalFcModel } from './model';

// FC wire: the request body is the event bytes; the response body is what the
// function returned, with FC's headers.

export interface FcCall {
  req: RawHttpRequest;
  fc: LocalFcModel;
  requestId: string;
  params: Readonly<Record<string, string>>;
}
export type FcHandler = (call: FcCall) => Promise<RawHttpResponse>;

export const invokeFunction: FcHandler = async ({ req, fc, requestId, params }) => {
  const name = decodeURIComponent(params['function'] ?? '');
  const invocationType = req.headers['x-fc-invocation-type'] ?? 'Sync';
  if (invocationType !== 'Sync' && invocationType !== 'Async')
    throw fcErrors.invalidArgument(`x-fc-invocation-type must be Sync or Async, got "${invocationType}"`);
  const logType = req.headers['x-fc-log-type'] ?? 'None';
  if (logType !== 'None' && logType !== 'Tail')
    throw fcErrors.invalidArgument(`x-fc-log-type must be None or Tail, got "${logType}"`);
  const delaySeconds = asyncDelay(req.headers['x-fc-async-delay'], invocationType);
  const result = await fc.invoke(name, req.body, invocationType, {
    logType,
    requestId,
    ...(delaySeconds === undefined ? {} : { delaySeconds }),
  });
  return { status: result.status, headers: result.headers, body: result.body };
};

/** `x-fc-async-delay`: whole seconds in [0, 3600], for async invocations only. */
function asyncDelay(header: string | undefined, invocationType: string): number | undefined {
  if (header === undefined) return undefined;
  const seconds = Number(header);
  if (!/^\d+$/.test(header) || seconds > 3600)
    throw fcErrors.invalidArgument(`x-fc-async-delay must be whole seconds from 0 to 3600, got "${header}"`);
  if (invocationType !== 'Async') throw fcErrors.invalidArgument('x-fc-async-delay needs x-fc-invocation-type: Async');
  return seconds;
}

export const listFunctions: FcHandler = async ({ fc }) => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ functions: fc.names().map((functionName) => ({ functionName })) }),
});

export const getFunction: FcHandler = async ({ fc, params }) => {
  const name = decodeURIComponent(params['function'] ?? '');
  if (!fc.has(name)) throw fcErrors.functionNotFound(name);
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ functionName: name }) };
};
