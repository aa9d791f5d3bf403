import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LanguageTablet, TargetLanguage, TranslatedSnippet, typeScriptSnippetFromCompleteSource } from 'jsii-rosetta';
import { ExampleTranslations, INTRODUCTION, tabletLookup, withTranslations } from '../../scripts/api-docs';
import { exactly } from '../util/validate';

const EXAMPLE = "new Canary(chart, 'reviews-canary', { service: reviews });";
const TRANSLATIONS: ExampleTranslations = {
  typescript: EXAMPLE,
  python: 'Canary(chart, "reviews-canary", service=reviews)',
  java: 'Canary.Builder.create(chart, "reviews-canary").service(reviews).build();',
  go: 'cdk8smesh.NewCanary(chart, jsii.String("reviews-canary"), &CanaryProps{\n\tService: reviews,\n})',
};

/** The blocks withTranslations writes after an example: TRANSLATIONS's Python, Java and Go. */
const TRANSLATED = [
  '<details><summary>Python, Java, Go</summary>',
  '',
  'Python:',
  '',
  '```python',
  'Canary(chart, "reviews-canary", service=reviews)',
  '```',
  '',
  'Java:',
  '',
  '```java',
  'Canary.Builder.create(chart, "reviews-canary").service(reviews).build();',
  '```',
  '',
  'Go:',
  '',
  '```go',
  'cdk8smesh.NewCanary(chart, jsii.String("reviews-canary"), &CanaryProps{',
  '\tService: reviews,',
  '})',
  '```',
  '',
  '</details>',
];

const TITLE = '# API Reference <a name="API Reference" id="api-reference"></a>';
const HEADING = '### Canary <a name="Canary" id="cdk8s-mesh.Canary"></a>';
const SIGNATURE = ['```typescript', "import { Canary } from 'cdk8s-mesh'", '', 'new Canary(scope: Construct, id: string, props: CanaryProps)', '```'];

/** A lookup that knows EXAMPLE (with `known`'s translations) and nothing else. */
function lookup(known: ExampleTranslations = TRANSLATIONS) {
  return (code: string) => (code === EXAMPLE ? known : undefined);
}

describe('withTranslations', () => {
  test('GIVEN a ```ts example with translations WHEN API.md is written THEN Python, Java and Go follow it in that order', () => {
    // GIVEN
    const markdown = [TITLE, '', HEADING, '', 'A canary.', '', '```ts', EXAMPLE, '```', '', 'adds routes.', ''].join('\n');
    // WHEN
    const result = withTranslations(markdown, lookup());
    // THEN
    expect(result).toEqual([TITLE, '', INTRODUCTION, '', HEADING, '', 'A canary.', '', '```ts', EXAMPLE, '```', '', ...TRANSLATED, '', 'adds routes.', ''].join('\n'));
  });

  test('GIVEN an @example (```typescript under *Example*) WHEN API.md is written THEN its translations follow it', () => {
    // GIVEN
    const markdown = [HEADING, '', '*Example*', '', '```typescript', EXAMPLE, '```', ''].join('\n');
    // WHEN
    const result = withTranslations(markdown, lookup());
    // THEN
    expect(result).toEqual([HEADING, '', '*Example*', '', '```typescript', EXAMPLE, '```', '', ...TRANSLATED, ''].join('\n'));
  });

  test("GIVEN docgen's signature ```typescript blocks and a ```yaml block WHEN API.md is written THEN they are left as they are", () => {
    // GIVEN
    const markdown = [TITLE, '', HEADING, '', ...SIGNATURE, '', '```yaml', 'kind: VirtualService', '```', ''].join('\n');
    // WHEN
    const result = withTranslations(markdown, lookup());
    // THEN
    expect(result).toEqual([TITLE, '', INTRODUCTION, '', HEADING, '', ...SIGNATURE, '', '```yaml', 'kind: VirtualService', '```', ''].join('\n'));
  });

  test('GIVEN an example whose visible TypeScript drops hidden lines WHEN API.md is written THEN its TypeScript block shows the visible lines', () => {
    // GIVEN
    const hidden = ['/// !hide', 'declare const reviews: MeshService;', '/// !show', EXAMPLE].join('\n');
    const markdown = [HEADING, '', '```ts', hidden, '```', ''].join('\n');
    // WHEN
    const result = withTranslations(markdown, code => (code === hidden ? TRANSLATIONS : undefined));
    // THEN
    expect(result).toEqual([HEADING, '', '```ts', EXAMPLE, '```', '', ...TRANSLATED, ''].join('\n'));
  });

  test('GIVEN a ```ts example the tablet does not know WHEN API.md is written THEN it is an error naming the block', () => {
    // GIVEN
    const markdown = [HEADING, '', '```ts', '', "reviews.addVersion('v4', { image: 'example/reviews:v4' });", '```', ''].join('\n');
    // WHEN / THEN
    expect(() => withTranslations(markdown, lookup())).toThrow(exactly(
      "jsii-docgen's reference, line 3: the example in cdk8s-mesh.Canary ('reviews.addVersion('v4', { image: 'example/reviews:v4' });') has no translation into "
      + "Python, Java, Go in jsii-rosetta's tablet .jsii.tabl.json: run npx jsii-rosetta extract --strict after compiling (npx jsii)"));
  });

  test('GIVEN an @example the tablet does not know WHEN API.md is written THEN it is an error naming the block', () => {
    // GIVEN
    const markdown = [HEADING, '', '*Example*', '', '```typescript', 'const x = 1;', '```', ''].join('\n');
    // WHEN / THEN
    expect(() => withTranslations(markdown, lookup())).toThrow(exactly(
      "jsii-docgen's reference, line 5: the example in cdk8s-mesh.Canary ('const x = 1;') has no translation into "
      + "Python, Java, Go in jsii-rosetta's tablet .jsii.tabl.json: run npx jsii-rosetta extract --strict after compiling (npx jsii)"));
  });

  test('GIVEN an example translated into all languages but Go WHEN API.md is written THEN it is an error naming Go', () => {
    // GIVEN
    const markdown = [HEADING, '', '```ts', EXAMPLE, '```', ''].join('\n');
    // WHEN / THEN
    expect(() => withTranslations(markdown, lookup({ ...TRANSLATIONS, go: undefined }))).toThrow(exactly(
      `jsii-docgen's reference, line 3: the example in cdk8s-mesh.Canary ('${EXAMPLE}') has no translation into `
      + "Go in jsii-rosetta's tablet .jsii.tabl.json: run npx jsii-rosetta extract --strict after compiling (npx jsii)"));
  });

  test('GIVEN a code block without its closing fence WHEN API.md is written THEN it is an error naming its line', () => {
    // GIVEN
    const markdown = [HEADING, '', '```ts', EXAMPLE, ''].join('\n');
    // WHEN / THEN
    expect(() => withTranslations(markdown, lookup())).toThrow(exactly("jsii-docgen's reference, line 3: the code block that starts here (in cdk8s-mesh.Canary) is not closed"));
  });
});

