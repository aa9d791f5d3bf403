/**
 * Registers the mesh matchers with jest: list `cdk8s-mesh/lib/testing/jest-setup` in jest's
 * `setupFilesAfterEnv`, or import it at the top of a test file. Importing it also brings the
 * matchers' types (`declare global` in ./jest) into the test's compilation.
 *
 * It reaches jest's `expect` through the global object instead of naming the global: the library
 * compiles without jest's types, and loading this module outside a test runner says what is wrong.
 */
import { meshMatchers } from './jest';

export { meshMatchers } from './jest';

/** The test runner's global `expect`, as far as this module uses it. */
interface Extensible {
  extend(matchers: object): void;
}

const runnerExpect = (globalThis as { expect?: Partial<Extensible> }).expect;
if (typeof runnerExpect?.extend !== 'function') {
  throw new Error("cdk8s-mesh/lib/testing/jest-setup registers jest matchers: load it where jest's global expect is defined "
    + "(jest's setupFilesAfterEnv, or an import in a test file)");
}
runnerExpect.extend(meshMatchers);
