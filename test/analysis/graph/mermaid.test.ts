import { app, destinationRule, virtualService } from './fixtures';
import { MeshGraph } from '../../../src';
import { escapeText, toMermaid } from '../../../src/analysis/graph/mermaid';

describe('Mermaid text', () => {
  test('an empty mesh is one node saying so', () => {
    expect(MeshGraph.of([]).toMermaid()).toBe('flowchart LR\n  empty["no services, gateways or routes"]\n');
  });

  test('a whole diagram: namespace boxes, a box per service with versions, edges, classes', () => {
    const text = MeshGraph.of([
      ...app('default', 'web', []),
      ...app('default', 'reviews', ['v1', 'v2']),
      destinationRule('default', 'reviews', ['v1', 'v2']),
      virtualService('default', 'reviews', {
        hosts: ['reviews'],
        http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 80 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 20 }] }],
      }),
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web' }] } } } },
    ]).toMermaid();
    expect(text).toBe([
      'flowchart LR',
      '  subgraph ns_default["namespace default"]',
      '    subgraph grp_default_reviews[" "]',
      '      svc_default_reviews(["reviews"])',
      '      ver_default_reviews_v1["v1"]',
      '      ver_default_reviews_v2["v2"]',
      '    end',
      '    svc_default_web(["web"])',
      '  end',
      '  svc_default_reviews -->|"80%"| ver_default_reviews_v1',
      '  svc_default_reviews -->|"20%"| ver_default_reviews_v2',
      '  classDef service fill:#ffffff,stroke:#37474f',
      '  class svc_default_reviews,svc_default_web service',
      '  classDef version fill:#f1f8e9,stroke:#558b2f',
      '  class ver_default_reviews_v1,ver_default_reviews_v2 version',
      '',
    ].join('\n'));
  });

  test('the same manifests in another order draw the same text', () => {
    const manifests = [
      ...app('b', 'web', ['v1']),
      ...app('a', 'api', ['v2', 'v1']),
      virtualService('a', 'api', { hosts: ['api'], http: [{ route: [{ destination: { host: 'web.b.svc.cluster.local' } }] }] }),
    ];
    expect(MeshGraph.of([...manifests].reverse()).toMermaid()).toBe(MeshGraph.of(manifests).toMermaid());
  });

  test("texts are quoted, with Mermaid's entity codes for the characters it would read", () => {
    expect(escapeText('a "b" #1 <c> & d|e `f`\ng')).toBe('a #quot;b#quot; #35;1 #lt;c#gt; #amp; d#124;e #96;f#96; g');
    expect(escapeText('plain-text: 100%')).toBe('plain-text: 100%');
  });

  test('a match with quotes and pipes is written with entity codes on the edge', () => {
    const text = MeshGraph.of([
      ...app('default', 'web', ['v1']),
      virtualService('default', 'web', { hosts: ['web'], http: [{ match: [{ headers: { 'x-q': { regex: '"a|b"#' } } }], route: [{ destination: { host: 'web' } }] }] }),
    ]).toMermaid();
    expect(text).toContain('  svc_default_web -->|"x-q~=#quot;a#124;b#quot;#35;: 100%"| svc_default_web\n');
  });

  test('ids are prefixed by kind, so a service named end is no keyword; keys that sanitize alike are numbered in key order', () => {
    const text = toMermaid({
      nodes: [
        { key: 'service:a-b/c', kind: 'service', namespace: 'a-b', lines: ['c'] },
        { key: 'service:a/b-c', kind: 'service', namespace: 'a', lines: ['b-c'] },
        { key: 'service:x/end', kind: 'service', namespace: 'x', lines: ['end'] },
      ],
      edges: [{ from: 'service:a-b/c', to: 'service:a/b-c', kind: 'route', label: '100%' }],
    });
    expect(text).toContain('    svc_a_b_c(["c"])\n');
    expect(text).toContain('    svc_a_b_c_2(["b-c"])\n');
    expect(text).toContain('    svc_x_end(["end"])\n');
    expect(text).toContain('  svc_a_b_c -->|"100%"| svc_a_b_c_2\n');
  });
});
