// Entry point of the `rollgate` command (bin/rollgate.mjs loads it).
import { main } from './main';

const code = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  cwd: process.cwd(),
  tty: process.stdout.isTTY === true,
  terminal: process.stdout,
});
process.exitCode = code;
