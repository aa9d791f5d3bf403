import { Chart, Testing } from 'cdk8s';
import {
  AuthorizationAction, AuthorizationPolicy, AuthorizationPolicyProps, Gateway, GatewayServer, GatewayWorkload, Mesh, MeshOwnership, RoutingApi,
} from '../src';
import { exactly, findAll, findObject, synthProblems, synthValid } from './util/validate';

/** A mesh with `reviews` (HTTP 9080) in `default` and `ratings` in `shop`. */
function setup(props: { ownership?: MeshOwnership; routingApi?: RoutingApi } = {}) {
  const chart = new Chart(Testing.app(), 'test');
  const mesh = new Mesh(chart, 'mesh', props);
  const reviews = mesh.addService('reviews', { ports: [{ port: 9080 }], versions: [{ name: 'v1', image: 'r:1' }] });
  const ratings = mesh.addService('ratings', { namespace: 'shop', ports: [{ port: 9080 }], versions: [{ name: 'v1', image: 'r:1' }] });
  return { chart, mesh, reviews, ratings };
}

/** The only AuthorizationPolicy of the synthesized, validated chart. */
async function onlyPolicy(chart: Chart): Promise<any> {
  const policies = findAll(await synthValid(chart), 'AuthorizationPolicy');
  expect(policies).toHaveLength(1);
  return policies[0];
}

function policyError(props: Omit<AuthorizationPolicyProps, 'mesh'>, options: { ownership?: MeshOwnership } = {}): () => void {
  const { chart, mesh } = setup(options);
  return () => new AuthorizationPolicy(chart, 'policy', { mesh, ...props });
}

