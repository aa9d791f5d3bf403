/**
 * The diagrams render: Mermaid's own parser (mermaid-parser.ts) reads them, and what it reads has
 * every service and every weighted edge of the manifests, found from the manifests themselves.
 */
import { Testing } from 'cdk8s';
import { app, authorizationPolicy, destinationRule, egressMesh, gatewayApi, istio, service, virtualService } from './fixtures';
import { ParsedDiagram, ParsedVertex, parseMermaid } from './mermaid-parser';
import { buildBookinfoApp } from '../../../examples/bookinfo/app';
import { buildBookinfoGatewayApiApp } from '../../../examples/bookinfo/gateway-api';
import { MeshGraph } from '../../../src';

function manifestsOf(build: (app: any) => unknown): any[] {
  const a = Testing.app();
  build(a);
  return a.charts.flatMap(c => c.toJson());
}

const of = (manifests: any[], kind: string) => manifests.filter(m => m.kind === kind);
const ns = (m: any) => m.metadata.namespace ?? 'default';

/** The subgraphs that hold a vertex, innermost first. */
function boxesOf(d: ParsedDiagram, id: string): string[] {
  const out: string[] = [];
  let current = id;
  for (;;) {
    const box = d.subgraphs.find(s => s.nodes.includes(current));
    if (!box) return out;
    out.push(box.title);
    current = box.id;
  }
}

/** The vertex of a service of a namespace: its first line is the name, and it is in the namespace's box. */
function serviceVertex(d: ParsedDiagram, namespace: string, name: string): ParsedVertex {
  const found = d.vertices.filter(v => v.type === 'stadium' && v.lines[0] === name && boxesOf(d, v.id).includes(`namespace ${namespace}`));
  expect(found.map(v => v.lines[0])).toEqual([name]);
  return found[0];
}

/** The vertex of a version of a service: in the service's box. */
function versionVertex(d: ParsedDiagram, svc: ParsedVertex, name: string): ParsedVertex {
  const box = d.subgraphs.find(s => s.nodes.includes(svc.id))!;
  const found = d.vertices.filter(v => box.nodes.includes(v.id) && v.id !== svc.id && v.lines[0] === name);
  expect(found.map(v => v.lines[0])).toEqual([name]);
  return found[0];
}

function gatewayVertex(d: ParsedDiagram, name: string): ParsedVertex {
  const found = d.vertices.filter(v => v.type === 'hexagon' && v.lines[0] === `Gateway ${name}`);
  expect(found.length).toBe(1);
  return found[0];
}

function expectEdge(d: ParsedDiagram, from: ParsedVertex, to: ParsedVertex, share: string): void {
  const edges = d.edges.filter(e => e.start === from.id && e.end === to.id && e.stroke === 'normal' && e.type === 'arrow_point');
  expect(edges.map(e => e.text.slice(e.text.lastIndexOf(' ') + 1))).toContain(share);
}

const BOOKINFO = manifestsOf(buildBookinfoApp);
const BOOKINFO_GATEWAY_API = manifestsOf(buildBookinfoGatewayApiApp);
const UNLIKE = unlikeBookinfo();
const ESCAPED = MeshGraph.of([...app('default', 'end', ['v1']), virtualService('default', 'end', {
  hosts: ['end'],
  http: [{ match: [{ headers: { 'x-q': { regex: '"a|b"#<i>&`' } } }], route: [{ destination: { host: 'end', subset: 'v1' } }] }],
})]).toMermaid();
const KEYWORDS = MeshGraph.of([...app('default', 'web', []), istio('Gateway', 'default', 'subgraph', { selector: { app: 'web' }, servers: [] })]).toMermaid();
const TEXTS = [BOOKINFO, BOOKINFO_GATEWAY_API, UNLIKE].map(m => MeshGraph.of(m).toMermaid())
  .concat([MeshGraph.of([]).toMermaid(), ESCAPED, KEYWORDS, 'flowchart LR\n  end --> x\n']);
/** What Mermaid reads, by text (the parser starts once for them all). */
let parsed: Map<string, ParsedDiagram>;
beforeAll(() => {
  const results = parseMermaid(TEXTS);
  parsed = new Map(TEXTS.map((t, i) => [t, results[i]]));
});
const parse = (text: string) => [parsed.get(text)!];

