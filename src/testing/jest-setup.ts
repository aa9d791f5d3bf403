/**
 * Registers the mesh matchers with jest: list `cdk8s-mesh/lib/testing/jest-setup` in jest's
 * `setupFilesAfterEnv`, or import it at the top of a test file. Importing it also brings the
 * matchers' types (`declare global` in ./jest) into the test's compilation.
 */
import { meshMatchers } from './jest';

export { meshMatchers } from './jest';

expect.extend(meshMatchers);
