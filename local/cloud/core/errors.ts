// Errors every product can raise, with the codes and messages the real
// services use for them (research: alibaba-api.md §3, §5).
import { ApiError } from './contracts';

export function missingParameter(name: string): ApiError {
  return new ApiError(
    'MissingParameter',
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
    400,
  );
}

export function invalidParameter(name: string, detail?: string): ApiError {
  return new ApiError(
    'InvalidParameter',
    `The specified parameter "${name}" is not valid.${detail ? ` ${detail}` : ''}`,
    400,
  );
}

export function invalidAction(action: string, version: string): ApiError {
  return new ApiError(
    'InvalidAction.NotFound',
    `Specified api "${action}" is not found in version "${version}", please check your url and method.`,
    404,
  );
}

export function invalidVersion(version: string): ApiError {
  return new ApiError('InvalidVersion', `Specified parameter Version "${version}" is not valid.`, 400);
}

export function internalError(detail: string): ApiError {
  return new ApiError(
    'InternalError',
    `The request processing has failed due to some unknown error, exception or failure. (${detail})`,
    500,
  );
}

/** The JSON error body RPC products return. */
export function rpcErrorBody(error: ApiError, requestId: string, hostId: string): Record<string, string> {
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: error.code,
    Message: error.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=local`,
  };
}
