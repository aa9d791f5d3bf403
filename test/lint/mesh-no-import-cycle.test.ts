import * as fs from 'fs';
import * as path from 'path';
import * as tsParser from '@typescript-eslint/parser';
import { RuleTester } from 'eslint';
import rule from '../../lint/rules/mesh-no-import-cycle';

const FIXTURES = path.join(__dirname, 'fixtures');

/** A fixture file: its absolute path and its text on disk. */
function fixture(file: string): { filename: string; code: string } {
  const filename = path.join(FIXTURES, file);
  return { filename, code: fs.readFileSync(filename, 'utf-8') };
}

/** The rule's options with a fixture directory as the root. */
const under = (dir: string) => [{ root: path.join(FIXTURES, dir) }];

/** The message for a cycle of fixture files under `dir`, as the rule shows paths (from the repository root). */
function cycle(dir: string, ...files: string[]): string {
  const shown = files.map(f => `test/lint/fixtures/${dir}/${f}`).join(' -> ');
  return `import cycle ${shown} (files under test/lint/fixtures/${dir}/ must not import each other in a loop, 'import type' included)`;
}

const tester = new RuleTester({ languageOptions: { parser: tsParser } });

tester.run('mesh-no-import-cycle', rule, {
  valid: [
    ...['a.ts', 'b.ts', 'parts/index.ts', 'parts/c.ts'].map(file => ({
      name: `files that import each other only one way pass (clean/${file})`,
      ...fixture(`clean/${file}`),
      options: under('clean'),
    })),
    {
      name: 'removing the import in the linted text clears the cycle: the text ESLint is given counts, not the file on disk',
      filename: path.join(FIXTURES, 'value-cycle/a.ts'),
      code: "export const a = (): string => 'a';\n",
      options: under('value-cycle'),
    },
    {
      name: 'a file outside the root is not checked',
      ...fixture('value-cycle/a.ts'),
      options: under('clean'),
    },
  ],
  invalid: [
    {
      name: 'a value cycle is reported on the import that closes it, with the files in order',
      ...fixture('value-cycle/a.ts'),
      options: under('value-cycle'),
      errors: [{
        message: "import cycle test/lint/fixtures/value-cycle/a.ts -> test/lint/fixtures/value-cycle/b.ts -> test/lint/fixtures/value-cycle/a.ts (files under test/lint/fixtures/value-cycle/ must not import each other in a loop, 'import type' included)",
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 25,
      }],
    },
    {
      name: 'a value cycle is reported in each of its files',
      ...fixture('value-cycle/b.ts'),
      options: under('value-cycle'),
      errors: [{ message: cycle('value-cycle', 'b.ts', 'a.ts', 'b.ts'), line: 1 }],
    },
    {
      name: "a cycle of 'import type' is a cycle",
      ...fixture('type-cycle/a.ts'),
      options: under('type-cycle'),
      errors: [{ message: cycle('type-cycle', 'a.ts', 'b.ts', 'a.ts'), line: 1 }],
    },
    {
      name: "a cycle through an import of a type-only name ('import { type A }') is a cycle",
      ...fixture('type-cycle/b.ts'),
      options: under('type-cycle'),
      errors: [{ message: cycle('type-cycle', 'b.ts', 'a.ts', 'b.ts'), line: 1 }],
    },
    ...[
      ['a.ts', 'b.ts', 'c.ts'],
      ['b.ts', 'c.ts', 'a.ts'],
      ['c.ts', 'a.ts', 'b.ts'],
    ].map(files => ({
      name: `a cycle of 'export * from', 'export * as ns from' and 'export type … from' is a cycle (${files[0]})`,
      ...fixture(`export-cycle/${files[0]}`),
      options: under('export-cycle'),
      errors: [{ message: cycle('export-cycle', ...files, files[0]), line: 1 }],
    })),
    {
      name: 'a file that imports itself is a cycle of one',
      ...fixture('self-import/a.ts'),
      options: under('self-import'),
      errors: [{ message: cycle('self-import', 'a.ts', 'a.ts'), line: 1 }],
    },
    {
      name: 'a new import in the linted text that closes a cycle is reported with the shortest cycle, once per import',
      filename: path.join(FIXTURES, 'clean/parts/c.ts'),
      code: [
        "import { a } from '../a';",
        "import type { b } from '../b';",
        "import { join } from 'path';",
        '',
        'export const c = [a, join] as unknown as typeof b;',
        '',
      ].join('\n'),
      options: under('clean'),
      errors: [
        { message: cycle('clean', 'parts/c.ts', 'a.ts', 'b.ts', 'parts/c.ts'), line: 1 },
        { message: cycle('clean', 'parts/c.ts', 'b.ts', 'parts/c.ts'), line: 2 },
      ],
    },
    {
      name: "require(), import(), 'import x = require()' and import('…') types are imports too",
      filename: path.join(FIXTURES, 'clean/parts/c.ts'),
      code: [
        "import b = require('../b');",
        "const a = require('../a');",
        "export const lazy = () => import('../b');",
        "export type C = import('../a').A | typeof a | typeof b;",
        '',
      ].join('\n'),
      options: under('clean'),
      errors: [
        { message: cycle('clean', 'parts/c.ts', 'b.ts', 'parts/c.ts'), line: 1 },
        { message: cycle('clean', 'parts/c.ts', 'a.ts', 'b.ts', 'parts/c.ts'), line: 2, column: 11 },
        { message: cycle('clean', 'parts/c.ts', 'b.ts', 'parts/c.ts'), line: 3, column: 27 },
        { message: cycle('clean', 'parts/c.ts', 'a.ts', 'b.ts', 'parts/c.ts'), line: 4, column: 17 },
      ],
    },
  ],
});
