/**
 * A mesh diagram as a Mermaid flowchart (`flowchart LR`): a box per namespace holding its
 * gateways and services, a box per service with versions holding the service and its versions,
 * external hosts in a box of their own; routes as arrows, mirrors as dotted arrows, allowed calls
 * as dotted lines ending in a circle (and green), a gateway's Service joined to its Gateway by a
 * plain line. Shapes: gateways hexagons, services stadiums, versions rectangles, external hosts
 * parallelograms, caller groups flags, workloads subroutines.
 *
 * Ids are made of the node's key, letters and digits kept, everything else `_`, after a prefix
 * per kind (so never a Mermaid keyword like `end`); keys that come out the same are numbered in
 * key order. Texts are quoted, with `"`, `#`, `<`, `>`, `&`, `|` and backquotes written as
 * Mermaid's entity codes, so any name or match reads as written.
 */
import { compare } from './builder';
import { GraphData, GraphEdge, GraphNode, NodeKind } from './types';

const PREFIX: Record<string, string> = {
  'gateway': 'gw',
  'k8s-gateway': 'kgw',
  'service': 'svc',
  'version': 'ver',
  'external': 'ext',
  'host': 'host',
  'callers': 'callers',
  'workload': 'wl',
};

const SHAPES: Record<NodeKind, [string, string]> = {
  gateway: ['{{', '}}'],
  service: ['([', '])'],
  version: ['[', ']'],
  external: ['[/', '/]'],
  callers: ['>', ']'],
  workload: ['[[', ']]'],
};

const CLASSES: Record<NodeKind, string> = {
  gateway: 'fill:#e3f2fd,stroke:#1565c0',
  service: 'fill:#ffffff,stroke:#37474f',
  version: 'fill:#f1f8e9,stroke:#558b2f',
  external: 'fill:#fff3e0,stroke:#ef6c00',
  callers: 'fill:#f3e5f5,stroke:#6a1b9a',
  workload: 'fill:#eceff1,stroke:#37474f',
};

const ARROWS: Record<GraphEdge['kind'], string> = {
  route: '-->',
  mirror: '-.->',
  allowed: '-.-o',
  serves: '---',
};

/** Text as a Mermaid string: entity codes for the characters Mermaid reads otherwise. */
export function escapeText(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/&/g, '#amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;')
    .replace(/`/g, '#96;')
    .replace(/[\r\n\t]+/g, ' ');
}

/** Ids for keys, unique, in key order. */
class Ids {
  private readonly byKey = new Map<string, string>();
  private readonly taken = new Set<string>();

  public id(key: string, prefix?: string): string {
    let id = this.byKey.get(key);
    if (id) return id;
    const colon = key.indexOf(':');
    const p = prefix ?? PREFIX[key.slice(0, colon)] ?? 'n';
    const base = `${p}_${key.slice(colon + 1).replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'x'}`;
    id = base;
    for (let i = 2; this.taken.has(id); i++) id = `${base}_${i}`;
    this.taken.add(id);
    this.byKey.set(key, id);
    return id;
  }
}

/** The Mermaid text of a diagram, ending with a newline. */
export function toMermaid(graph: GraphData): string {
  const ids = new Ids();
  // ids in key order, whatever order the boxes print them in
  for (const node of graph.nodes) ids.id(node.key);
  const out = ['flowchart LR'];
  const text = (lines: readonly string[]) => `"${lines.map(escapeText).join('<br/>')}"`;
  const nodeLine = (n: GraphNode, indent: string) => {
    const [open, close] = SHAPES[n.kind];
    out.push(`${indent}${ids.id(n.key)}${open}${text(n.lines)}${close}`);
  };

  const versions = new Map<string, GraphNode[]>();
  for (const n of graph.nodes) {
    if (n.kind === 'version' && n.service) versions.set(n.service, [...versions.get(n.service) ?? [], n]);
  }
  const top = graph.nodes.filter(n => n.namespace === undefined && n.kind !== 'external');
  const external = graph.nodes.filter(n => n.namespace === undefined && n.kind === 'external');
  const namespaces = [...new Set(graph.nodes.filter(n => n.namespace !== undefined).map(n => n.namespace!))].sort(compare);

  if (graph.nodes.length === 0) out.push('  empty["no services, gateways or routes"]');
  top.forEach(n => nodeLine(n, '  '));
  if (external.length > 0) {
    out.push(`  subgraph ${ids.id('box:external', 'outside')}["outside the mesh"]`);
    external.forEach(n => nodeLine(n, '    '));
    out.push('  end');
  }
  for (const ns of namespaces) {
    out.push(`  subgraph ${ids.id(`namespace:${ns}`, 'ns')}[${text([`namespace ${ns}`])}]`);
    for (const n of graph.nodes.filter(x => x.namespace === ns && x.kind !== 'version')) {
      const vs = versions.get(n.key);
      if (!vs) {
        nodeLine(n, '    ');
        continue;
      }
      out.push(`    subgraph ${ids.id(`group:${n.key.slice(n.key.indexOf(':') + 1)}`, 'grp')}[" "]`);
      nodeLine(n, '      ');
      vs.forEach(v => nodeLine(v, '      '));
      out.push('    end');
    }
    out.push('  end');
  }

  const allowed: number[] = [];
  graph.edges.forEach((e, i) => {
    if (e.kind === 'allowed') allowed.push(i);
    const label = e.label === undefined ? '' : `|${text([e.label])}|`;
    out.push(`  ${ids.id(e.from)} ${ARROWS[e.kind]}${label} ${ids.id(e.to)}`);
  });

  for (const kind of Object.keys(CLASSES) as NodeKind[]) {
    const members = graph.nodes.filter(n => n.kind === kind).map(n => ids.id(n.key));
    if (members.length === 0) continue;
    out.push(`  classDef ${kind} ${CLASSES[kind]}`);
    out.push(`  class ${members.join(',')} ${kind}`);
  }
  if (allowed.length > 0) out.push(`  linkStyle ${allowed.join(',')} stroke:#2e7d32,color:#2e7d32`);
  return `${out.join('\n')}\n`;
}

/** The diagram as a Markdown document: a heading and a `mermaid` code block (GitHub draws it). */
export function toMarkdown(graph: GraphData, title: string): string {
  return `# ${title}\n\n\`\`\`mermaid\n${toMermaid(graph)}\`\`\`\n`;
}
