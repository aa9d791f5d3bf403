// @ts-check
/**
 * The import graph of a source directory, for the project's lint rules (lint/rules/).
 *
 * Every form that makes one file depend on another is an edge, type-only ones included:
 * `import`, `import type`, `export … from` (`export * as ns from` too), `import x = require()`,
 * `require()`, `import()` and `import('…').T` types, `declare module './x'` augmentations.
 * Only relative specifiers that name a `.ts` file under the root count; packages do not.
 *
 * Files are parsed with TypeScript's parser once per ESLint process and parsed again only when
 * their modification time or size changes, so an editor's long-lived ESLint sees edits. The file
 * being linted is taken as ESLint gives it (unsaved text included), not as it is on disk.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const ts = require('typescript');

/**
 * One module reference of a file.
 * @typedef {object} ModuleReference
 * @property {string} specifier what the file names, e.g. `./mesh`
 * @property {number} start offset of the statement (or expression) that holds it
 * @property {number} end offset just past that statement
 */

/**
 * The module references of a TypeScript text, in source order.
 * @param {string} fileName used only to choose the dialect (.tsx)
 * @param {string} text
 * @returns {ModuleReference[]}
 */
function moduleReferences(fileName, text) {
  // a relative specifier is a string that starts with ./ or ../ or is . or ..: without one, nothing to parse
  if (!/['"`]\.\.?[/'"`]/.test(text)) return [];
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
  /** @type {ModuleReference[]} */
  const found = [];
  /** @param {ts.Node} holder @param {ts.Node | undefined} literal */
  const add = (holder, literal) => {
    if (literal && ts.isStringLiteralLike(literal)) found.push({ specifier: literal.text, start: holder.getStart(source), end: holder.getEnd() });
  };
  /** @param {ts.Node} node */
  const visit = node => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1
      && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      add(node, node.arguments[0]);
    } else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) {
      add(node, node.name);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** @param {string} file */
const isSource = file => /\.tsx?$/.test(file) && !file.endsWith('.d.ts');

/**
 * The source files under `root` (absolute paths, sorted), node_modules aside.
 * @param {string} root
 * @returns {string[]}
 */
function sourceFiles(root) {
  /** @type {string[]} */
  const files = [];
  /** @param {string} dir */
  const walk = dir => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(full);
      } else if (entry.isFile() && isSource(entry.name)) {
        files.push(full);
      }
    }
  };
  walk(root);
  return files.sort();
}

/**
 * The file a relative specifier names among `files`, if any: `./x` is `x.ts`, `x.tsx` or
 * `x/index.ts`; `./x.js` is `x.ts` (Node16 style).
 * @param {string} from the importing file
 * @param {string} specifier
 * @param {ReadonlySet<string>} files
 * @returns {string | undefined}
 */
function resolve(from, specifier, files) {
  if (specifier !== '.' && specifier !== '..' && !specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')];
  if (/\.[cm]?js$/.test(base)) candidates.push(base.replace(/\.([cm]?)js$/, '.$1ts'));
  return candidates.find(c => files.has(c));
}

/** @type {Map<string, { mtimeMs: number, size: number, text: string, references: ModuleReference[] }>} */
const parsed = new Map();

/**
 * A file's references as it is on disk, parsed again only when it changed.
 * @param {string} file
 * @returns {ModuleReference[]}
 */
function diskReferences(file) {
  const stat = fs.statSync(file);
  const known = parsed.get(file);
  if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.references;
  const text = fs.readFileSync(file, 'utf-8');
  const references = moduleReferences(file, text);
  parsed.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, text, references });
  return references;
}

/**
 * The references of the linted file: those already parsed when its text is the one on disk (the
 * usual case of a lint run), else parsed from the text.
 * @param {string} file
 * @param {string} text
 * @returns {ModuleReference[]}
 */
function currentReferences(file, text) {
  if (fs.existsSync(file)) {
    const references = diskReferences(file);
    if (parsed.get(file)?.text === text) return references;
  }
  return moduleReferences(file, text);
}

/**
 * A resolved edge: a reference of `file` to another file under the root.
 * @typedef {ModuleReference & { target: string }} Edge
 */

/** The last graph built for each root, with what it was built from. */
/** @type {Map<string, { files: string[], references: ModuleReference[][], graph: Map<string, Edge[]> }>} */
const graphs = new Map();

