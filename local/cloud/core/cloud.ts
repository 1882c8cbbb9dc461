// The state of one running local cloud: its clock, worlds, accepted
// credentials and request ids. Servers and admin routes hold one of these.
import type { LocalCloudContext } from './contracts';
import { Activity } from './activity';
import { SimClock } from './clock';
import { NonceRegistry } from './auth/nonces';
import { createIdSource, createRequestIdSource } from './ids';
import { RequestCounter } from './request-counter';
import { WorldRegistry, type LocalRegionWorld } from './world';

export interface LocalCloudSettings {
  accountId: string;
  regionId: string;
  accessKeyId: string;
  accessKeySecret: string;
  verifySignatures: boolean;
  /** Simulated epoch ms at start; default real now truncated to the second. */
  startMs?: number;
}

export class LocalCloud implements LocalCloudContext {
  readonly clock: SimClock;
  readonly worlds: WorldRegistry;
  readonly nonces = new NonceRegistry();
  /** Requests in flight and sleeping invocations: what the settled clock waits for. */
  readonly activity = new Activity();
  /** Requests served per action since start or the last reset (GET/DELETE /_local/requests). */
  readonly requests: RequestCounter;
  readonly nextRequestId: () => string;
  readonly defaultAccountId: string;
  readonly defaultRegionId: string;
  readonly verifySignatures: boolean;
  private readonly credentials = new Map<string, string>();
  private readonly stsCredentials = new Map<string, { secret: string; securityToken: string; expiresAtMs: number }>();
  private readonly stsIds: (prefix: string, length?: number) => string;

  constructor(readonly settings: LocalCloudSettings) {
    this.clock = new SimClock(settings.startMs === undefined ? {} : { startMs: settings.startMs });
    this.worlds = new WorldRegistry(this.clock);
    this.requests = new RequestCounter(() => this.clock.now());
    this.nextRequestId = createRequestIdSource(settings.accountId);
    this.defaultAccountId = settings.accountId;
    this.defaultRegionId = settings.regionId;
    this.verifySignatures = settings.verifySignatures;
    this.credentials.set(settings.accessKeyId, settings.accessKeySecret);
    this.stsIds = createIdSource(`sts:${settings.accountId}:${settings.accessKeyId}`);
  }

  world(accountId: string = this.defaultAccountId, regionId: string = this.defaultRegionId): LocalRegionWorld {
    return this.worlds.get(accountId, regionId);
  }

  secretFor(accessKeyId: string): string | undefined {
    return this.credentials.get(accessKeyId) ?? this.stsCredentials.get(accessKeyId)?.secret;
  }

  /**
   * Temporary credentials of this cloud's account, as STS AssumeRole hands
   * them out: calls signed with them must carry the SecurityToken. Expiry is
   * real time, like signature timestamps.
   */
  mintStsCredentials(
    durationSeconds = 3600,
    realNow = Date.now(),
  ): { AccessKeyId: string; AccessKeySecret: string; SecurityToken: string; Expiration: string } {
    const accessKeyId = this.stsIds('STS.', 24);
    const secret = this.stsIds('', 40);
    const securityToken = `CAIS${Buffer.from(this.stsIds('', 64), 'hex').toString('base64')}`;
    const expiresAtMs = realNow + durationSeconds * 1000;
    this.stsCredentials.set(accessKeyId, { secret, securityToken, expiresAtMs });
    return {
      AccessKeyId: accessKeyId,
      AccessKeySecret: secret,
      SecurityToken: securityToken,
      Expiration: new Date(expiresAtMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
  }

  /** The token an STS AccessKey id must come with, or undefined for a permanent key. */
  securityTokenFor(accessKeyId: string): { securityToken: string; expiresAtMs: number } | undefined {
    return this.stsCredentials.get(accessKeyId);
  }

  /** One account per access key: every key this cloud accepts belongs to its account. */
  accountFor(_accessKeyId: string): string {
    return this.defaultAccountId;
  }

  /** Drops every world, pending task and request count; simulated time keeps its value. */
  reset(): void {
    this.clock.clear();
    this.worlds.reset();
    this.requests.reset();
  }
}
