import * as fs from 'fs';
import * as path from 'path';
import * as tsParser from '@typescript-eslint/parser';
import { Linter, RuleTester } from 'eslint';
import rule from '../../lint/rules/mesh-no-upward-import';
import { exactly } from '../util/validate';

const SRC = 'test/lint/fixtures/layers/src';

/** A file of the layers fixture: its absolute path and its text on disk. */
function fixture(file: string): { filename: string; code: string } {
  const filename = path.resolve(SRC, file);
  return { filename, code: fs.readFileSync(filename, 'utf-8') };
}

/** The fixture's layers as the project configures its own (paths from the repository root). */
const OPTIONS = {
  root: SRC,
  constructs: [`${SRC}/mesh.ts`, `${SRC}/canary.ts`],
  above: [`${SRC}/index.ts`, `${SRC}/cli/`],
};

/** The message for `file` importing the construct file `target`. */
function upward(file: string, target: string, hint = ''): string {
  return `${SRC}/${file} is below the constructs and must not import the construct file ${SRC}/${target}, 'import type' included `
    + `(only the construct files, ${SRC}/index.ts, ${SRC}/cli/ may)${hint}`;
}

const tester = new RuleTester({ languageOptions: { parser: tsParser } });

tester.run('mesh-no-upward-import', rule, {
  valid: [
    { name: 'a construct file may import another construct file', ...fixture('canary.ts'), options: [OPTIONS] },
    { name: 'index.ts, above the constructs, may re-export them', ...fixture('index.ts'), options: [OPTIONS] },
    { name: 'a file of a directory above the constructs (cli/) may import them', ...fixture('cli/main.ts'), options: [OPTIONS] },
    { name: 'a value class may import an interface', ...fixture('route.ts'), options: [OPTIONS] },
    { name: 'an interface file that imports nothing passes', ...fixture('interfaces/mesh.ts'), options: [OPTIONS] },
    {
      name: 'a file outside the root is not checked',
      filename: path.resolve('test/lint/fixtures/layers/outside.ts'),
      code: "import { Mesh } from './src/mesh';\nexport const m = new Mesh();\n",
      options: [OPTIONS],
    },
    {
      name: 'a file named like a construct file in another directory is no construct',
      filename: path.resolve(SRC, 'private/uses-model.ts'),
      code: "import type { IMesh } from '../interfaces/mesh';\nexport const m: IMesh | undefined = undefined;\n",
      options: [OPTIONS],
    },
  ],
  invalid: [
    {
      name: "'import type' of a construct file below the constructs is reported",
      ...fixture('private/helper.ts'),
      options: [OPTIONS],
      errors: [{
        message: "test/lint/fixtures/layers/src/private/helper.ts is below the constructs and must not import the construct file test/lint/fixtures/layers/src/mesh.ts, 'import type' included (only the construct files, test/lint/fixtures/layers/src/index.ts, test/lint/fixtures/layers/src/cli/ may)",
        line: 2,
        column: 1,
        endLine: 2,
        endColumn: 37,
      }],
    },
    {
      name: "'export … from' a construct file below the constructs is reported",
      ...fixture('model/mesh-model.ts'),
      options: [OPTIONS],
      errors: [{ message: upward('model/mesh-model.ts', 'canary.ts'), line: 2 }],
    },
    {
      name: 'a value class (a file at the top of the root, not listed as a construct) importing a construct is reported, with the hint',
      filename: path.resolve(SRC, 'route.ts'),
      code: "import { Canary } from './canary';\nimport { Mesh } from './mesh';\n\nexport const r = [Canary, Mesh];\n",
      options: [{ ...OPTIONS, hint: 'use IMesh' }],
      errors: [
        { message: upward('route.ts', 'canary.ts', ': use IMesh'), line: 1 },
        { message: upward('route.ts', 'mesh.ts', ': use IMesh'), line: 2 },
      ],
    },
    {
      name: 'without a list of files above the constructs, only construct files may import them',
      ...fixture('cli/main.ts'),
      options: [{ root: OPTIONS.root, constructs: OPTIONS.constructs }],
      errors: [{ message: `${SRC}/cli/main.ts is below the constructs and must not import the construct file ${SRC}/mesh.ts, 'import type' included (only the construct files may)`, line: 1 }],
    },
  ],
});

describe('mesh-no-upward-import configuration', () => {
  test.each([
    [`${SRC}/gone.ts`],
    ['test/lint/fixtures/clean/a.ts'],
  ])('a listed construct file that does not exist under the root (%s) stops the lint run with what to update', construct => {
    // GIVEN
    const linter = new Linter({ configType: 'flat' });
    const config = {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser },
      plugins: { local: { rules: { 'mesh-no-upward-import': rule } } },
      rules: { 'local/mesh-no-upward-import': ['error', { ...OPTIONS, constructs: [`${SRC}/mesh.ts`, construct] }] },
    } as Linter.Config;
    // THEN: as ESLint shows it
    expect(() => linter.verify('export const x = 1;\n', config, path.resolve(SRC, 'route.ts'))).toThrow(exactly(
      "Error while loading rule 'local/mesh-no-upward-import': "
      + `mesh-no-upward-import: the construct file ${construct} does not exist under ${SRC}/ `
      + '(update the list of construct files where the rule is configured: CONSTRUCT_FILES in .projenrc.ts)\n'
      + `Occurred while linting ${path.resolve(SRC, 'route.ts')}`,
    ));
  });
});
