import { ApiError } from '../core/contracts';

// MNS error codes, statuses and messages as the service returns them
// (https://www.alibabacloud.com/help/doc-detail/27501.html).

export const mnsErrors = {
  accessDenied: () =>
    new ApiError(
      'AccessDenied',
      'The OwnerId that your Access Key Id associated to is forbidden for this operation.',
      403,
    ),
  invalidAccessKeyId: () => new ApiError('InvalidAccessKeyId', 'The AccessKey Id you provided is not exist.', 403),
  signatureDoesNotMatch: () =>
    new ApiError(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      403,
    ),
  // STS errors: MNS documents none; the codes the rest of the local cloud uses (docs/decisions.md).
  securityTokenMismatch: () =>
    new ApiError(
      'InvalidSecurityToken.MismatchWithAccessKey',
      'The security token you provided does not match the AccessKey.',
      403,
    ),
  securityTokenExpired: () =>
    new ApiError('InvalidSecurityToken.Expired', 'The security token you provided has expired.', 403),
  missingAuthorizationHeader: () =>
    new ApiError('MissingAuthorizationHeader', 'Authorization header is required.', 400),
  invalidAuthorizationHeader: () =>
    new ApiError('InvalidAuthorizationHeader', 'The Authorization header format is invalid.', 400),
  missingDateHeader: () => new ApiError('MissingDateHeader', 'Date header is required.', 400),
  invalidDateHeader: () => new ApiError('InvalidDateHeader', 'The Date header format is invalid.', 400),
  invalidDigest: () => new ApiError('InvalidDegist', 'The Content-MD5 you specified is invalid.', 400),
  invalidRequestUrl: () => new ApiError('InvalidRequestURL', 'Http request URL format invalid.', 400),
  malformedXml: () => new ApiError('MalformedXML', 'The XML you provided was not well-formed.', 400),
  invalidArgument: (message: string) => new ApiError('InvalidArgument', message, 400),
  invalidSchema: (element: string) =>
    new ApiError(
      'InvalidArgument',
      `The XML you provided did not validate against our published schema, cause by ${element}.`,
      400,
    ),
  outOfRange: (element: string, low: number, high: number) =>
    new ApiError('InvalidArgument', `The value of ${element} should between ${low} and ${high} seconds/bytes.`, 400),
  missingReceiptHandle: () => new ApiError('MissingReceiptHandle', 'ReceiptHandle is required.', 400),
  missingVisibilityTimeout: () => new ApiError('MissingVisibilityTimeout', 'VisibilityTimeout is required.', 400),
  receiptHandleError: () => new ApiError('ReceiptHandleError', 'The receipt handle you provide is not valid.', 400),
  messageNotExist: () => new ApiError('MessageNotExist', 'Message not exist.', 404),
  queueNotExist: () => new ApiError('QueueNotExist', 'The queue name you provided is not exist.', 404),
  queueAlreadyExist: () => new ApiError('QueueAlreadyExist', 'The queue you want to create already exists.', 409),
  invalidQueueName: () =>
    new ApiError(
      'InvalidQueueName',
      'The queue name you provided is not valid. QueueName should start with alpha, and only alpha, number and - are allowed.',
      400,
    ),
  topicNotExist: () => new ApiError('TopicNotExist', 'The topic name you provided is not exist.', 404),
  topicAlreadyExist: () => new ApiError('TopicAlreadyExist', 'The topic you want to create already exists.', 409),
  invalidTopicName: () =>
    new ApiError(
      'InvalidTopicName',
      'The topic name you provided is not valid. TopicName should start with alpha, and only alpha, number and - are allowed.',
      400,
    ),
  subscriptionNotExist: () =>
    new ApiError('SubscriptionNotExist', 'The subscription name you provided is not exist.', 404),
  subscriptionAlreadyExist: () =>
    new ApiError('SubscriptionAlreadyExist', 'The subscription you want to create already exists.', 409),
  invalidSubscriptionName: () =>
    new ApiError(
      'InvalidSubscriptionName',
      'The subscription name you provided is not valid. SubscriptionName should start with alpha, and only alpha, number and - are allowed.',
      400,
    ),
  invalidEndpoint: (endpoint: string) => new ApiError('InvalidArgument', `The Endpoint ${endpoint} is not valid.`, 400),
  messageBodyTooLarge: (max: number) =>
    new ApiError('InvalidArgument', `The length of MessageBody should between 1 and ${max} bytes.`, 400),
};
