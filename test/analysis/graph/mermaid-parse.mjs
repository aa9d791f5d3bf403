// Reads a JSON array of Mermaid texts on standard input and prints, for each, what Mermaid's own
// parser makes of it: {"error"} or {"type", "vertices": [{id, text}], "edges": [{start, end, text, stroke}],
// "subgraphs": [{id, title, nodes}]}. Mermaid needs a DOM (DOMPurify): jsdom provides one.
import { JSDOM } from 'jsdom';

const dom = new JSDOM('');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    await mermaid.parse(text);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    results.push({
      type: diagram.type,
      vertices: [...db.getVertices().values()].map(v => ({ id: v.id, text: v.text, type: v.type ?? null, classes: v.classes })),
      edges: db.getEdges().map(e => ({ start: e.start, end: e.end, text: e.text, stroke: e.stroke, type: e.type })),
      subgraphs: db.getSubGraphs().map(s => ({ id: s.id, title: s.title, nodes: s.nodes })),
    });
  } catch (e) {
    results.push({ error: String(e?.message ?? e) });
  }
}
process.stdout.write(JSON.stringify(results));
