// Authentication errors with the real services' codes (research §5).
import { ApiError } from '../contracts';

export function signatureDoesNotMatch(serverStringToSign: string): ApiError {
  return new ApiError(
    'SignatureDoesNotMatch',
    `Specified signature is not matched with our calculation. server string to sign is:${serverStringToSign}`,
    400,
  );
}

export function accessKeyNotFound(): ApiError {
  return new ApiError('InvalidAccessKeyId.NotFound', 'Specified access key is not found.', 404);
}

export function nonceUsed(): ApiError {
  return new ApiError('SignatureNonceUsed', 'Specified signature nonce was used already.', 400);
}

export function incompleteSignature(detail: string): ApiError {
  return new ApiError(
    'IncompleteSignature',
    `The request signature does not conform to Aliyun standards. ${detail}`,
    400,
  );
}

export function contentHashMismatch(): ApiError {
  return new ApiError(
    'IncompleteSignature',
    'The request signature does not conform to Aliyun standards. x-acs-content-sha256 does not match the request body.',
    400,
  );
}

export function timestampFormat(value: string): ApiError {
  return new ApiError(
    'InvalidTimeStamp.Format',
    `Specified time stamp or date value "${value}" is not well formatted.`,
    400,
  );
}

export function timestampExpired(value: string): ApiError {
  return new ApiError('InvalidTimeStamp.Expired', `Specified time stamp "${value}" or date value is expired.`, 400);
}

export function securityTokenMismatch(): ApiError {
  return new ApiError(
    'InvalidSecurityToken.MismatchWithAccessKey',
    'The security token you provided does not match the AccessKey.',
    400,
  );
}

export function securityTokenExpired(): ApiError {
  return new ApiError('InvalidSecurityToken.Expired', 'The security token you provided has expired.', 400);
}