describe('AuthorizationPolicy', () => {
  test("a policy on a service selects the service's pods in its namespace, with every kind of rule", async () => {
    // GIVEN
    const { chart, mesh, ratings } = setup();
    // WHEN
    const policy = new AuthorizationPolicy(chart, 'ratings-readers', {
      mesh,
      service: ratings,
      rules: [{
        from: [{ principals: ['cluster.local/ns/default/sa/reviews'] }, { namespaces: ['shop'], notIpBlocks: ['10.0.0.0/8'] }],
        to: [{ methods: ['GET'], paths: ['/ratings/*'], ports: [9080], notPorts: [15090] }],
        when: [{ key: 'request.headers[x-tenant]', values: ['acme'], notValues: ['evil'] }],
      }],
    });
    // THEN
    expect([policy.name, policy.namespace, policy.action]).toEqual(['ratings-readers', 'shop', AuthorizationAction.ALLOW]);
    expect(await onlyPolicy(chart)).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'ratings-readers', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'ratings' } },
        action: 'ALLOW',
        rules: [{
          from: [
            { source: { principals: ['cluster.local/ns/default/sa/reviews'] } },
            { source: { namespaces: ['shop'], notIpBlocks: ['10.0.0.0/8'] } },
          ],
          to: [{ operation: { methods: ['GET'], paths: ['/ratings/*'], ports: ['9080'], notPorts: ['15090'] } }],
          when: [{ key: 'request.headers[x-tenant]', values: ['acme'], notValues: ['evil'] }],
        }],
      },
    });
  });

  test('an ALLOW policy without rules allows nothing: it has no rules', async () => {
    const { chart, mesh, reviews } = setup();
    new AuthorizationPolicy(chart, 'nothing', { mesh, service: reviews });
    expect((await onlyPolicy(chart)).spec).toEqual({ selector: { matchLabels: { app: 'reviews' } }, action: 'ALLOW' });
  });

  test('without service, gateway or selector a policy applies to its namespace, or to the mesh in the root namespace', async () => {
    const { chart, mesh } = setup();
    new AuthorizationPolicy(chart, 'shop-deny', { mesh, namespace: 'shop', action: AuthorizationAction.DENY, rules: [{ from: [{ notNamespaces: ['shop'] }] }] });
    new AuthorizationPolicy(chart, 'mesh-audit', { mesh, action: AuthorizationAction.AUDIT, rules: [{ to: [{ paths: ['/admin/*'] }] }] });
    const objects = await synthValid(chart);
    expect(findObject(objects, 'AuthorizationPolicy', 'shop-deny', 'shop').spec)
      .toEqual({ action: 'DENY', rules: [{ from: [{ source: { notNamespaces: ['shop'] } }] }] });
    expect(findObject(objects, 'AuthorizationPolicy', 'mesh-audit', 'istio-system').spec)
      .toEqual({ action: 'AUDIT', rules: [{ to: [{ operation: { paths: ['/admin/*'] } }] }] });
  });

  test("a selector applies in the mesh's default namespace unless a namespace is given", async () => {
    const { chart, mesh } = setup();
    new AuthorizationPolicy(chart, 'a', { mesh, selector: { app: 'legacy' }, rules: [{}] });
    new AuthorizationPolicy(chart, 'b', { mesh, selector: { app: 'legacy' }, namespace: 'shop', rules: [{}] });
    const objects = await synthValid(chart);
    expect(findObject(objects, 'AuthorizationPolicy', 'a', 'default').spec.selector).toEqual({ matchLabels: { app: 'legacy' } });
    expect(findObject(objects, 'AuthorizationPolicy', 'b', 'shop').spec.selector).toEqual({ matchLabels: { app: 'legacy' } });
  });

  test("a CUSTOM policy names its provider; a dry-run policy has Istio's annotation", async () => {
    const { chart, mesh, reviews } = setup();
    new AuthorizationPolicy(chart, 'ext', { mesh, service: reviews, action: AuthorizationAction.CUSTOM, provider: 'ext-authz', rules: [{ to: [{ paths: ['/admin/*'] }] }] });
    new AuthorizationPolicy(chart, 'try', { mesh, service: reviews, action: AuthorizationAction.DENY, dryRun: true, rules: [{}] });
    const objects = await synthValid(chart);
    expect(findObject(objects, 'AuthorizationPolicy', 'ext', 'default').spec).toEqual({
      selector: { matchLabels: { app: 'reviews' } }, action: 'CUSTOM', provider: { name: 'ext-authz' }, rules: [{ to: [{ operation: { paths: ['/admin/*'] } }] }],
    });
    expect(findObject(objects, 'AuthorizationPolicy', 'try', 'default').metadata.annotations).toEqual({ 'istio.io/dry-run': 'true' });
  });

  test("a policy on a gateway selects the gateway's pods where they run (a Gateway API Gateway by reference)", async () => {
    // GIVEN a gateway whose shared workload runs in another namespace, and one of the Gateway API
    const { chart, mesh } = setup();
    const workload = new GatewayWorkload(mesh, 'edge', { mesh, namespace: 'edge' });
    const shared = new Gateway(mesh, 'shop-gw', { mesh, namespace: 'shop', workload, servers: [GatewayServer.http({ hosts: ['*'] })] });
    const api = setup({ routingApi: RoutingApi.GATEWAY_API });
    const gatewayApi = new Gateway(api.mesh, 'web', { mesh: api.mesh, namespace: 'web', servers: [GatewayServer.http({ hosts: ['*'] })] });
    // WHEN
    const a = new AuthorizationPolicy(chart, 'gw', { mesh, gateway: shared, rules: [{ from: [{ ipBlocks: ['10.0.0.0/8'] }] }] });
    const b = new AuthorizationPolicy(api.chart, 'gw', { mesh: api.mesh, gateway: gatewayApi, rules: [{}] });
    // THEN
    expect([a.namespace, b.namespace]).toEqual(['edge', 'web']);
    expect((await onlyPolicy(chart)).spec.selector).toEqual({ matchLabels: { istio: 'ingressgateway' } });
    expect((await onlyPolicy(api.chart)).spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'web' }], action: 'ALLOW', rules: [{}],
    });
  });

  test('addRule adds rules after construction, and checks them', async () => {
    const { chart, mesh, reviews } = setup();
    const policy = new AuthorizationPolicy(chart, 'p', { mesh, service: reviews, action: AuthorizationAction.DENY });
    policy.addRule({ to: [{ methods: ['DELETE'] }] });
    expect(() => policy.addRule({ to: [{ methods: ['delete'] }] })).toThrow(exactly(
      "[test/p] 'rules[1].to[0].methods[0]' never matches: methods are case-sensitive and requests send them in uppercase ('DELETE'), got 'delete'"));
    expect(policy.rules).toEqual([{ to: [{ methods: ['DELETE'] }] }]);
    expect((await onlyPolicy(chart)).spec.rules).toEqual([{ to: [{ operation: { methods: ['DELETE'] } }] }]);
  });

  test('a DENY, AUDIT or CUSTOM policy without rules fails at synthesis; an ALLOW policy does not', async () => {
    for (const action of [AuthorizationAction.DENY, AuthorizationAction.AUDIT]) {
      const { chart, mesh, reviews } = setup();
      new AuthorizationPolicy(chart, 'p', { mesh, service: reviews, action });
      expect(await synthProblems(chart)).toEqual([
        `[test/p] a ${action} policy without rules never applies (Istio refuses it): give 'rules' or call addRule() ({} matches every request)`,
      ]);
    }
  });

  test('contradicting props fail, each with its message', () => {
    const { chart, mesh, reviews } = setup();
    const gateway = new Gateway(mesh, 'gw', { mesh, servers: [GatewayServer.http({ hosts: ['*'] })] });
    expect(() => new AuthorizationPolicy(chart, 'a', { mesh, service: reviews, selector: { app: 'x' } }))
      .toThrow(exactly("[test/a] give one of 'service', 'gateway' and 'selector', not service and selector"));
    expect(() => new AuthorizationPolicy(chart, 'b', { mesh, service: reviews, gateway }))
      .toThrow(exactly("[test/b] give one of 'service', 'gateway' and 'selector', not service and gateway"));
    expect(() => new AuthorizationPolicy(chart, 'c', { mesh, service: reviews, namespace: 'shop' })).toThrow(exactly(
      "[test/c] 'namespace' is 'shop', but the pods of service 'reviews' are in namespace 'default' (a policy selects pods of its own namespace): leave 'namespace' out"));
    expect(() => new AuthorizationPolicy(chart, 'd', { mesh, gateway, namespace: 'default' })).toThrow(exactly(
      "[test/d] 'namespace' is 'default', but the pods of gateway 'gw' are in namespace 'istio-ingress' (a policy selects pods of its own namespace): leave 'namespace' out"));
  });

  test('a service of another mesh fails', () => {
    const { chart, mesh } = setup();
    const other = setup();
    expect(() => new AuthorizationPolicy(chart, 'p', { mesh, service: other.reviews }))
      .toThrow(exactly("[test/p] service 'reviews' belongs to another mesh (test/mesh)"));
  });

  test('a provider needs CUSTOM, CUSTOM needs a provider that is a DNS label, dry run needs ALLOW or DENY', () => {
    expect(policyError({ action: AuthorizationAction.CUSTOM, namespace: 'shop', rules: [{}] })).toThrow(exactly(
      "[test/policy] a CUSTOM policy needs 'provider': the extension provider (of the mesh config's extensionProviders) that authorizes its requests"));
    expect(policyError({ provider: 'ext', namespace: 'shop', rules: [{}] })).toThrow(exactly("[test/policy] 'provider' is only for a CUSTOM policy, got action ALLOW"));
    expect(policyError({ action: AuthorizationAction.CUSTOM, provider: 'Ext', namespace: 'shop', rules: [{}] })).toThrow(exactly(
      "[test/policy] 'provider' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'Ext'"));
    expect(policyError({ action: AuthorizationAction.AUDIT, dryRun: true, namespace: 'shop', rules: [{}] })).toThrow(exactly(
      "[test/policy] 'dryRun' is only for ALLOW and DENY policies (Istio refuses istio.io/dry-run on others), got action AUDIT"));
    expect(policyError({ action: AuthorizationAction.CUSTOM, provider: 'ext', namespace: 'shop', rules: [{}] })).not.toThrow();
  });

  test('a mesh-wide policy needs a platform mesh', () => {
    const ownership = MeshOwnership.appTeam({ ownedNamespaces: ['shop'] });
    const message = "[test/policy] a policy in the root namespace 'istio-system' applies mesh-wide, which needs a platform mesh (MeshOwnership.platform()): "
      + "give 'namespace' (or 'service', 'gateway') to apply it to your namespaces";
    expect(policyError({}, { ownership })).toThrow(exactly(message));
    expect(policyError({ namespace: 'istio-system', selector: { app: 'a' } }, { ownership })).toThrow(exactly(message));
    expect(policyError({ namespace: 'shop' }, { ownership })).not.toThrow();
  });

  test('bad names, namespaces and selectors fail', () => {
    expect(policyError({ name: 'Bad', namespace: 'Shop', selector: { 'app*': 'x' } })).toThrow(exactly([
      "[test/policy] 'name' must be a DNS-1123 subdomain (at most 253 characters of lowercase letters, digits, '-' and '.'), got 'Bad'",
      "[test/policy] 'namespace' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'Shop'",
      "[test/policy] 'selector' has an invalid label key 'app*' (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)",
    ].join('\n')));
    expect(policyError({ selector: {} })).toThrow(exactly("[test/policy] 'selector' is empty: leave it out for a policy on every workload of the namespace"));
  });

  test('rules are checked as a whole: empty entries and lists, service accounts beside principals, limits, CUSTOM attributes', () => {
    expect(policyError({
      namespace: 'shop',
      rules: [{ from: [], to: [{}], when: [] }, { from: [{}, { serviceAccounts: ['a/b'], principals: ['*'] }] }],
    })).toThrow(exactly([
      "[test/policy] 'rules[0].from' is empty: leave it out (Istio reads an empty list as left out: any source matches)",
      "[test/policy] 'rules[0].to[0]' names no operation: give at least one field (hosts, notHosts, methods, notMethods, paths, notPaths, ports, notPorts), or leave 'to' out to match any operation",
      "[test/policy] 'rules[0].when' is empty: leave it out (Istio reads an empty list as left out: no condition)",
      "[test/policy] 'rules[1].from[0]' names no source: give at least one field (principals, notPrincipals, requestPrincipals, notRequestPrincipals, namespaces, notNamespaces, "
        + "serviceAccounts, notServiceAccounts, trustDomains, notTrustDomains, ipBlocks, notIpBlocks, remoteIpBlocks, notRemoteIpBlocks), or leave 'from' out to match any source",
      "[test/policy] 'rules[1].from[1]' cannot give serviceAccounts with principals (Istio refuses them together)",
    ].join('\n')));
    expect(policyError({ namespace: 'shop', rules: [{ from: [{ principals: [], serviceAccounts: Array.from({ length: 17 }, (_, i) => `sa-${i}`) }] }] })).toThrow(exactly([
      "[test/policy] 'rules[0].from[0]' cannot give serviceAccounts with principals (Istio refuses them together)",
      "[test/policy] 'rules[0].from[0].serviceAccounts' may hold at most 16 service accounts, got 17",
      "[test/policy] 'rules[0].from[0].principals' is empty: leave it out (Istio reads an empty list as left out: any value matches)",
    ].join('\n')));
    expect(policyError({ namespace: 'shop', rules: Array.from({ length: 513 }, () => ({})) })).toThrow(exactly("[test/policy] 'rules' may hold at most 512 rules, got 513"));
    expect(policyError({ namespace: 'shop', rules: [{ from: Array.from({ length: 513 }, () => ({ namespaces: ['a'] })) }] }))
      .toThrow(exactly("[test/policy] 'rules[0].from' may hold at most 512 sources, got 513"));
    expect(policyError({ namespace: 'shop', rules: Array.from({ length: 512 }, () => ({ from: Array.from({ length: 512 }, () => ({ namespaces: ['a'] })) })) })).not.toThrow();
    expect(policyError({
      namespace: 'shop',
      action: AuthorizationAction.CUSTOM,
      provider: 'ext',
      rules: [{ from: [{ requestPrincipals: ['*'], ipBlocks: ['10.0.0.0/8'] }], when: [{ key: 'request.auth.claims[iss]', values: ['a'] }] }],
    })).toThrow(exactly([
      "[test/policy] 'rules[0].from[0].requestPrincipals' cannot be used by a CUSTOM policy (Istio refuses it; IP blocks can)",
      "[test/policy] 'rules[0].when[0].key' is 'request.auth.claims[iss]', which a CUSTOM policy cannot use (Istio refuses it)",
    ].join('\n')));
    expect(policyError({ namespace: 'shop', rules: [] })).toThrow(exactly(
      "[test/policy] 'rules' is empty: leave it out for an ALLOW policy that allows nothing (Istio reads an empty list as left out)"));
  });

  test('props of the wrong type fail with their path', () => {
    const { chart, mesh } = setup();
    expect(() => new AuthorizationPolicy(chart, 'p', { mesh, namespace: 'shop', action: 'PERMIT' as any, rules: [{ to: [{ ports: ['80' as any] }] }], service: {} as any }))
      .toThrow(exactly([
        "[test/p] 'service' must be a MeshService, got an object",
        "[test/p] 'action' must be one of ALLOW, DENY, AUDIT, CUSTOM, got 'PERMIT'",
        "[test/p] 'rules[0].to[0].ports[0]' must be a number, got '80'",
      ].join('\n')));
  });

  test('two policies of one name in one namespace fail', async () => {
    const { chart, mesh, reviews } = setup();
    new AuthorizationPolicy(chart, 'a', { mesh, name: 'p', service: reviews });
    new AuthorizationPolicy(chart, 'b', { mesh, name: 'p', namespace: 'default' });
    expect(await synthProblems(chart)).toEqual([
      "[test/mesh] AuthorizationPolicy 'p' in namespace 'default' is emitted twice, by test/a/Resource and test/b/Resource: give one of them another name",
    ]);
  });
});