describe('the diagrams parse with Mermaid', () => {
  test('bookinfo: every meshed service, every version routed to, every weighted route', () => {
    const manifests = BOOKINFO;
    const [d] = parse(MeshGraph.of(manifests).toMermaid());
    expect(d.error).toBeUndefined();
    expect(d.type).toBe('flowchart-v2');
    // every Service of the application namespace
    const services = of(manifests, 'Service').filter(s => ns(s) === 'default');
    expect(services.length).toBeGreaterThanOrEqual(4);
    for (const s of services) serviceVertex(d, 'default', s.metadata.name);
    // every route of every VirtualService, with its share
    let routes = 0;
    for (const vs of of(manifests, 'VirtualService')) {
      const sources = (vs.spec.gateways ?? ['mesh']).flatMap((g: string) => (g === 'mesh' ? vs.spec.hosts.map((h: string) => serviceVertex(d, ns(vs), h)) : [gatewayVertex(d, g)]));
      for (const rule of vs.spec.http) {
        const total = rule.route.reduce((sum: number, r: any) => sum + (r.weight ?? 100 / rule.route.length), 0);
        for (const r of rule.route) {
          const svc = serviceVertex(d, ns(vs), r.destination.host);
          const to = r.destination.subset ? versionVertex(d, svc, r.destination.subset) : svc;
          for (const from of sources) expectEdge(d, from, to, `${Math.round(((r.weight ?? 100 / rule.route.length) / total) * 1000) / 10}%`);
          routes++;
        }
      }
    }
    expect(routes).toBeGreaterThanOrEqual(5);
    // every allowed caller of the zero-trust policies is a dotted edge ending in a circle
    const policiesWithRules = of(manifests, 'AuthorizationPolicy').filter(p => p.spec.rules);
    expect(d.edges.filter(e => e.stroke === 'dotted' && e.type === 'arrow_circle').length).toBe(policiesWithRules.length);
  });

  test('bookinfo in the Gateway API: every Service with its version Services, every HTTPRoute backend by weight', () => {
    const manifests = BOOKINFO_GATEWAY_API;
    const [d] = parse(MeshGraph.of(manifests).toMermaid());
    expect(d.error).toBeUndefined();
    let routes = 0;
    for (const route of of(manifests, 'HTTPRoute')) {
      const sources = route.spec.parentRefs.map((p: any) => (p.kind === 'Service' ? serviceVertex(d, ns(route), p.name) : gatewayVertex(d, p.name)));
      for (const rule of route.spec.rules) {
        const total = rule.backendRefs.reduce((sum: number, b: any) => sum + (b.weight ?? 1), 0);
        for (const b of rule.backendRefs) {
          // a backend is a service of its own, or a version in the box of the route's parent Service
          const parent = route.spec.parentRefs.find((p: any) => p.kind === 'Service');
          const to = parent && b.name !== parent.name
            ? versionVertex(d, serviceVertex(d, ns(route), parent.name), b.name)
            : serviceVertex(d, ns(route), b.name);
          for (const from of sources) expectEdge(d, from, to, `${Math.round(((b.weight ?? 1) / total) * 1000) / 10}%`);
          routes++;
        }
      }
    }
    expect(routes).toBeGreaterThanOrEqual(5);
  });

  test('a mesh unlike bookinfo: namespaces, a multi-port service, a canary split, an egress gateway hop, Gateway API routing, deny by default', () => {
    const [d] = parse(MeshGraph.of(UNLIKE).toMermaid());
    expect(d.error).toBeUndefined();
    const api = serviceVertex(d, 'shop', 'api');
    expect(api.lines).toEqual(['api', '8080 http, 9090 grpc-api']);
    expectEdge(d, api, versionVertex(d, api, 'v1'), '95%');
    expectEdge(d, api, versionVertex(d, api, 'v2'), '5%');
    expect(d.edges.filter(e => e.start === api.id && e.stroke === 'dotted' && e.type === 'arrow_point').map(e => e.text)).toEqual(['port 8080: mirror 1.5%']);
    expectEdge(d, serviceVertex(d, 'shop', 'pay'), serviceVertex(d, 'billing', 'payments'), '100%');
    const cnn = d.vertices.find(v => v.type === 'lean_right' && v.lines[0] === 'edition.cnn.com')!;
    expect(boxesOf(d, cnn.id)).toEqual(['outside the mesh']);
    const egress = serviceVertex(d, 'istio-system', 'istio-egressgateway');
    expectEdge(d, cnn, egress, '100%');
    expect(d.edges.filter(e => e.start === egress.id && e.type === 'arrow_open').map(e => e.end)).toEqual([gatewayVertex(d, 'egress').id]);
    expectEdge(d, gatewayVertex(d, 'egress'), cnn, '100%');
    expectEdge(d, gatewayVertex(d, 'front'), serviceVertex(d, 'shop', 'web'), '100%');
    // allowed callers: the front gateway to web, web to api on one port, shop to payments; nobody to pay
    const allowed = d.edges.filter(e => e.stroke === 'dotted' && e.type === 'arrow_circle').map(e => [e.start, e.text, e.end]);
    const shop = d.vertices.find(v => v.lines[0] === 'any workload in shop')!;
    expect(allowed).toEqual([
      [shop.id, 'allowed', serviceVertex(d, 'billing', 'payments').id],
      [serviceVertex(d, 'shop', 'web').id, 'allowed: port 9090', api.id],
      [gatewayVertex(d, 'front').id, 'allowed', serviceVertex(d, 'shop', 'web').id],
    ]);
  });

  test('the texts of the rule tests parse too: an empty mesh, escaped matches', () => {
    const results = [MeshGraph.of([]).toMermaid(), ESCAPED, KEYWORDS].map(t => parsed.get(t)!);
    expect(results.map(r => r.error)).toEqual([undefined, undefined, undefined]);
    expect(results[1].edges.map(e => e.text)).toEqual(['x-q~="a|b"#<i>&`: 100%']);
  });

  test('what is not Mermaid is refused by the parser (the check can fail)', () => {
    const [d] = parse('flowchart LR\n  end --> x\n');
    expect(d.error).toMatch(/^Parse error on line 2/);
  });
});

