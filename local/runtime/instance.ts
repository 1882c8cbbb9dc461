import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { FunctionSpec } from './spec';
import { WORKER_SOURCE } from './worker-source';

// One function's instance: a worker thread with the function's own
// environment (FC gives every function its own process environment), started
// on first use (a cold start) and replaced after a timeout or a crash.

export class FunctionTimeoutError extends Error {
  constructor(functionName: string, timeoutSeconds: number) {
    super(`Function timed out after ${timeoutSeconds} seconds (function ${functionName})`);
    this.name = 'FunctionTimeoutError';
  }
}

export interface InvocationContext {
  requestId: string;
  credentials: { accessKeyId: string; accessKeySecret: string; securityToken: string };
  function: { name: string; handler: string; memory: number; timeout: number };
  region: string;
  accountId: string;
}

export interface InstanceOptions {
  spec: FunctionSpec;
  env: Record<string, string>;
  /** Real seconds allowed per configured timeout second (1 = as configured). */
  timeoutScale: number;
  /** Where the instance's stdout/stderr lines and logger lines go. */
  onOutput: (line: string) => void;
}

interface Pending {
  /** The instance it runs on: a dying instance fails only its own invocations. */
  worker: Worker;
  resolve: (body: Buffer) => void;
  reject: (error: Error) => void;
  log: ((line: string) => void) | undefined;
  timer: NodeJS.Timeout;
}

interface WorkerError {
  name: string;
  message: string;
  stack: string;
}

/** `index.handler` → `<codeDir>/index.js` (or .cjs) and export `handler`. */
export function resolveHandler(spec: FunctionSpec): { file: string; exportName: string } {
  const dot = spec.handler.lastIndexOf('.');
  const base = spec.handler.slice(0, dot);
  const exportName = spec.handler.slice(dot + 1);
  const candidates = ['.js', '.cjs'].map((ext) => join(spec.codeDir, `${base}${ext}`));
  const file = candidates.find((f) => existsSync(f));
  if (!file) {
    throw new Error(
      `function ${spec.functionName}: no ${base}.js in ${spec.codeDir} (handler ${spec.handler}); build the bundles first (npm run build)`,
    );
  }
  return { file, exportName };
}

function rebuildError(e: WorkerError): Error {
  const error = new Error(e.message);
  error.name = e.name;
  error.stack = e.stack || `${e.name}: ${e.message}`;
  return error;
}

function forwardLines(stream: Readable, onLine: (line: string) => void): void {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  stream.on('end', () => {
    if (buffered !== '') onLine(buffered);
  });
}

interface RunningWorker {
  worker: Worker;
  /** Resolves once the bundle is loaded (a cold start does not count against the timeout). */
  ready: Promise<void>;
}

export class FunctionInstance {
  private current: RunningWorker | undefined;
  private readonly pending = new Map<number, Pending>();
  private sequence = 0;
  private readonly target: { file: string; exportName: string };

  constructor(private readonly options: InstanceOptions) {
    this.target = resolveHandler(options.spec);
  }

  get functionName(): string {
    return this.options.spec.functionName;
  }

  private start(): RunningWorker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: this.target,
      env: this.options.env,
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, this.options.spec.memorySize) },
    });
    forwardLines(worker.stdout, this.options.onOutput);
    forwardLines(worker.stderr, this.options.onOutput);
    const ready = new Promise<void>((resolve) => {
      worker.on('message', (message: unknown) => {
        if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'ready')
          resolve();
        else this.onMessage(message);
      });
      // A worker that dies while loading is not ready, but waiting invocations must go on to fail.
      worker.on('exit', () => resolve());
    });
    worker.on('error', (error) => this.failAll(worker, error));
    worker.on('exit', (code) => {
      if (this.current?.worker === worker) this.current = undefined;
      this.failAll(worker, new Error(`function ${this.functionName}: instance exited with code ${code}`));
    });
    return { worker, ready };
  }

  private onMessage(message: unknown): void {
    if (typeof message !== 'object' || message === null) return;
    const m = message as {
      type?: string;
      id?: number;
      line?: string;
      ok?: boolean;
      body?: Uint8Array;
      error?: WorkerError;
    };
    const pending = m.id === undefined ? undefined : this.pending.get(m.id);
    if (m.type === 'log' && typeof m.line === 'string') {
      this.options.onOutput(m.line);
      pending?.log?.(m.line);
      return;
    }
    if (m.type !== 'result' || !pending || m.id === undefined) return;
    this.pending.delete(m.id);
    clearTimeout(pending.timer);
    if (m.ok) pending.resolve(Buffer.from(m.body ?? new Uint8Array(0)));
    else pending.reject(rebuildError(m.error ?? { name: 'Error', message: 'unknown function error', stack: '' }));
  }

  private failAll(worker: Worker | undefined, error: Error): void {
    for (const [id, p] of this.pending) {
      if (worker !== undefined && p.worker !== worker) continue;
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(error);
    }
  }

  /** Runs the handler; resolves to the encoded return value, rejects with the function's error. */
  async invoke(event: Buffer, context: InvocationContext, log?: (line: string) => void): Promise<Buffer> {
    this.current ??= this.start();
    const { worker, ready } = this.current;
    await ready;
    if (this.current?.worker !== worker)
      throw new Error(`function ${this.functionName}: instance exited while starting`);
    const id = ++this.sequence;
    const { timeoutSeconds } = this.options.spec;
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          this.pending.delete(id);
          reject(new FunctionTimeoutError(this.functionName, timeoutSeconds));
          // FC stops the instance of a timed-out invocation; the next call starts a fresh one.
          if (this.current?.worker === worker) this.current = undefined;
          void worker.terminate();
        },
        timeoutSeconds * 1000 * this.options.timeoutScale,
      );
      this.pending.set(id, { worker, resolve, reject, log, timer });
      worker.postMessage({ type: 'invoke', id, event: new Uint8Array(event), context });
    });
  }

  async close(): Promise<void> {
    const worker = this.current?.worker;
    this.current = undefined;
    if (worker) await worker.terminate();
    this.failAll(undefined, new Error(`function ${this.functionName}: runtime closed`));
  }
}
