// @ts-check
/**
 * Lint rule: no import cycles among the files under `root` (src/), `import type` and
 * `export … from` included — unlike import/no-cycle, which skips type-only imports.
 *
 * Each import of the linted file that leads back to it is reported, with the shortest cycle it
 * closes, e.g. `import cycle src/mesh.ts -> src/canary.ts -> src/mesh.ts`.
 *
 * Options: `[{ root: 'src' }]` (relative to the directory ESLint runs in). Loaded with
 * `eslint --rulesdir lint/rules`; configured in .projenrc.ts.
 */
'use strict';

const path = require('path');
const { cyclicEdges, importGraph } = require('../module-graph');

/** @param {string} cwd @param {string} file */
const shown = (cwd, file) => path.relative(cwd, file).split(path.sep).join('/');

/** @type {import('eslint').Rule.RuleModule} */
module.exports = {
  meta: {
    type: 'problem',
    docs: { description: "Forbid import cycles under a directory, 'import type' included" },
    schema: [{
      type: 'object',
      properties: { root: { type: 'string' } },
      required: ['root'],
      additionalProperties: false,
    }],
    messages: {
      cycle: "import cycle {{cycle}} (files under {{root}}/ must not import each other in a loop, 'import type' included)",
    },
  },
  create(context) {
    const root = path.resolve(context.cwd, context.options[0].root);
    const file = path.resolve(context.cwd, context.physicalFilename);
    if (!file.startsWith(root + path.sep)) return {};
    return {
      Program() {
        const sourceCode = context.sourceCode;
        for (const { edge, cycle } of cyclicEdges(importGraph(root, file, sourceCode.text), file)) {
          context.report({
            loc: { start: sourceCode.getLocFromIndex(edge.start), end: sourceCode.getLocFromIndex(edge.end) },
            messageId: 'cycle',
            data: { cycle: cycle.map(f => shown(context.cwd, f)).join(' -> '), root: shown(context.cwd, root) },
          });
        }
      },
    };
  },
};