describe('tabletLookup', () => {
  /** A tablet file with one example of a doc comment and one of the README, both translated into every language. */
  async function tabletFile(): Promise<string> {
    const tablet = new LanguageTablet();
    const add = (source: string, location: Parameters<typeof typeScriptSnippetFromCompleteSource>[1], suffix: string) => {
      const snippet = TranslatedSnippet.fromTypeScript(typeScriptSnippetFromCompleteSource(source, location, true), true);
      for (const language of [TargetLanguage.PYTHON, TargetLanguage.JAVA, TargetLanguage.GO]) snippet.addTranslation(language, `${language} ${suffix}`, '1');
      tablet.addSnippets(snippet);
    };
    add(['/// !hide', 'declare const reviews: MeshService;', '/// !show', EXAMPLE].join('\n'),
      { api: { api: 'type', fqn: 'cdk8s-mesh.Canary' }, field: { field: 'markdown', line: 4 } }, 'of the doc comment');
    add('const app = new MeshApp();', { api: { api: 'moduleReadme', moduleFqn: 'cdk8s-mesh' }, field: { field: 'markdown', line: 56 } }, 'of the README');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'api-docs-')), '.jsii.tabl.json');
    await tablet.save(file);
    return file;
  }

  test('GIVEN a tablet WHEN a block is looked up as docgen prints it, hidden lines included THEN the translations are those of its visible code', async () => {
    // GIVEN
    const translationsOf = await tabletLookup(await tabletFile());
    // WHEN
    const translations = translationsOf(['/// !hide', 'declare const reviews: MeshService;', '/// !show', EXAMPLE].join('\n'));
    // THEN
    expect(translations).toEqual({ typescript: EXAMPLE, python: 'python of the doc comment', java: 'java of the doc comment', go: 'go of the doc comment' });
  });

  test("GIVEN a tablet WHEN a README example or docgen's signature is looked up THEN the answer is that it is no example", async () => {
    // GIVEN
    const translationsOf = await tabletLookup(await tabletFile());
    // WHEN / THEN
    expect(translationsOf('const app = new MeshApp();')).toBeUndefined();
    expect(translationsOf(SIGNATURE.slice(1, -1).join('\n'))).toBeUndefined();
  });
});

describe('API.md', () => {
  const API_MD = fs.readFileSync(path.join(__dirname, '..', '..', 'API.md'), 'utf-8');

  test('WHEN API.md is read THEN every example of the doc comments is followed by its Python, Java and Go', () => {
    // WHEN
    const lines = API_MD.split('\n');
    const examples = lines.flatMap((line, i) => (line === '```ts' || (line === '```typescript' && lines[i - 2] === '*Example*') ? [i] : []));
    // THEN every example block is followed by the three translations, each a non-empty block
    const following = examples.map(start => {
      const end = lines.indexOf('```', start + 1);
      const details = lines.slice(end + 1, lines.indexOf('</details>', end) + 1).join('\n');
      return /^\n<details><summary>Python, Java, Go<\/summary>\n\nPython:\n\n```python\n(?:(?!```)[^])+\n```\n\nJava:\n\n```java\n(?:(?!```)[^])+\n```\n\nGo:\n\n```go\n(?:(?!```)[^])+\n```\n\n<\/details>$/.test(details)
        ? 'translated' : `line ${start + 1}: not followed by its translations`;
    });
    expect(following).toEqual(examples.map(() => 'translated'));
    expect(examples.length).toBeGreaterThanOrEqual(40);
    expect(API_MD.split('<details>').length - 1).toBe(examples.length);
  });

  test('WHEN API.md is read THEN its introduction says where the examples and the other languages come from', () => {
    // THEN
    expect(API_MD.split('\n').slice(0, 3)).toEqual([TITLE, '', INTRODUCTION]);
  });
});
