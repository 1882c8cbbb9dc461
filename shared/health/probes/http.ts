// One HTTP GET with a hard deadline, reporting status, a bounded body and
// the latency. Every failure (refused, reset, timeout) is a result, not a throw.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { HttpProbeRequest, HttpProbeResult } from '../ports';

export function probeHttp({ url, timeoutMs, maxBodyBytes }: HttpProbeRequest): Promise<HttpProbeResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: HttpProbeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      settle({ ok: false, error: `invalid URL ${url}`, latencyMs: 0 });
      return;
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    // A health probe must not reuse a pooled connection: it checks that a new one is accepted.
    const req = send(target, {
      method: 'GET',
      agent: false,
      headers: { 'user-agent': 'rollgate-health-check', connection: 'close' },
    });
    const deadline = setTimeout(() => {
      req.destroy();
      settle({ ok: false, error: `timed out after ${timeoutMs} ms`, latencyMs: elapsed() });
    }, timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) =>
      settle({ ok: false, error: error.code ?? error.message, latencyMs: elapsed() }),
    );
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < maxBodyBytes) chunks.push(chunk.subarray(0, maxBodyBytes - size));
        size += chunk.length;
        if (size >= maxBodyBytes) res.destroy();
      });
      const finish = (): void =>
        settle({
          ok: true,
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          latencyMs: elapsed(),
        });
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);
    });
    req.end();
  });
}
