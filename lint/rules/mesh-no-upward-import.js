// @ts-check
/**
 * Lint rule: dependencies point down. Files under `root` (src/) that are below the constructs —
 * every file but the construct files themselves and the files `above` them (src/index.ts,
 * src/cli/) — must not import a construct file, `import type` and `export … from` included.
 *
 * Options: `[{ root: 'src', constructs: ['src/mesh.ts', …], above: ['src/index.ts', 'src/cli/'],
 * hint?: '…' }]`, paths relative to the directory ESLint runs in, a directory ending with '/'.
 * The construct list lives in .projenrc.ts (CONSTRUCT_FILES); a listed file that does not exist
 * stops the lint run, so a renamed construct cannot silently leave the list.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { currentReferences, resolve, sourceFiles } = require('../module-graph');

/** @param {string} cwd @param {string} file */
const shown = (cwd, file) => path.relative(cwd, file).split(path.sep).join('/');

/** @type {import('eslint').Rule.RuleModule} */
module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid files below the constructs to import a construct file' },
    schema: [{
      type: 'object',
      properties: {
        root: { type: 'string' },
        constructs: { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true },
        above: { type: 'array', items: { type: 'string' }, uniqueItems: true },
        hint: { type: 'string' },
      },
      required: ['root', 'constructs'],
      additionalProperties: false,
    }],
    messages: {
      upward: "{{file}} is below the constructs and must not import the construct file {{target}}, 'import type' included "
        + '(only {{allowed}} may){{hint}}',
    },
  },
  create(context) {
    const { root: rootOption, constructs: constructOption, above: aboveOption = [], hint } = context.options[0];
    const cwd = context.cwd;
    const root = path.resolve(cwd, rootOption);
    const constructs = new Set(constructOption.map((/** @type {string} */ f) => path.resolve(cwd, f)));
    for (const construct of constructs) {
      if (!construct.startsWith(root + path.sep) || !fs.existsSync(construct)) {
        throw new Error(`mesh-no-upward-import: the construct file ${shown(cwd, construct)} does not exist under ${shown(cwd, root)}/ `
          + '(update the list of construct files where the rule is configured: CONSTRUCT_FILES in .projenrc.ts)');
      }
    }
    const aboveDirs = aboveOption.filter((/** @type {string} */ a) => a.endsWith('/')).map((/** @type {string} */ a) => path.resolve(cwd, a) + path.sep);
    const aboveFiles = new Set(aboveOption.filter((/** @type {string} */ a) => !a.endsWith('/')).map((/** @type {string} */ a) => path.resolve(cwd, a)));
    const file = path.resolve(cwd, context.physicalFilename);
    const below = file.startsWith(root + path.sep) && !constructs.has(file) && !aboveFiles.has(file) && !aboveDirs.some((/** @type {string} */ d) => file.startsWith(d));
    if (!below) return {};
    const allowed = ['the construct files', ...aboveOption].join(', ');
    return {
      Program() {
        const sourceCode = context.sourceCode;
        const files = new Set(sourceFiles(root));
        for (const reference of currentReferences(file, sourceCode.text)) {
          const target = resolve(file, reference.specifier, files);
          if (!target || !constructs.has(target)) continue;
          context.report({
            loc: { start: sourceCode.getLocFromIndex(reference.start), end: sourceCode.getLocFromIndex(reference.end) },
            messageId: 'upward',
            data: { file: shown(cwd, file), target: shown(cwd, target), allowed, hint: hint ? `: ${hint}` : '' },
          });
        }
      },
    };
  },
};
