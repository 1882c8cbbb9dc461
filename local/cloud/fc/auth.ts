import type { LocalCloudContext, RawHttpRequest } from '../core/contracts';
import { parseQueryPairs } from '../core/auth/encode';
import { NonceRegistry } from '../core/auth/nonces';
import { verifyRpcRequest, type AuthEnvironment } from '../core/auth/verify';

// FC 3.0 requests are signed ACS3-HMAC-SHA256 like every current SDK call;
// the core's verifier checks them (path, query and signed headers included).

/** Nonces of FC calls when the context does not carry the cloud's registry. */
const fallbackNonces = new WeakMap<LocalCloudContext, NonceRegistry>();

function noncesOf(ctx: LocalCloudContext): NonceRegistry {
  const shared: unknown = 'nonces' in ctx ? ctx.nonces : undefined;
  if (shared instanceof NonceRegistry) return shared;
  let own = fallbackNonces.get(ctx);
  if (!own) {
    own = new NonceRegistry();
    fallbackNonces.set(ctx, own);
  }
  return own;
}

type TokenLookup = (accessKeyId: string) => { securityToken: string; expiresAtMs: number } | undefined;

/** The cloud's STS token lookup, when the context is the cloud (temporary keys must carry their token). */
export function securityTokenLookup(ctx: LocalCloudContext): TokenLookup | undefined {
  const lookup: unknown = 'securityTokenFor' in ctx ? ctx.securityTokenFor : undefined;
  return typeof lookup === 'function' ? (id) => (lookup as TokenLookup).call(ctx, id) : undefined;
}

/** Throws the core's auth ApiErrors (IncompleteSignature, SignatureDoesNotMatch, InvalidAccessKeyId.NotFound …). */
export function verifyFcRequest(req: RawHttpRequest, ctx: LocalCloudContext): { accessKeyId: string } {
  const query = parseQueryPairs(req.rawQuery);
  const tokens = securityTokenLookup(ctx);
  const env: AuthEnvironment = {
    secretFor: (id) => ctx.secretFor(id),
    ...(tokens === undefined ? {} : { securityTokenFor: tokens }),
    nonces: noncesOf(ctx),
    realNow: () => Date.now(),
  };
  return verifyRpcRequest(
    {
      method: req.method,
      path: req.path,
      query,
      headers: req.headers,
      body: req.body,
      params: Object.fromEntries(query),
    },
    env,
  );
}
