// A TCP connect with a deadline: healthy means the port accepted a new
// connection. The socket is closed right away; nothing is sent.
import { connect } from 'node:net';
import type { TcpProbeResult } from '../ports';

export function probeTcp(host: string, port: number, timeoutMs: number): Promise<TcpProbeResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let settled = false;
    const settle = (result: TcpProbeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      socket.destroy();
      resolve(result);
    };
    const deadline = setTimeout(
      () => settle({ ok: false, error: `timed out after ${timeoutMs} ms`, latencyMs: elapsed() }),
      timeoutMs,
    );
    socket.once('connect', () => settle({ ok: true, latencyMs: elapsed() }));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      settle({ ok: false, error: error.code ?? error.message, latencyMs: elapsed() }),
    );
  });
}
