// One error type for every cloud call, so callers branch on `code` and
// `retryable` instead of on the shape of whichever SDK produced the failure.

/** Product and action of a call, e.g. `ess:DescribeScalingGroups`, `mns:PublishMessage`. */
export type CloudOperation = `${string}:${string}`;

export interface CloudErrorFields {
  code: string;
  message: string;
  operation: CloudOperation;
  retryable: boolean;
  requestId?: string;
  /** HTTP status of the failed response; undefined when no response arrived (network error). */
  status?: number;
  /** Attempts made before giving up (1 = no retry). */
  attempts?: number;
  cause?: unknown;
}

export class CloudError extends Error {
  readonly code: string;
  readonly operation: CloudOperation;
  readonly retryable: boolean;
  readonly requestId: string | undefined;
  readonly status: number | undefined;
  readonly attempts: number;

  constructor(fields: CloudErrorFields) {
    super(fields.message, { cause: fields.cause });
    this.name = 'CloudError';
    this.code = fields.code;
    this.operation = fields.operation;
    this.retryable = fields.retryable;
    this.requestId = fields.requestId;
    this.status = fields.status;
    this.attempts = fields.attempts ?? 1;
  }

  /** Same error, with the number of attempts the retry loop made. */
  withAttempts(attempts: number): CloudError {
    return new CloudError({ ...this.fields(), attempts });
  }

  fields(): CloudErrorFields {
    return {
      code: this.code,
      message: this.message,
      operation: this.operation,
      retryable: this.retryable,
      requestId: this.requestId,
      status: this.status,
      attempts: this.attempts,
      cause: this.cause,
    };
  }

  static is(value: unknown): value is CloudError {
    return value instanceof CloudError;
  }
}

/** Raised when configuration is missing or malformed; never retried. */
export class CloudConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CloudConfigError';
  }
}

/**
 * ESS refusals that last only while the group is busy: a scaling activity in progress, or a load balancer backend
 * still being configured. The rolling-update templates retry EnterStandby/ExitStandby on the first two (30 × 10 s);
 * rollgate's own ESS calls retry all three, within the same bounded policy as throttling.
 */
export const ESS_BUSY_CODES: ReadonlySet<string> = new Set([
  'IncorrectScalingGroupStatus',
  'BackendServer.configuring',
  'ScalingActivityInProgress',
]);

/**
 * Only these failures can succeed when simply sent again: throttling, a busy
 * service or scaling group, a server-side fault, or a request that never got
 * an answer. Everything else (bad parameters, signatures, missing resources)
 * fails the same way every time.
 */
export function isRetryableFailure(code: string, status: number | undefined, operation?: CloudOperation): boolean {
  if (code.startsWith('Throttling') || code === 'ServiceUnavailable') return true;
  if (operation?.startsWith('ess:') && ESS_BUSY_CODES.has(code)) return true;
  if (status !== undefined) return status >= 500;
  return NETWORK_ERROR_CODES.has(code);
}

/** Node / httpx error codes that mean the request got no HTTP answer. */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'NetworkError',
  'ReadTimeout',
  'ConnectTimeout',
]);

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== 'undefined' ? value : undefined;
}

/**
 * Network failures arrive as plain Errors with a Node `code` (ECONNREFUSED) or
 * as httpx timeouts named `…TimeoutError`; normalise them to one code.
 */
function networkCode(err: Record<string, unknown>): string | undefined {
  const code = str(err['code']);
  if (code !== undefined && NETWORK_ERROR_CODES.has(code)) return code;
  const name = str(err['name']) ?? '';
  const message = str(err['message']) ?? '';
  // httpx names both timeouts `RequestTimeoutError` and tells them apart in the message.
  if (/Timeout/i.test(name))
    return /ReadTimeout/.test(message) || /ReadTimeout/.test(name) ? 'ReadTimeout' : 'ConnectTimeout';
  if (/socket hang up|ECONNRESET/i.test(message)) return 'ECONNRESET';
  if (/ECONNREFUSED/.test(message)) return 'ECONNREFUSED';
  const cause = record(err['cause']);
  return cause !== undefined ? networkCode(cause) : undefined;
}

/**
 * Turns whatever an SDK threw into a CloudError. Understands the errors of
 * `@alicloud/openapi-client` (code, statusCode, data.RequestId),
 * `@alicloud/openapi-core` (code, statusCode, requestId), `@alicloud/mns`
 * (name `MNS<Code>Error`, status and request id inside the message) and
 * Node network errors. Anything unrecognised becomes code `Unknown`, not retried.
 */
export function toCloudError(err: unknown, operation: CloudOperation): CloudError {
  if (err instanceof CloudError) return err;
  const e = record(err);
  if (e === undefined) {
    return new CloudError({ code: 'Unknown', message: String(err), operation, retryable: false, cause: err });
  }
  const data = record(e['data']);
  const statusRaw = e['statusCode'] ?? data?.['statusCode'];
  let status =
    typeof statusRaw === 'number' ? statusRaw : typeof statusRaw === 'string' ? Number(statusRaw) : undefined;
  let code = str(e['code']);
  let requestId = str(e['requestId']) ?? str(data?.['RequestId']) ?? str(data?.['requestId']);
  let message = str(data?.['Message']) ?? str(data?.['message']) ?? str(e['message']) ?? 'cloud call failed';

  const mnsName = /^MNS(.+)Error$/.exec(str(e['name']) ?? '');
  if (mnsName?.[1] !== undefined) {
    // @alicloud/mns: `POST <url> failed with 404. requestid: X, hostid: Y, message: Z`
    code = mnsName[1];
    const text = str(e['message']) ?? '';
    status = Number(/failed with (\d{3})/.exec(text)?.[1] ?? NaN);
    requestId = /requestid: ([^,]+),/.exec(text)?.[1];
    message = /message: ([\s\S]*)$/.exec(text)?.[1] ?? text;
  }

  if (status !== undefined && Number.isNaN(status)) status = undefined;
  if (code === undefined || status === undefined) {
    const net = networkCode(e);
    if (net !== undefined && status === undefined) {
      return new CloudError({ code: net, message, operation, retryable: true, cause: err });
    }
  }
  const finalCode = code ?? 'Unknown';
  return new CloudError({
    code: finalCode,
    message,
    operation,
    requestId,
    status,
    retryable: code === undefined && status === undefined ? false : isRetryableFailure(finalCode, status, operation),
    cause: err,
  });
}
