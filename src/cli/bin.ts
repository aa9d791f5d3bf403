#!/usr/bin/env node
/**
 * Entry point of the `cdk8s-mesh` executable (package.json `bin` → lib/cli/bin.js).
 */
import { main } from './main';

// write errors (a full disk, a closed pipe) reach the writer's callback; without a listener they
// would also be thrown as an uncaught 'error' event
process.stdout.on('error', () => undefined);

main(process.argv.slice(2), {
  // resolved once the text is handed to the system: a big output is written with back-pressure
  stdout: s => new Promise<void>((resolve, reject) => {
    process.stdout.write(s, e => (e ? reject(e) : resolve()));
  }),
  stderr: s => process.stderr.write(s),
}).then(
  code => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
