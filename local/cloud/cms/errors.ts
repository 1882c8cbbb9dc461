// CloudMonitor-specific refusals. Parameter errors use the shared codes of
// core/errors; these are the ones only metric queries raise.
import { ApiError } from '../core/contracts';
import { invalidParameter } from '../core/errors';

export function invalidDimensions(detail: string): ApiError {
  return invalidParameter('Dimensions', detail);
}

export function invalidTimeRange(): ApiError {
  return invalidParameter('StartTime', 'The start time must be earlier than the end time.');
}

export function invalidNextToken(): ApiError {
  return new ApiError('InvalidParameter', 'The specified parameter "NextToken" is not valid.', 400);
}
