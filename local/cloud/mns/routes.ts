import {
  ApiError,
  type LocalCloudContext,
  type MnsModel,
  type RawHttpRequest,
  type RawHttpResponse,
  type RestProduct,
} from '../core/contracts';
import { mnsErrors } from './errors';
import * as h from './handlers';
import type { LocalMnsModel } from './model';
import { securityTokenLookup, verifyMnsRequest } from './signature';
import { renderXml } from './xml';

/** Method + path pattern → handler, as data. Named groups become `call.params`. */
const ROUTES: ReadonlyArray<{ method: string; path: RegExp; handler: h.MnsHandler; action: string }> = [
  { method: 'GET', path: /^\/topics$/, handler: h.listTopics, action: 'ListTopic' },
  { method: 'PUT', path: /^\/topics\/(?<topic>[^/]+)$/, handler: h.createTopic, action: 'CreateTopic' },
  { method: 'GET', path: /^\/topics\/(?<topic>[^/]+)$/, handler: h.getTopicAttributes, action: 'GetTopicAttributes' },
  { method: 'DELETE', path: /^\/topics\/(?<topic>[^/]+)$/, handler: h.deleteTopic, action: 'DeleteTopic' },
  {
    method: 'POST',
    path: /^\/topics\/(?<topic>[^/]+)\/messages$/,
    handler: h.publishMessage,
    action: 'PublishMessage',
  },
  {
    method: 'GET',
    path: /^\/topics\/(?<topic>[^/]+)\/subscriptions$/,
    handler: h.listSubscriptions,
    action: 'ListSubscriptionByTopic',
  },
  {
    method: 'PUT',
    path: /^\/topics\/(?<topic>[^/]+)\/subscriptions\/(?<subscription>[^/]+)$/,
    handler: h.subscribe,
    action: 'Subscribe',
  },
  {
    method: 'GET',
    path: /^\/topics\/(?<topic>[^/]+)\/subscriptions\/(?<subscription>[^/]+)$/,
    handler: h.getSubscriptionAttributes,
    action: 'GetSubscriptionAttributes',
  },
  {
    method: 'DELETE',
    path: /^\/topics\/(?<topic>[^/]+)\/subscriptions\/(?<subscription>[^/]+)$/,
    handler: h.unsubscribe,
    action: 'Unsubscribe',
  },
  { method: 'GET', path: /^\/queues$/, handler: h.listQueues, action: 'ListQueue' },
  { method: 'PUT', path: /^\/queues\/(?<queue>[^/]+)$/, handler: h.createQueue, action: 'CreateQueue' },
  { method: 'GET', path: /^\/queues\/(?<queue>[^/]+)$/, handler: h.getQueueAttributes, action: 'GetQueueAttributes' },
  { method: 'DELETE', path: /^\/queues\/(?<queue>[^/]+)$/, handler: h.deleteQueue, action: 'DeleteQueue' },
  { method: 'POST', path: /^\/queues\/(?<queue>[^/]+)\/messages$/, handler: h.sendMessage, action: 'SendMessage' },
  { method: 'GET', path: /^\/queues\/(?<queue>[^/]+)\/messages$/, handler: h.receiveMessage, action: 'ReceiveMessage' },
  {
    method: 'DELETE',
    path: /^\/queues\/(?<queue>[^/]+)\/messages$/,
    handler: h.deleteMessage,
    action: 'DeleteMessage',
  },
  {
    method: 'PUT',
    path: /^\/queues\/(?<queue>[^/]+)\/messages$/,
    handler: h.changeMessageVisibility,
    action: 'ChangeMessageVisibility',
  },
];

export const MNS_VERSION = '2015-06-06';

