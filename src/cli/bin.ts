#!/usr/bin/env node
/**
 * Entry point of the `cdk8s-mesh` executable (package.json `bin` → lib/cli/bin.js).
 */
import { main } from './main';

main(process.argv.slice(2), {
  stdout: s => process.stdout.write(s),
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
