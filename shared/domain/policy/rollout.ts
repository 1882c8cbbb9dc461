import * as z from 'zod';
import { ProcessSchema, SCALING_PROCESSES } from './common';

export const FAILURE_ACTIONS = ['rollback', 'hold', 'cancel'] as const;
export type FailureAction = (typeof FAILURE_ACTIONS)[number];

/** The OOS template's own default batch count. */
export const DEFAULT_BATCH_NUMBER = 5;

export const RolloutSchema = z
  .strictObject({
    batchNumber: z
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe(`number of batches (OOS batchNumber); default ${DEFAULT_BATCH_NUMBER}`),
    batchPercent: z
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe('share of the group per batch; batchNumber = ceil(100 / batchPercent)'),
    enterProcess: z
      .array(ProcessSchema)
      .default([...SCALING_PROCESSES])
      .describe('scaling processes suspended while the rollout runs'),
    exitProcess: z
      .array(ProcessSchema)
      .default([...SCALING_PROCESSES])
      .describe('scaling processes resumed when it ends'),
    maxErrors: z
      .int()
      .min(0)
      .max(100)
      .default(0)
      .describe('failed instances OOS tolerates before the execution fails (image rollouts only)'),
    onFailure: z.enum(FAILURE_ACTIONS).default('rollback').describe('what a failed gate does'),
    holdReminderSeconds: z
      .int()
      .min(60)
      .max(604800)
      .default(3600)
      .describe('reminder interval while a rollout is held'),
    maxAttempts: z.int().min(1).max(10).default(2).describe('executions of one revision before it is rejected'),
    instanceSeconds: z
      .int()
      .min(1)
      .max(86400)
      .optional()
      .describe('estimated seconds per batch of instances (default by kind: image 300, script 60, package 120)'),
    oosAssumeRole: z.string().min(1).optional().describe('RAM role OOS runs the template as (OOSAssumeRole)'),
  })
  .refine((r) => r.batchNumber === undefined || r.batchPercent === undefined, {
    message: 'give batchNumber or batchPercent, not both',
    params: { allowed: 'batchNumber (1-100) or batchPercent (1-100)' },
  });
export type Rollout = z.infer<typeof RolloutSchema>;

/** OOS batchNumber from the rollout settings. */
export function batchNumberOf(rollout: Pick<Rollout, 'batchNumber' | 'batchPercent'>): number {
  if (rollout.batchNumber !== undefined) return rollout.batchNumber;
  if (rollout.batchPercent !== undefined) return Math.ceil(100 / rollout.batchPercent);
  return DEFAULT_BATCH_NUMBER;
}
