import { app, authorizationPolicy, deployment, edgeLines, nodeLines } from './fixtures';
import { MeshGraph } from '../../../src';

const draw = (manifests: any[]) => MeshGraph.of(manifests).toMermaid();
const allowed = (text: string) => edgeLines(text).filter(l => l.includes(' -.-o'));

/** web calls api; api is protected by `policies`. */
const mesh = (...policies: any[]) => [
  ...app('shop', 'web', ['v1']),
  ...app('shop', 'api', ['v1'], [[8080, 'http'], [9090, 'grpc']]),
  ...app('tools', 'debug', ['v1']),
  ...policies,
];

const allowFrom = (source: any, to?: any) => authorizationPolicy('shop', 'api', {
  selector: { matchLabels: { app: 'api' } },
  action: 'ALLOW',
  rules: [{ from: [{ source }], ...to ? { to: [{ operation: to }] } : {} }],
});

describe('allowed callers', () => {
  test('without AuthorizationPolicies everything is allowed and no caller edge is drawn', () => {
    expect(allowed(draw(mesh()))).toEqual([]);
  });

  test("a principal allowed by an ALLOW policy: an edge from its workloads' service; other workloads get none", () => {
    // GIVEN api allows web's service account only
    const text = draw(mesh(allowFrom({ principals: ['cluster.local/ns/shop/sa/web'] })));
    // THEN
    expect(allowed(text)).toEqual(['svc_shop_web -.-o|"allowed"| svc_shop_api']);
    expect(text).toContain('  linkStyle 0 stroke:#2e7d32,color:#2e7d32\n');
  });

  test('a rule on a port allows on that port only; one on methods allows some requests', () => {
    const onPort = draw(mesh(allowFrom({ principals: ['cluster.local/ns/shop/sa/web'] }, { ports: ['9090'] })));
    expect(allowed(onPort)).toEqual(['svc_shop_web -.-o|"allowed: port 9090"| svc_shop_api']);
    const onMethod = draw(mesh(allowFrom({ principals: ['cluster.local/ns/shop/sa/web'] }, { methods: ['GET', 'HEAD'], paths: ['/api/*'] })));
    expect(allowed(onMethod)).toEqual(['svc_shop_web -.-o|"allowed: GET,HEAD /api/*"| svc_shop_api']);
  });

  test('a namespace-wide rule is one node for the namespace, not an edge per workload', () => {
    const text = draw(mesh(allowFrom({ namespaces: ['tools'] })));
    expect(allowed(text)).toEqual(['callers_ns_tools -.-o|"allowed"| svc_shop_api']);
    expect(nodeLines(text)).toContain('callers_ns_tools>"any workload in tools"]');
  });

  test('a rule any caller meets is one any-caller node', () => {
    const text = draw(mesh(authorizationPolicy('shop', 'api', { selector: { matchLabels: { app: 'api' } }, rules: [{}] })));
    expect(allowed(text)).toEqual(['callers_any -.-o|"allowed"| svc_shop_api']);
    expect(nodeLines(text)).toContain('callers_any>"any caller"]');
  });

  test('deny by default (an empty ALLOW policy in the root namespace): services nobody may call say so', () => {
    // GIVEN allow-nothing mesh-wide, and api open to web
    const text = draw(mesh(authorizationPolicy('istio-system', 'allow-nothing', {}), allowFrom({ principals: ['cluster.local/ns/shop/sa/web'] })));
    // THEN
    expect(allowed(text)).toEqual(['svc_shop_web -.-o|"allowed"| svc_shop_api']);
    expect(nodeLines(text)).toEqual(expect.arrayContaining([
      'svc_shop_web(["web<br/>no caller allowed"])',
      'svc_tools_debug(["debug<br/>no caller allowed"])',
      'svc_shop_api(["api<br/>8080 http, 8090 grpc"])'.replace('8090', '9090'),
    ]));
  });

  test('a DENY policy takes a caller out; where only DENY policies are in force, any other caller is allowed', () => {
    const deny = authorizationPolicy('shop', 'deny-tools', { action: 'DENY', rules: [{ from: [{ source: { namespaces: ['tools'] } }] }] });
    expect(allowed(draw(mesh(allowFrom({ namespaces: ['shop', 'tools'] }), deny)))).toEqual([
      'callers_ns_shop -.-o|"allowed"| svc_shop_api',
      'callers_any -.-o|"allowed"| svc_shop_web',
    ]);
    expect(allowed(draw(mesh(allowFrom({ namespaces: ['shop', 'tools'] }))))).toEqual([
      'callers_ns_shop -.-o|"allowed"| svc_shop_api',
      'callers_ns_tools -.-o|"allowed"| svc_shop_api',
    ]);
  });

  test('a caller without a Service is drawn as its workload', () => {
    const text = draw([...mesh(allowFrom({ principals: ['cluster.local/ns/shop/sa/batch'] })), deployment('shop', 'nightly', { job: 'nightly' }, 'batch')]);
    expect(allowed(text)).toEqual(['wl_shop_nightly -.-o|"allowed"| svc_shop_api']);
    expect(nodeLines(text)).toContain('wl_shop_nightly[["workload nightly"]]');
  });
});
