// Cloud Assistant: RunCommand invocations that finish after a simulated
// duration (the script's `sleep N` lines, else 5 s) or are stopped at their
// Timeout. Exit code: 1 when the instance has an injected update fault, else N
// when the script's last command is `exit N`, else 0; -1 after a timeout.
import type { EcsInstanceRecord, RegionWorld } from '../core/contracts';
import { idempotentParameterMismatch, invokeNotFound } from './errors';

export const DEFAULT_COMMAND_SECONDS = 5;

export interface InvocationInstanceResult {
  instanceId: string;
  status: 'Pending' | 'Running' | 'Success' | 'Failed';
  exitCode: number;
  /** Plain text (handlers base64-encode it for the wire). */
  output: string;
  startTime: string;
  finishedTime?: string;
}

export interface InvocationRecord {
  invokeId: string;
  commandId: string;
  name: string;
  type: string;
  content: string;
  timeoutSeconds: number;
  creationTime: string;
  status: 'Running' | 'Finished' | 'Failed' | 'PartialFailed';
  results: InvocationInstanceResult[];
}

/** The exit code a script asks for with a final `exit N` line (0 when it does not). */
export function scriptedExitCode(content: string): number {
  const lines = content
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const last = lines[lines.length - 1] ?? '';
  const match = /^exit\s+(\d+)\s*;?$/.exec(last);
  return match ? Number(match[1]) % 256 : 0;
}

/** How long a script runs here: the sum of its `sleep N` lines (seconds), else the default. */
export function scriptedDurationSeconds(content: string): number {
  const sleeps = content
    .split('\n')
    .map((l) => /^\s*sleep\s+(\d+)\s*;?\s*$/.exec(l)?.[1])
    .filter((n) => n !== undefined);
  return sleeps.length === 0 ? DEFAULT_COMMAND_SECONDS : sleeps.reduce((sum, n) => sum + Number(n), 0);
}

export class CommandRunner {
  private readonly invocations = new Map<string, InvocationRecord>();
  /** ClientToken → the invocation it started and the request it came with. */
  private readonly clientTokens = new Map<string, { invokeId: string; request: string }>();

  constructor(
    private readonly world: RegionWorld,
    private readonly instance: (id: string) => EcsInstanceRecord,
  ) {}

  run(opts: {
    instanceIds: string[];
    content: string;
    type: string;
    name?: string;
    timeoutSeconds?: number;
    durationSeconds?: number;
    /** Same token and request → the same invocation, nothing run again; same token, other request → refused. */
    clientToken?: string;
  }): InvocationRecord {
    const { clientToken, durationSeconds: _duration, ...asked } = opts;
    const request = JSON.stringify(asked);
    const earlier = clientToken === undefined ? undefined : this.clientTokens.get(clientToken);
    if (clientToken !== undefined && earlier !== undefined) {
      if (earlier.request !== request) throw idempotentParameterMismatch(clientToken);
      return this.get(earlier.invokeId);
    }
    const instances = opts.instanceIds.map((id) => this.instance(id));
    const now = this.world.clock.iso();
    const invocation: InvocationRecord = {
      invokeId: this.world.newId('t-', 20),
      commandId: this.world.newId('c-', 20),
      name: opts.name ?? 'rollgate-command',
      type: opts.type,
      content: opts.content,
      timeoutSeconds: opts.timeoutSeconds ?? 60,
      creationTime: now,
      status: 'Running',
      results: instances.map((i) => ({
        instanceId: i.instanceId,
        status: 'Running',
        exitCode: 0,
        output: '',
        startTime: now,
      })),
    };
    this.invocations.set(invocation.invokeId, invocation);
    if (clientToken !== undefined) this.clientTokens.set(clientToken, { invokeId: invocation.invokeId, request });
    const duration = opts.durationSeconds ?? scriptedDurationSeconds(opts.content);
    if (duration > invocation.timeoutSeconds) {
      this.world.clock.schedule(
        invocation.timeoutSeconds,
        () => this.timeOut(invocation),
        `invocation ${invocation.invokeId} timeout`,
      );
    } else {
      this.world.clock.schedule(duration, () => this.finish(invocation), `invocation ${invocation.invokeId}`);
    }
    return invocation;
  }

  get(invokeId: string): InvocationRecord {
    const invocation = this.invocations.get(invokeId);
    if (!invocation) throw invokeNotFound(invokeId);
    return invocation;
  }

  find(invokeId: string): InvocationRecord | undefined {
    return this.invocations.get(invokeId);
  }

  list(): InvocationRecord[] {
    return [...this.invocations.values()];
  }

  private finish(invocation: InvocationRecord): void {
    const finishedTime = this.world.clock.iso();
    for (const result of invocation.results) {
      const instance = this.instanceOrUndefined(result.instanceId);
      let exitCode = scriptedExitCode(invocation.content);
      let output = exitCode === 0 ? 'ok\n' : `script exited with ${exitCode}\n`;
      if (!instance) {
        exitCode = 1;
        output = 'instance no longer exists\n';
      } else if (this.world.faults.instanceUpdateFails(instance.instanceId)) {
        this.world.faults.consumeInstanceUpdateFailure(instance.instanceId);
        exitCode = 1;
        output = 'injected fault: command failed on this instance\n';
      }
      result.exitCode = exitCode;
      result.output = output;
      result.status = exitCode === 0 ? 'Success' : 'Failed';
      result.finishedTime = finishedTime;
      instance?.commandsRun.push({
        invokeId: invocation.invokeId,
        content: invocation.content,
        exitCode,
        at: finishedTime,
      });
    }
    const failed = invocation.results.filter((r) => r.status === 'Failed').length;
    invocation.status = failed === 0 ? 'Finished' : failed === invocation.results.length ? 'Failed' : 'PartialFailed';
  }

  /** Cloud Assistant stops a command at its Timeout: every instance fails. */
  private timeOut(invocation: InvocationRecord): void {
    const finishedTime = this.world.clock.iso();
    for (const result of invocation.results) {
      Object.assign(result, {
        status: 'Failed',
        exitCode: -1,
        output: `command timed out after ${invocation.timeoutSeconds} s\n`,
        finishedTime,
      });
      this.instanceOrUndefined(result.instanceId)?.commandsRun.push({
        invokeId: invocation.invokeId,
        content: invocation.content,
        exitCode: -1,
        at: finishedTime,
      });
    }
    invocation.status = 'Failed';
  }

  private instanceOrUndefined(id: string): EcsInstanceRecord | undefined {
    try {
      return this.instance(id);
    } catch {
      return undefined;
    }
  }
}
