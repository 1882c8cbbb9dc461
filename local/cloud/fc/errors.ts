import { ApiError } from '../core/contracts';

// FC 3.0 error codes; the body is JSON `{Code, Message, RequestId}`.
export const fcErrors = {
  functionNotFound: (name: string) => new ApiError('FunctionNotFound', `function '${name}' does not exist`, 404),
  pathNotSupported: (method: string, path: string) =>
    new ApiError('PathNotSupported', `${method} ${path} is not supported by the local FC`, 404),
  invalidArgument: (message: string) => new ApiError('InvalidArgument', message, 400),
  missingAuthorization: () =>
    new ApiError('InvalidAuthorization', 'the Authorization header is missing or malformed', 401),
  accessKeyNotFound: () => new ApiError('InvalidAccessKeyId.NotFound', 'Specified access key is not found.', 404),
  signatureDoesNotMatch: (stringToSign: string) =>
    new ApiError(
      'SignatureNotMatch',
      `the request signature does not match: server string to sign is ${JSON.stringify(stringToSign)}`,
      403,
    ),
};
