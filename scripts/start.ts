// npm start: rollgate end to end on the embedded local cloud. The demo fleet
// (canary and prod waves of family app-base, one unmanaged group) gets a new
// app-base image; rollgate rolls the canary first, then the prod wave, batch
// by batch. Phases live in scripts/demo/ so more can be added.
import { loadPolicy } from '../shared/controller/policy-file';
import { EVENTS_TOPIC, startDemoEnvironment } from './demo/environment';
import { parseDemoArgs, USAGE, UsageError, type DemoOptions } from './demo/options';
import { createProgressView } from './demo/progress';
import { publishNewImage } from './demo/publish-image';
import { buildReport, repeatedEvents, summaryTable, writeReport } from './demo/report';
import { rejectionProblems, runBadImagePhase, type RejectionReport } from './demo/bad-image';
import { eventFeed } from './demo/events';
import { observeFleet } from './demo/observe';
import { safetyCheckReport } from './demo/safety-check';
import { runScriptWindowPhase, scriptWindowProblems, type ScriptWindowReport } from './demo/script-window';
import { followEvents, serveInstructions } from './demo/serve';
import { watchRollout } from './demo/watch';

const say = (line: string) => console.log(line);

async function main(options: DemoOptions): Promise<number> {
  const env = await startDemoEnvironment({ timeScale: options.timeScale, port: options.port, say });
  try {
    const policy = loadPolicy(env.policyPath);
    const date = env.cloud.clock.iso().slice(0, 10).replaceAll('-', '.');
    const image = await publishNewImage(env, { name: `app-base-${date}`, family: 'app-base', say });

    say('\nrollgate at work (canary wave first, then prod; every batch pause is gated):');
    const live = options.progress ? undefined : false;
    const allEvents = eventFeed(env, { fromStart: true });
    const watched = await watchRollout(env, {
      policy,
      imageId: image.imageId,
      timeoutSeconds: options.timeoutSeconds,
      progress: createProgressView(live === undefined ? {} : { live }),
      events: eventFeed(env, { fromStart: true }),
    });

    const events = allEvents();
    const phaseOne = buildReport(watched.view, events, watched.converged);
    say(`\n${summaryTable(watched.view, { revision: image.imageId, events })}\n`);

    // Phase 4 (scripts/demo/bad-image.ts): an image that boots unhealthy is rejected by the gate.
    let rejection: RejectionReport | undefined;
    if (watched.converged) {
      rejection = await runBadImagePhase(env, {
        policy,
        goodImageId: image.imageId,
        name: `${image.name}-broken`,
        timeoutSeconds: options.timeoutSeconds,
        say,
        progress: createProgressView(live === undefined ? {} : { live }),
        events: eventFeed(env),
      });
      const after = await observeFleet(env.clients, policy, rejection.imageId, env.cloud.clock.iso());
      say(`\n${summaryTable(after, { revision: rejection.imageId, events: [...events, ...allEvents()] })}\n`);
    }
    // Phase 3 (scripts/demo/script-window.ts): a script revision in a window, then a scale-out repaired.
    let scriptWindow: ScriptWindowReport | undefined;
    if (watched.converged)
      scriptWindow = await runScriptWindowPhase(env, { policy, timeoutSeconds: options.timeoutSeconds, say });
    const safetyCheck = await safetyCheckReport(env);
    say(
      `executions started: ${safetyCheck.executions}, with SafetyCheck Skip: ${safetyCheck.executions - safetyCheck.notSkipped.length}`,
    );
    const report = {
      ...phaseOne,
      safetyCheck,
      ...(rejection === undefined ? {} : { rejection }),
      ...(scriptWindow === undefined ? {} : { scriptWindow }),
    };
    if (options.reportFile) {
      writeReport(options.reportFile, report);
      say(`report written to ${options.reportFile}`);
    }

    // Every message the events topic received, duplicates included: each fact must have been published once.
    const published = env.cloud
      .world()
      .mns.history(EVENTS_TOPIC)
      .map((m) => JSON.parse(m.body) as unknown);
    const repeated = repeatedEvents(published);
    const problems = [
      repeated.length === 0
        ? undefined
        : `${repeated.length} event(s) published more than once: ${repeated.slice(0, 5).join(', ')}`,
      watched.converged
        ? undefined
        : `the rollout did not converge within ${options.timeoutSeconds} s (real time): some managed group is not on ${image.imageId}`,
      report.canaryFirst ? undefined : 'a prod group started before the canary wave finished',
      report.unmanagedUntouched ? undefined : 'an unmanaged group was rolled',
      ...(rejection === undefined ? [] : rejectionProblems(rejection)),
      ...(scriptWindow === undefined ? [] : scriptWindowProblems(scriptWindow)),
      safetyCheck.notSkipped.length === 0
        ? undefined
        : `executions started without SafetyCheck Skip: ${safetyCheck.notSkipped.join(', ')}`,
    ].filter((p): p is string => p !== undefined);
    for (const p of problems) console.error(`demo failed: ${p}`);
    if (problems.length > 0) {
      console.error('last function log lines:');
      for (const line of env.functionLog.slice(-20)) console.error(`  ${line}`);
    } else {
      say(
        `every managed group runs ${image.imageId}; the canary finished before prod started; unmanaged ` +
          `groups untouched; the unhealthy image was rolled back and rejected; the script waited for its ` +
          `window and reached the scaled-out instance; each of ${published.length} events published once.`,
      );
    }

    if (options.serve) {
      say(serveInstructions(env));
      // rollgate keeps working on the local cloud: print its events as they happen until Ctrl-C.
      await followEvents(env, eventFeed(env), say);
    }
    return problems.length === 0 ? 0 : 1;
  } finally {
    await env.close();
  }
}

let options: DemoOptions;
try {
  options = parseDemoArgs(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    if (error.message) console.error(error.message);
    console.error(USAGE);
    process.exit(error.message ? 2 : 0);
  }
  throw error;
}
main(options).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