/**
 * The import graph under `root`, with `current` read from `currentText` instead of the disk (it
 * may also be a file that is not on disk yet). When no file changed since the last call, the
 * same graph is returned.
 * @param {string} root absolute
 * @param {string} current absolute path of the file being linted
 * @param {string} currentText
 * @returns {Map<string, Edge[]>} every file's edges, in source order
 */
function importGraph(root, current, currentText) {
  const files = sourceFiles(root);
  if (!files.includes(current)) files.push(current);
  const references = files.map(file => (file === current ? currentReferences(file, currentText) : diskReferences(file)));
  const last = graphs.get(root);
  if (last && last.files.length === files.length && last.files.every((f, i) => f === files[i] && last.references[i] === references[i])) {
    return last.graph;
  }
  const known = new Set(files);
  /** @type {Map<string, Edge[]>} */
  const graph = new Map();
  files.forEach((file, i) => {
    /** @type {Edge[]} */
    const edges = [];
    for (const reference of references[i]) {
      const target = resolve(file, reference.specifier, known);
      if (target) edges.push({ ...reference, target });
    }
    graph.set(file, edges);
  });
  graphs.set(root, { files, references, graph });
  return graph;
}

/**
 * The strongly connected components of a graph (Tarjan): files in one component import each
 * other, directly or not. A file alone is in a cycle only if it imports itself.
 * @param {ReadonlyMap<string, readonly Edge[]>} graph
 * @returns {Map<string, number>} each file's component number
 */
function components(graph) {
  /** @type {Map<string, number>} */
  const index = new Map();
  /** @type {Map<string, number>} */
  const low = new Map();
  /** @type {Map<string, number>} */
  const component = new Map();
  /** @type {string[]} */
  const stack = [];
  let next = 0;
  let count = 0;
  /** @param {string} v */
  const connect = v => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    for (const { target: w } of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(/** @type {number} */ (low.get(v)), /** @type {number} */ (low.get(w))));
      } else if (!component.has(w)) {
        low.set(v, Math.min(/** @type {number} */ (low.get(v)), /** @type {number} */ (index.get(w))));
      }
    }
    if (low.get(v) === index.get(v)) {
      let w;
      do {
        w = /** @type {string} */ (stack.pop());
        component.set(w, count);
      } while (w !== v);
      count++;
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return component;
}

/**
 * The shortest path of imports from `from` to `to` (both included), through files of their
 * component only; imports are followed in source order, so the path is the same on every run.
 * @param {ReadonlyMap<string, readonly Edge[]>} graph
 * @param {ReadonlyMap<string, number>} component
 * @param {string} from
 * @param {string} to
 * @returns {string[]}
 */
function shortestPath(graph, component, from, to) {
  if (from === to) return [from];
  /** @type {Map<string, string>} */
  const previous = new Map();
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    for (const { target } of graph.get(queue[i]) ?? []) {
      if (target === from || previous.has(target) || component.get(target) !== component.get(from)) continue;
      previous.set(target, queue[i]);
      if (target === to) {
        const reversed = [to];
        for (let f = to; f !== from;) reversed.push(f = /** @type {string} */ (previous.get(f)));
        return reversed.reverse();
      }
      queue.push(target);
    }
  }
  throw new Error(`no import path from ${from} to ${to} in their component`);
}

/** @type {WeakMap<ReadonlyMap<string, readonly Edge[]>, Map<string, number>>} */
const componentsOf = new WeakMap();

/**
 * The edges of `file` that are part of an import cycle, each with the shortest cycle through it:
 * `[file, target, …, file]`.
 * @param {ReadonlyMap<string, readonly Edge[]>} graph
 * @param {string} file
 * @returns {{ edge: Edge, cycle: string[] }[]}
 */
function cyclicEdges(graph, file) {
  let component = componentsOf.get(graph);
  if (!component) componentsOf.set(graph, component = components(graph));
  return (graph.get(file) ?? [])
    .filter(edge => component.get(edge.target) === component.get(file))
    .map(edge => ({ edge, cycle: [file, ...shortestPath(graph, component, edge.target, file)] }));
}

module.exports = { moduleReferences, currentReferences, sourceFiles, resolve, importGraph, cyclicEdges };
