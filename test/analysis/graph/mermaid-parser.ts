/**
 * Mermaid's own parser (the `mermaid` package, under jsdom) on diagrams, in a child process:
 * Mermaid is an ES module with a DOM dependency, run as it runs in a browser.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

export interface ParsedVertex {
  readonly id: string;
  /** The text as drawn: entity codes decoded, one entry per line. */
  readonly lines: string[];
  readonly type: string | null;
}

export interface ParsedEdge {
  readonly start: string;
  readonly end: string;
  readonly text: string;
  /** `normal`, `dotted` or `thick`. */
  readonly stroke: string;
  /** `arrow_point`, `arrow_circle`, `arrow_open` … */
  readonly type: string;
}

export interface ParsedDiagram {
  /** Mermaid's parse error, when it is not a diagram. */
  readonly error?: string;
  readonly type?: string;
  readonly vertices: ParsedVertex[];
  readonly edges: ParsedEdge[];
  readonly subgraphs: Array<{ readonly id: string; readonly title: string; readonly nodes: string[] }>;
}

const ENTITIES: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>' };

/** Mermaid's text with its entity placeholders (`ﬂ°quot¶ß`, `ﬂ°°35¶ß`) decoded. */
export function decodeText(text: string): string {
  return text
    .replace(/ﬂ°°(\d+)¶ß/g, (_, code) => String.fromCharCode(Number(code)))
    .replace(/ﬂ°(\w+)¶ß/g, (_, name) => ENTITIES[name] ?? `&${name};`);
}

/** What Mermaid's parser makes of each text. */
export function parseMermaid(texts: readonly string[]): ParsedDiagram[] {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'mermaid-parse.mjs')], {
    input: JSON.stringify(texts), encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024,
  });
  return (JSON.parse(out) as any[]).map(r => (r.error !== undefined ? { error: r.error, vertices: [], edges: [], subgraphs: [] } : {
    type: r.type,
    vertices: r.vertices.map((v: any) => ({ id: v.id, type: v.type, lines: decodeText(v.text).split('<br>') })),
    edges: r.edges.map((e: any) => ({ ...e, text: decodeText(e.text) })),
    subgraphs: r.subgraphs,
  }));
}
