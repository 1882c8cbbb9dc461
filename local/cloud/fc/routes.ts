import {
  ApiError,
  type FcModel,
  type LocalCloudContext,
  type RawHttpRequest,
  type RawHttpResponse,
  type RestProduct,
} from '../core/contracts';
import { verifyFcRequest } from './auth';
import { fcErrors } from './errors';
import * as h from './handlers';
import type { LocalFcModel } from './model';

export const FC_API_VERSION = '2023-03-30';

const ROUTES: ReadonlyArray<{ method: string; path: RegExp; handler: h.FcHandler; action: string }> = [
  {
    method: 'POST',
    path: /^\/2023-03-30\/functions\/(?<function>[^/]+)\/invocations$/,
    handler: h.invokeFunction,
    action: 'InvokeFunction',
  },
  { method: 'GET', path: /^\/2023-03-30\/functions$/, handler: h.listFunctions, action: 'ListFunctions' },
  {
    method: 'GET',
    path: /^\/2023-03-30\/functions\/(?<function>[^/]+)$/,
    handler: h.getFunction,
    action: 'GetFunction',
  },
];

/** `{account}.{region}[-internal].fc.aliyuncs.com` names its world; any other host is the default world. */
export function fcWorldOf(host: string | undefined, ctx: LocalCloudContext): { accountId: string; regionId: string } {
  const match = /^(\d+)\.([a-z0-9-]+?)(?:-internal)?\.fc\.aliyuncs\.com(?::\d+)?$/.exec(host ?? '');
  return { accountId: match?.[1] ?? ctx.defaultAccountId, regionId: match?.[2] ?? ctx.defaultRegionId };
}

export function localFc(model: FcModel): LocalFcModel {
  if (!('names' in model) || !('idle' in model) || !('has' in model))
    throw new Error('the world does not hold the local FC model');
  return model as LocalFcModel;
}

function errorResponse(error: ApiError, requestId: string): RawHttpResponse {
  return {
    status: error.httpStatus,
    headers: { 'content-type': 'application/json', 'x-fc-request-id': requestId },
    body: JSON.stringify({ Code: error.code, Message: error.message, RequestId: requestId }),
  };
}

export const fcProduct: RestProduct = {
  name: 'fc',
  matches: (req) => req.path.startsWith(`/${FC_API_VERSION}/`),
  actionOf: (req) => ROUTES.find((r) => r.method === req.method && r.path.test(req.path))?.action ?? 'UnknownRequest',
  async handle(req: RawHttpRequest, ctx: LocalCloudContext): Promise<RawHttpResponse> {
    const { accountId, regionId } = fcWorldOf(req.headers['host'], ctx);
    const fc = localFc(ctx.world(accountId, regionId).fc);
    const requestId = fc.newRequestId();
    try {
      if (ctx.verifySignatures) verifyFcRequest(req, ctx);
      const route = ROUTES.find((r) => r.method === req.method && r.path.test(req.path));
      if (!route) throw fcErrors.pathNotSupported(req.method, req.path);
      return await route.handler({ req, fc, requestId, params: route.path.exec(req.path)?.groups ?? {} });
    } catch (error) {
      if (error instanceof ApiError) return errorResponse(error, requestId);
      console.error('local FC: request failed:', error);
      return errorResponse(new ApiError('InternalError', 'internal error', 500), requestId);
    }
  },
};
