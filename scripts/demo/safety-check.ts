// Every execution the demo started, read from the local cloud's admin view:
// each must have been started with SafetyCheck Skip (the local cloud echoes
// what StartExecution was sent, defaulting to ConfirmEveryHighRiskAction).
import type { DemoEnvironment } from './environment';

export interface SafetyCheckReport {
  executions: number;
  notSkipped: string[];
}

interface AdminPage {
  Executions: Array<{ ExecutionId: string; SafetyCheck: string }>;
  NextToken?: string;
}

export async function safetyCheckReport(env: DemoEnvironment): Promise<SafetyCheckReport> {
  const all: AdminPage['Executions'] = [];
  let token: string | undefined;
  do {
    const query = token === undefined ? '' : `?NextToken=${encodeURIComponent(token)}`;
    const page = (await (await fetch(`${env.cloud.url}/_local/oos/executions${query}`)).json()) as AdminPage;
    all.push(...page.Executions);
    token = page.NextToken || undefined;
  } while (token !== undefined);
  return {
    executions: all.length,
    notSkipped: all.filter((e) => e.SafetyCheck !== 'Skip').map((e) => `${e.ExecutionId} (${e.SafetyCheck})`),
  };
}
