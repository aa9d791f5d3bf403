import { app, docs, run, summary, withCode, yaml } from './helpers';
import { generateMesh } from '../../scripts/bench-analysis';
import { analyze, CHECKS, formatJson, formatText, IST, MESH } from '../../src/analysis';

const BROKEN_VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: nowhere}`;

describe('engine', () => {
  test('resource is Kind namespace/name, or Kind name when written without a namespace', () => {
    // GIVEN one VirtualService with and one without a namespace
    const withNs = BROKEN_VS.replace('name: reviews', 'name: reviews\n  namespace: shop');
    // WHEN
    const messages = run(yaml(BROKEN_VS, withNs));
    // THEN
    expect(summary(withCode(messages, 'IST0101'))).toEqual(['IST0101 VirtualService reviews', 'IST0101 VirtualService shop/reviews']);
  });

  test('objects without a namespace resolve references in default', () => {
    // GIVEN a Service in default (written) and a VirtualService without namespace
    const messages = run(yaml(app('reviews', { namespace: 'default' }), BROKEN_VS.replace('nowhere', 'reviews')));
    // THEN the host resolves
    expect(withCode(messages, 'IST0101')).toEqual([]);
  });

  test('a message carries the object it is about', () => {
    const objects = docs(BROKEN_VS);
    const [m] = withCode(analyze(objects), 'IST0101');
    expect(m.object).toBe(objects[0]);
  });

  test('messages are sorted errors first and identical findings appear once', () => {
    // GIVEN two routes to the same missing host (same finding) and a Warning-level finding
    const vs = BROKEN_VS.replace('    - destination: {host: nowhere}', '    - destination: {host: nowhere}\n      weight: 50\n    - destination: {host: nowhere}\n      weight: 20');
    const messages = run(vs);
    expect(messages.map(m => m.level)).toEqual(['Error', 'Warning']);
    expect(summary(messages)).toEqual(['IST0101 VirtualService reviews', 'MESH003 VirtualService reviews']);
  });

  test('ignore leaves codes out', () => {
    expect(run(BROKEN_VS, { ignore: ['IST0101'] })).toEqual([]);
  });

  test('kind: List objects are read item by item', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: docs(BROKEN_VS) };
    expect(summary(analyze([list]))).toEqual(['IST0101 VirtualService reviews']);
  });

  test('the assumed default gateways are never reported on', () => {
    // GIVEN nothing: the assumed istio-ingressgateway Service has a status-port name
    expect(run('')).toEqual([]);
  });

  test('Kubernetes Gateway API objects are not read as Istio Gateways', () => {
    const k8sGateway = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web}
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP}]`;
    expect(run(k8sGateway)).toEqual([]);
  });

  test('malformed objects do not make analysis throw', () => {
    const junk: any[] = [
      null, 42, 'x', [], {}, { kind: 'VirtualService' },
      { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: 'x', spec: { hosts: 'x', gateways: [null], http: [null, { route: 'x' }, { match: [null, { uri: null }], route: [{ destination: null }], mirror: {} }], tcp: [{ match: 'x' }] } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', labels: 'x' }, spec: { ports: [null, {}], selector: 'x', type: 'ExternalName' } },
      { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'g' }, spec: { selector: { istio: 5 }, servers: [null, { port: null, hosts: null, tls: { credentialName: 5 } }] } },
      { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'd' }, spec: { host: 5, subsets: [null, { name: 'a', trafficPolicy: { tls: null } }], trafficPolicy: { tls: { mode: 'SIMPLE' }, portLevelSettings: [null, { tls: { mode: 'MUTUAL' } }] } } },
      { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'e' }, spec: { hosts: [null], ports: [null], exportTo: 'x' } },
      { apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'sc' }, spec: { workloadSelector: { labels: null } } },
      { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'a' }, spec: { selector: null, rules: [null, { from: [null, { source: { namespaces: [null] } }] }] } },
      { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'p' }, spec: null },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { template: { metadata: null, spec: { containers: 'x' } } } },
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { jobTemplate: null } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: null, status: {} },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', labels: null } },
    ];
    expect(() => analyze(junk)).not.toThrow();
  });

  test('every check declares its codes, and codes are unique per name', () => {
    const all = CHECKS.flatMap(c => c.types);
    for (const t of all) expect(t.code).toMatch(/^(IST0\d{3}|MESH\d{3})$/);
    const byCode = new Map(all.map(t => [t.code, t.name]));
    for (const t of all) expect(byCode.get(t.code)).toBe(t.name);
    expect(Object.values(MESH).map(t => t.code)).toEqual(['MESH001', 'MESH002', 'MESH003', 'MESH004', 'MESH005', 'MESH006', 'MESH007', 'MESH008', 'MESH009', 'MESH010']);
    expect(IST.ReferencedResourceNotFound).toEqual({ code: 'IST0101', name: 'ReferencedResourceNotFound', level: 'Error' });
  });

  test('analysis is linear: four times the objects take about four times the time, not sixteen', () => {
    // GIVEN generated meshes of 2,500 and 10,000 objects (scripts/bench-analysis.ts); each time is
    // the fastest of three runs, so a busy machine does not make the test fail
    const time = (objects: any[]) => Math.min(...[0, 1, 2].map(() => {
      const start = process.hrtime.bigint();
      analyze(objects);
      return Number(process.hrtime.bigint() - start) / 1e6;
    }));
    time(generateMesh(1000)); // warm up
    const quarter = time(generateMesh(2500));
    const full = time(generateMesh(10000));
    // THEN (pairwise scans would take 16 times as long)
    expect(full).toBeLessThan(8 * quarter + 50);
  });
});

describe('formats', () => {
  const messages = run(yaml(BROKEN_VS, BROKEN_VS.replace('name: reviews', 'name: two').replace('hosts: [reviews]', 'hosts: [two]').replace('{host: nowhere}', '{host: nowhere}\n      weight: 30')));

  test('JSON has exactly code, level, resource and message, in that order', () => {
    const json = formatJson(messages);
    const parsed = JSON.parse(json);
    expect(Object.keys(parsed)).toEqual(['messages']);
    for (const m of parsed.messages) expect(Object.keys(m)).toEqual(['code', 'level', 'resource', 'message']);
    expect(parsed.messages[0]).toEqual({ code: 'IST0101', level: 'Error', resource: 'VirtualService reviews', message: 'Referenced host not found: "nowhere"' });
  });

  test('JSON of no findings is an empty list', () => {
    expect(JSON.parse(formatJson([]))).toEqual({ messages: [] });
  });

  test('text has one line per finding, grouped by level, and a summary', () => {
    const text = formatText(messages);
    expect(text.split('\n')).toEqual([
      'Errors (2):',
      '  Error [IST0101] (VirtualService reviews) Referenced host not found: "nowhere"',
      '  Error [IST0101] (VirtualService two) Referenced host not found: "nowhere"',
      '',
      'Warnings (1):',
      expect.stringMatching(/^ {2}Warning \[MESH003\] \(VirtualService two\) http rule #0: its only destination gets all traffic/),
      '',
      '2 errors, 1 warning, 0 info',
      '',
    ]);
  });

  test('text of no findings says so', () => {
    expect(formatText([])).toBe('No issues found.\n');
  });
});
