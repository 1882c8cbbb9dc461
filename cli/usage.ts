// Exit codes of the CLI: what happened, for pipelines to branch on.
export const EXIT = {
  done: 0,
  failed: 1,
  usage: 2,
  /** Blocked or rejected: a conflict with a running rollout, a rejected or unknown revision, a blocked group. */
  blocked: 3,
} as const;

/** Bad usage (exit 2): what is wrong and how to fix it. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
