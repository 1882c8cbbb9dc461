// Opens one listener per Running instance on its loopback private IP
// (127.x.y.z) at the application port, so HTTP and TCP probes from this
// machine reach the simulated application. Listeners exist only while probes
// are enabled, bind only to 127.x addresses (never 0.0.0.0), follow the
// instances (opened when one runs, closed when it stops, is deleted or gets
// the `refuse` fault) and are all closed by close().
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { EcsInstanceRecord } from '../core/contracts';
import { answer, listens, type ProbeFault } from './app';

export const DEFAULT_APP_PORT = 8080;
/** Real milliseconds between checks of the instance list while enabled. */
const SYNC_INTERVAL_MS = 25;

export interface ProbeSettings {
  enabled: boolean;
  /** Application port on every instance; 0 = pick a free one once and use it for all. */
  port: number;
}

export interface ProbeListenerInfo {
  ip: string;
  port: number;
  instanceId: string;
}

interface Listener {
  ip: string;
  instanceId: string;
  server: Server;
  sockets: Set<Socket>;
}

export class ProbeService {
  private settings: ProbeSettings;
  /** The port actually bound (differs from settings.port when that is 0). */
  private boundPort: number | undefined;
  private readonly listeners = new Map<string, Listener>();
  private readonly faults = new Map<string, ProbeFault>();
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> = Promise.resolve();
  private closed = false;

  /** `instances` lists every instance of every world, read fresh on each sync and connection. */
  constructor(
    private readonly instances: () => readonly EcsInstanceRecord[],
    settings: Partial<ProbeSettings> = {},
  ) {
    this.settings = { enabled: settings.enabled ?? false, port: settings.port ?? DEFAULT_APP_PORT };
  }

  status(): { enabled: boolean; port: number; listeners: ProbeListenerInfo[]; faults: Record<string, ProbeFault> } {
    const port = this.boundPort ?? this.settings.port;
    return {
      enabled: this.settings.enabled,
      port,
      listeners: [...this.listeners.values()].map((l) => ({ ip: l.ip, port, instanceId: l.instanceId })),
      faults: Object.fromEntries(this.faults),
    };
  }

  /** Enables or disables probes (and may change the port); resolves once listeners match the instances. */
  async configure(settings: Partial<ProbeSettings>): Promise<void> {
    if (this.closed) throw new Error('probe service is closed');
    const portChanged = settings.port !== undefined && settings.port !== this.settings.port;
    this.settings = { ...this.settings, ...settings };
    if (portChanged) {
      await this.enqueue(() => this.closeAll());
      this.boundPort = undefined;
    }
    if (this.settings.enabled && !this.timer) {
      this.timer = setInterval(() => void this.sync(), SYNC_INTERVAL_MS);
      this.timer.unref();
    }
    if (!this.settings.enabled && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    await this.sync();
  }

  setFault(instanceId: string, fault: ProbeFault | undefined): Promise<void> {
    if (fault === undefined) this.faults.delete(instanceId);
    else this.faults.set(instanceId, fault);
    return this.sync();
  }

  clearFaults(): Promise<void> {
    this.faults.clear();
    return this.sync();
  }

  /** Opens and closes listeners so that exactly the listening instances have one. Serialized. */
  sync(): Promise<void> {
    return this.enqueue(() => this.reconcile());
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.settings = { ...this.settings, enabled: false };
    await this.enqueue(() => this.closeAll());
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.syncing.then(task, task);
    this.syncing = run.catch(() => undefined);
    return run;
  }

  private wanted(): Map<string, EcsInstanceRecord> {
    const wanted = new Map<string, EcsInstanceRecord>();
    if (!this.settings.enabled || this.closed) return wanted;
    for (const instance of this.instances()) {
      if (!isLoopback(instance.privateIp) || !listens(instance, this.faults.get(instance.instanceId))) continue;
      // Two worlds may hand out the same address; the first instance keeps it.
      if (!wanted.has(instance.privateIp)) wanted.set(instance.privateIp, instance);
    }
    return wanted;
  }

  private async reconcile(): Promise<void> {
    const wanted = this.wanted();
    const stale = [...this.listeners.values()].filter((l) => wanted.get(l.ip)?.instanceId !== l.instanceId);
    await Promise.all(stale.map((l) => this.closeListener(l)));
    for (const [ip, instance] of wanted) {
      if (this.listeners.has(ip)) continue;
      try {
        await this.open(ip, instance.instanceId);
      } catch (error) {
        console.error(`local cloud: probes: cannot listen on ${ip}:${this.boundPort ?? this.settings.port}:`, error);
      }
    }
  }

  private async open(ip: string, instanceId: string): Promise<void> {
    const sockets = new Set<Socket>();
    const server = createServer((req, res) => {
      const instance = this.current(ip, instanceId);
      if (!instance) {
        req.socket.destroy();
        return;
      }
      const reply = answer(instance, this.faults.get(instanceId), req.method ?? 'GET', req.url ?? '/');
      if (reply.kind === 'hang') return; // the socket stays open until the client gives up or close()
      const body = JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
    server.on('connection', (socket: Socket) => {
      // The instance may have stopped since the last sync: behave as a closed port would.
      if (!this.current(ip, instanceId)) {
        socket.destroy();
        return;
      }
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort ?? this.settings.port, ip, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.boundPort ??= (server.address() as AddressInfo).port;
    this.listeners.set(ip, { ip, instanceId, server, sockets });
  }

  /** The instance behind a listener, if it should still answer. */
  private current(ip: string, instanceId: string): EcsInstanceRecord | undefined {
    if (!this.settings.enabled) return undefined;
    const instance = this.instances().find((i) => i.instanceId === instanceId && i.privateIp === ip);
    return instance && listens(instance, this.faults.get(instanceId)) ? instance : undefined;
  }

  private async closeListener(listener: Listener): Promise<void> {
    this.listeners.delete(listener.ip);
    for (const socket of listener.sockets) socket.destroy();
    await new Promise<void>((resolve) => listener.server.close(() => resolve()));
  }

  private async closeAll(): Promise<void> {
    await Promise.all([...this.listeners.values()].map((l) => this.closeListener(l)));
  }
}

/** 127.0.0.0/8 only: the emulator never listens on a routable address. */
export function isLoopback(ip: string): boolean {
  const parts = ip.split('.');
  return parts.length === 4 && parts[0] === '127' && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}
