import * as fs from 'fs';
import * as path from 'path';
import * as tsParser from '@typescript-eslint/parser';
import { Linter, Rule } from 'eslint';

const ROOT = path.join(__dirname, '..', '..');
const RULES_DIR = path.join(ROOT, 'lint', 'rules');
/** A JSON file of the project (projen heads some with a `//` comment line). */
const json = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf-8').replace(/^\/\/.*\n/, ''));

/** The rules of lint/rules, named by file as `eslint --rulesdir` names them. */
function localRules(): { [name: string]: Rule.RuleModule } {
  return Object.fromEntries(fs.readdirSync(RULES_DIR).filter(f => f.endsWith('.js')).map(f => [
    path.basename(f, '.js'),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(RULES_DIR, f)) as Rule.RuleModule,
  ]));
}

describe("the project's lint configuration", () => {
  test('every eslint run of the project (npm test, npx projen eslint) loads lint/rules', () => {
    // GIVEN
    const tasks = json('.projen/tasks.json').tasks;
    // THEN
    const lint = tasks.test.steps.find((s: any) => s.name === 'lint');
    expect(lint.exec).toMatch(/^eslint --rulesdir lint\/rules /);
    const args: string[] = tasks.eslint.steps[0].execArgs;
    expect(args[0]).toBe('eslint');
    expect(args.slice(args.indexOf('--rulesdir'), args.indexOf('--rulesdir') + 2)).toEqual(['--rulesdir', 'lint/rules']);
  });

  test('the rules configured for src/ are found in lint/rules, and a file in src/private that imports a construct file or closes a cycle is reported', () => {
    // GIVEN: the generated .eslintrc.json's rules for src/, with the real construct list and the real src/
    const override = json('.eslintrc.json').overrides.find((o: any) => o.files.includes('src/**/*.ts'));
    const rules = localRules();
    expect(Object.keys(override.rules).sort()).toEqual(['mesh-no-import-cycle', 'mesh-no-upward-import']);
    expect(Object.keys(override.rules).filter(r => !(r in rules))).toEqual([]);
    const linter = new Linter({ configType: 'flat', cwd: ROOT });
    const config = {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser },
      plugins: { local: { rules } },
      rules: Object.fromEntries(Object.entries(override.rules).map(([name, setting]) => [`local/${name}`, setting])),
    } as Linter.Config;
    const file = path.join(ROOT, 'src', 'private', 'lint-wiring-check.ts');
    const code = [
      "import type { Mesh } from '../mesh';",
      "import { w } from './lint-wiring-check';",
      '',
      'export const v: Mesh | typeof w | undefined = undefined;',
      '',
    ].join('\n');
    // WHEN
    const messages = linter.verify(code, config, file);
    // THEN
    expect(messages.map(m => [m.line, m.ruleId, m.message])).toEqual([
      [1, 'local/mesh-no-upward-import', "src/private/lint-wiring-check.ts is below the constructs and must not import the construct file src/mesh.ts, 'import type' included "
        + '(only the construct files, src/index.ts, src/cli/ may): point at an interface of src/interfaces/ (IMesh, IMeshHost) or at the model instead'],
      [2, 'local/mesh-no-import-cycle', 'import cycle src/private/lint-wiring-check.ts -> src/private/lint-wiring-check.ts '
        + "(files under src/ must not import each other in a loop, 'import type' included)"],
    ]);
  });
});
