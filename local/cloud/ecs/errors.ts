// ECS error codes as the real service returns them.
import { ApiError } from '../core/contracts';

export const instanceNotFound = (id: string) =>
  new ApiError('InvalidInstanceId.NotFound', `The specified InstanceId "${id}" does not exist.`, 404);
export const imageNotFound = (id: string) =>
  new ApiError('InvalidImageId.NotFound', `The specified ImageId "${id}" does not exist.`, 404);
export const imageNotAvailable = (id: string) =>
  new ApiError(
    'InvalidImageId.NotAvailable',
    `The specified image "${id}" is not available (it is still being created or failed).`,
    400,
  );
export const imageNameDuplicated = (name: string) =>
  new ApiError('InvalidImageName.Duplicated', `The specified custom image name "${name}" already exists.`, 400);
export const diskNotFound = (id: string) =>
  new ApiError('InvalidDiskId.NotFound', `The specified disk "${id}" does not exist.`, 404);
export const incorrectInstanceStatus = (id: string, status: string, needed: string) =>
  new ApiError(
    'IncorrectInstanceStatus',
    `The current status of the resource does not support this operation. Instance ${id} is ${status}; it must be ${needed}.`,
    403,
  );
/** A ClientToken used before with other parameters (ECS "How to ensure idempotence"). */
export const idempotentParameterMismatch = (token: string) =>
  new ApiError(
    'IdempotentParameterMismatch',
    `The request uses the same client token "${token}" as a previous, but non-identical request.`,
    400,
  );
export const invokeNotFound = (id: string) =>
  new ApiError('InvalidInvokeId.NotFound', `The specified InvokeId "${id}" does not exist.`, 404);
export const updateFailed = (id: string) =>
  new ApiError(
    'InternalError',
    `The request processing has failed due to some unknown error, exception or failure (update of ${id} failed).`,
    500,
  );
