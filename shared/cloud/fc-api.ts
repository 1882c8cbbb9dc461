// Function Compute 3.0 (API 2023-03-30) invoke: how rollgate calls the
// policy's health-check function and fans out to its own functions.

export interface InvokeFunctionRequest {
  functionName: string;
  /** Event bytes; objects are the caller's to JSON-encode. */
  payload: string | Buffer;
  qualifier?: string;
  invocationType?: 'Sync' | 'Async';
  /** Idempotency id of an async invocation (needs the async task feature). */
  asyncTaskId?: string;
  /** Async only: FC runs the invocation this many seconds later (`x-fc-async-delay`, 0-3600). */
  asyncDelaySeconds?: number;
}

export interface InvokeFunctionResponse {
  statusCode: number;
  /** The function's return value (sync) or empty (async, status 202). */
  body: Buffer;
  requestId?: string;
  /**
   * Set when the function itself failed (`x-fc-error-type`, e.g.
   * `UnhandledInvocationError`): the call succeeded, the handler threw.
   */
  functionError?: string;
}

export interface FcApi {
  invokeFunction(request: InvokeFunctionRequest): Promise<InvokeFunctionResponse>;
}