/** `{account}.mns.{region}[-internal[-vpc]].aliyuncs.com` names its world; any other host (127.0.0.1) is the default world. */
export function mnsWorldOf(
  host: string | undefined,
  ctx: LocalCloudContext,
): { accountId: string; regionId: string; named: boolean } {
  const match = /^(\d+)\.mns\.([a-z0-9-]+?)(?:-internal(?:-vpc)?)?\.aliyuncs\.com(?::\d+)?$/.exec(host ?? '');
  return match
    ? { accountId: match[1] ?? ctx.defaultAccountId, regionId: match[2] ?? ctx.defaultRegionId, named: true }
    : { accountId: ctx.defaultAccountId, regionId: ctx.defaultRegionId, named: false };
}

/** The account a key belongs to, when the context is the cloud (it knows); undefined otherwise. */
function accountOfKey(ctx: LocalCloudContext, accessKeyId: string): string | undefined {
  const accountFor: unknown = 'accountFor' in ctx ? ctx.accountFor : undefined;
  if (typeof accountFor !== 'function') return undefined;
  const account: unknown = accountFor.call(ctx, accessKeyId);
  return typeof account === 'string' ? account : undefined;
}

/** The world's MNS is this product's own model; handlers need its concrete API. */
export function localMns(model: MnsModel): LocalMnsModel {
  if (!('topics' in model) || !('queues' in model) || !('publishMessage' in model))
    throw new Error('the world does not hold the local MNS model');
  return model as LocalMnsModel;
}

function errorResponse(error: ApiError, requestId: string, hostId: string): RawHttpResponse {
  return {
    status: error.httpStatus,
    headers: { 'content-type': 'text/xml;charset=utf-8' },
    body: renderXml('Error', { Code: error.code, Message: error.message, RequestId: requestId, HostId: hostId }),
  };
}

export const mnsProduct: RestProduct = {
  name: 'mns',
  matches: (req) =>
    req.path === '/topics' ||
    req.path === '/queues' ||
    req.path.startsWith('/topics/') ||
    req.path.startsWith('/queues/'),
  actionOf: (req) => ROUTES.find((r) => r.method === req.method && r.path.test(req.path))?.action ?? 'UnknownRequest',
  async handle(req: RawHttpRequest, ctx: LocalCloudContext): Promise<RawHttpResponse> {
    const { accountId, regionId, named } = mnsWorldOf(req.headers['host'], ctx);
    const world = ctx.world(accountId, regionId);
    const mns = localMns(world.mns);
    const requestId = mns.ids.requestId();
    const host = req.headers['host'] ?? '127.0.0.1';
    const baseUrl = `http://${host}`;
    // Pushes name the URL of the key that verifies them; the server is reachable where the client reached it.
    mns.setSigningCertUrl(`${baseUrl}/_local/mns/signing-cert`);
    let response: RawHttpResponse;
    try {
      const version = req.headers['x-mns-version'];
      if (version !== MNS_VERSION) throw mnsErrors.invalidArgument(`The x-mns-version header must be ${MNS_VERSION}.`);
      if (ctx.verifySignatures) {
        const { accessKeyId } = verifyMnsRequest(req, (id) => ctx.secretFor(id), securityTokenLookup(ctx));
        // An endpoint names its account: another account's key may not use it.
        const owner = accountOfKey(ctx, accessKeyId);
        if (named && owner !== undefined && owner !== accountId) throw mnsErrors.accessDenied();
      }
      const route = ROUTES.find((r) => r.method === req.method && r.path.test(req.path));
      if (!route) throw mnsErrors.invalidRequestUrl();
      const params = route.path.exec(req.path)?.groups ?? {};
      response = await route.handler({ req, mns, baseUrl, params });
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('InternalError', 'Interal error.', 500);
      if (!(error instanceof ApiError)) console.error('local MNS: request failed:', error);
      response = errorResponse(apiError, requestId, `http://${accountId}.mns.${regionId}.aliyuncs.com`);
    }
    return {
      ...response,
      headers: {
        ...response.headers,
        'x-mns-request-id': requestId,
        'x-mns-version': MNS_VERSION,
        date: new Date(world.clock.now()).toUTCString(),
      },
    };
  },
};