/** Namespaces, a multi-port service, a canary split with a mirror, an egress gateway hop, Gateway API routing, deny by default. */
function unlikeBookinfo(): any[] {
  return [
    ...app('shop', 'web', ['v1']),
    ...app('shop', 'api', ['v1', 'v2'], [[8080, 'http'], [9090, 'grpc-api']]),
    destinationRule('shop', 'api', ['v1', 'v2']),
    virtualService('shop', 'api', {
      hosts: ['api'],
      http: [{
        match: [{ port: 8080 }],
        route: [{ destination: { host: 'api', subset: 'v1', port: { number: 8080 } }, weight: 95 }, { destination: { host: 'api', subset: 'v2', port: { number: 8080 } }, weight: 5 }],
        mirror: { host: 'api', subset: 'v2' },
        mirrorPercentage: { value: 1.5 },
      }],
    }),
    ...app('billing', 'payments', ['v1']),
    virtualService('shop', 'pay', { hosts: ['pay.shop.svc.cluster.local'], http: [{ route: [{ destination: { host: 'payments.billing.svc.cluster.local' } }] }] }),
    service('shop', 'pay', {}),
    ...egressMesh(),
    gatewayApi('Gateway', 'shop', 'front', { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', hostname: '*.shop.example' }] }),
    gatewayApi('HTTPRoute', 'shop', 'front', { parentRefs: [{ name: 'front' }], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] }),
    authorizationPolicy('istio-system', 'allow-nothing', {}),
    authorizationPolicy('shop', 'api', { selector: { matchLabels: { app: 'api' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/web'] } }], to: [{ operation: { ports: ['9090'] } }] }] }),
    authorizationPolicy('shop', 'web', { selector: { matchLabels: { app: 'web' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/front-istio'] } }] }] }),
    authorizationPolicy('billing', 'payments', { rules: [{ from: [{ source: { namespaces: ['shop'] } }] }] }),
  ];
}
