import { CASES, GATEWAY_PRINCIPAL, istiod, requestAuthentication } from './cases/security';
import { full, run, withCode, yaml } from './helpers';

const forbidden = (route: string, where: string, caller: string, service: string, pods: string, why: string, tcp = false) =>
  `MESH013 ${route}: ${where} sends ${tcp ? 'connections' : 'requests'} from ${caller} to Service ${service}, but on ${pods} ${why}, `
  + `so ${tcp ? 'they are closed' : 'they fail with 403 (RBAC: access denied)'}`;
const noAllowMatch = (policy: string) => `AuthorizationPolicy ${policy} allows only what its rules match, and none matches them`;
const denyRule = (policy: string, rule = 0) => `DENY rule ${rule} of AuthorizationPolicy ${policy} matches them`;
const INGRESS = `the pods of Gateway gateways/web (${GATEWAY_PRINCIPAL})`;
const fromIngress = (why: string) => forbidden('VirtualService default/reviews-ingress', 'http route 0 ("to-reviews")', INGRESS, 'default/reviews port 9080', 'reviews-v1', why);

const mesh013 = (name: string) => full(withCode(run(CASES[name]), 'MESH013'));

describe('routes whose traffic authorization rejects (MESH013): gateway routes', () => {
  test('GIVEN no AuthorizationPolicy, THEN no route is reported', () => {
    expect(mesh013('gateway route, no AuthorizationPolicy')).toEqual([]);
  });

  test('GIVEN the destination allows the gateway\'s identity, THEN nothing is reported', () => {
    expect(mesh013('gateway route allowed')).toEqual([]);
  });

  test('GIVEN a DENY rule matching the gateway\'s namespace, THEN the route is reported with the rule', () => {
    expect(mesh013('gateway route denied by a DENY rule')).toEqual([fromIngress(denyRule('default/no-gateway'))]);
  });

  test('GIVEN ALLOW rules for another caller only, THEN the route is reported', () => {
    expect(mesh013('gateway route denied for lack of an ALLOW match')).toEqual([fromIngress(noAllowMatch('default/reviews'))]);
  });

  test('GIVEN an allow-nothing policy at root, namespace or workload scope, THEN the route is reported; on another workload or in dry run, not', () => {
    expect(mesh013('allow nothing at the root namespace')).toEqual([fromIngress(noAllowMatch('istio-system/allow-nothing'))]);
    expect(mesh013('allow nothing in the namespace')).toEqual([fromIngress(noAllowMatch('default/allow-nothing'))]);
    expect(mesh013('allow nothing on the workload')).toEqual([fromIngress(noAllowMatch('default/allow-nothing'))]);
    expect(mesh013('allow nothing on another workload')).toEqual([]);
    expect(mesh013('dry-run allow nothing')).toEqual([]);
  });

  test('GIVEN rules narrowed by method and path, THEN a route is reported only when every request its matches carry is rejected', () => {
    expect(mesh013('methods and paths: the route carries only allowed requests')).toEqual([]);
    expect(mesh013('methods and paths: the route carries only rejected requests')).toEqual([fromIngress(noAllowMatch('default/reviews'))]);
    expect(mesh013('methods and paths: the route carries some allowed requests')).toEqual([]);
    expect(mesh013('methods and paths: a prefix match may carry allowed requests')).toEqual([]);
  });

  test('GIVEN not-forms, THEN they are negated', () => {
    expect(mesh013('not-forms: notPaths rejects the route\'s path')).toEqual([fromIngress(noAllowMatch('default/reviews'))]);
    expect(mesh013('not-forms: a DENY rule for everyone but the gateway')).toEqual([]);
  });

  test('GIVEN a condition on what the route does not tell, THEN nothing is reported; on what it tells, the verdict is', () => {
    expect(mesh013('unknown when: a header the route does not match')).toEqual([]);
    expect(mesh013('when: a header the route matches exactly')).toEqual([fromIngress(denyRule('default/deny-admin'))]);
    expect(mesh013('unknown when: a JWT claim, with a RequestAuthentication')).toEqual([]);
    // without a RequestAuthentication in force, no request has claims
    expect(mesh013('when: a JWT claim, without a RequestAuthentication')).toEqual([fromIngress(noAllowMatch('default/devs'))]);
  });

  test('GIVEN the caller may connect in plain text, or its identity is not known, THEN only what rejects every identity is reported', () => {
    expect(mesh013('a DestinationRule with its own TLS mode: the identity is unknown')).toEqual([]);
    expect(mesh013('istioctl\'s assumed gateway: only what denies every identity')).toEqual([]);
    expect(mesh013('istioctl\'s assumed gateway and a policy that rejects every identity')).toEqual([forbidden('VirtualService default/reviews-ingress',
      'http route 0 ("to-reviews")', 'the pods of Gateway istio-system/assumed (an identity of namespace istio-system)', 'default/reviews port 9080', 'reviews-v1',
      noAllowMatch('default/allow-nothing'))]);
  });
});

describe('routes whose traffic authorization rejects (MESH013): mesh routes', () => {
  test('GIVEN a route to another Service, THEN the callers its host allows and the destination rejects are reported', () => {
    expect(mesh013('mesh route to another service: callers the host allows and the destination rejects')).toEqual([forbidden('VirtualService default/reviews',
      'http route 0', 'cluster.local/ns/default/sa/productpage (productpage-v1)', 'default/ratings port 9080', 'ratings-v1', noAllowMatch('default/ratings'))]);
    expect(mesh013('mesh route to another service that allows the callers')).toEqual([]);
  });

  test('GIVEN a route to all of its own host, THEN its callers call those pods anyway: nothing is reported, even where some pods reject them', () => {
    expect(mesh013('mesh route to its own host')).toEqual([]);
  });

  test('GIVEN a route to a subset of its own host, THEN the callers the subset rejects are reported', () => {
    expect(mesh013('mesh route to a subset of its own host')).toEqual([forbidden('VirtualService default/reviews', 'http route 0',
      'cluster.local/ns/default/sa/productpage (productpage-v1)', 'default/reviews port 9080', 'reviews-v2', denyRule('default/v2-not-productpage'))]);
  });

  test('GIVEN a route to a subset of its own host whose pods are under the same policies as all of the host\'s, THEN callers go nowhere new: nothing is reported', () => {
    expect(mesh013('mesh route to a subset of its own host under the host\'s policies')).toEqual([]);
  });

  test('GIVEN a route naming its sources, THEN those sources are the callers, on the subset\'s pods', () => {
    expect(mesh013('mesh route naming its sources')).toEqual([forbidden('VirtualService default/reviews', 'http route 0 ("productpage-to-v2")',
      'cluster.local/ns/default/sa/productpage (productpage-v1)', 'default/reviews port 9080', 'reviews-v2', denyRule('default/v2-not-productpage'))]);
  });

  test('GIVEN a TCP route, THEN its connections are reported, per caller', () => {
    const closed = (caller: string) => forbidden('VirtualService default/db', 'tcp route 0', caller, 'default/cache port 6379', 'cache-v1', noAllowMatch('default/cache'), true);
    expect(mesh013('mesh TCP route')).toEqual([closed('cluster.local/ns/default/sa/db (db-v1)'), closed('cluster.local/ns/default/sa/productpage (productpage-v1)')]);
  });
});

describe('routes whose traffic authorization rejects (MESH013): Gateway API', () => {
  test('GIVEN an HTTPRoute of a Gateway Istio deploys, THEN its pods run as <gateway>-istio, or the ServiceAccount the Gateway names', () => {
    expect(mesh013('HTTPRoute of an Istio-deployed Gateway')).toEqual([forbidden('HTTPRoute default/reviews', 'rule 0',
      'the pods of Kubernetes Gateway default/web (cluster.local/ns/default/sa/web-istio)', 'default/reviews port 9080', 'reviews-v1', noAllowMatch('default/reviews'))]);
    expect(mesh013('HTTPRoute of an Istio-deployed Gateway with its own ServiceAccount, allowed')).toEqual([]);
  });
});

describe('istiod and RequestAuthentications (IST0175)', () => {
  const unrestricted = (count: number, names: string) => `IST0175 Deployment istio-system/istiod: BLOCKED_CIDRS_IN_JWKS_URIS is not configured but ${count} `
    + `RequestAuthentication resource(s) exist (${names}). Consider configuring it to restrict JWKS URI fetches to trusted networks.`;

  test('GIVEN RequestAuthentications and istiod without a non-empty BLOCKED_CIDRS_IN_JWKS_URIS, THEN istiod is reported', () => {
    expect(full(run(CASES['a RequestAuthentication and istiod without BLOCKED_CIDRS_IN_JWKS_URIS']))).toEqual([unrestricted(1, 'api/a')]);
  });

  test('GIVEN more than five RequestAuthentications, THEN the first five are named (in input order; istioctl\'s order varies)', () => {
    const five = ['a', 'b', 'c', 'd', 'e'];
    expect(full(run(yaml(istiod(), ...five.map(n => requestAuthentication('default', n)))))).toEqual([unrestricted(5, five.map(n => `default/${n}`).join(', '))]);
    expect(full(run(yaml(istiod(), ...[...five, 'f'].map(n => requestAuthentication('default', n)))))).toEqual([
      unrestricted(6, `${five.map(n => `default/${n}`).join(', ')}, and 1 more`),
    ]);
  });

  test('GIVEN the variable set, or no RequestAuthentication, THEN nothing is reported', () => {
    expect(full(run(CASES['RequestAuthentications and istiod with BLOCKED_CIDRS_IN_JWKS_URIS']))).toEqual([]);
    expect(full(run(CASES['istiod without RequestAuthentications']))).toEqual([]);
  });
});

describe('deprecated fields (IST0002)', () => {
  test('GIVEN a fault delay percent and a Sidecar egressProxy, THEN each is reported; percentage is not', () => {
    expect(full(run(CASES['deprecated fields and kinds']))).toEqual([
      'IST0002 Sidecar default/default: Deprecated: OutboundTrafficPolicy.EgressProxy ignored',
      'IST0002 VirtualService default/reviews: Deprecated: HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage',
    ]);
  });
});

describe('RequestAuthentications and PeerAuthentications that select no pod (MESH014)', () => {
  const none = (resource: string, what: string, kind: string) => `MESH014 ${resource}: ${what}, so the ${kind} applies to no workload`;

  test('GIVEN selectors matching no pod of the namespace (of any namespace, at the root), THEN each policy is reported', () => {
    expect(full(run(CASES['RequestAuthentication and PeerAuthentication selecting no pod']))).toEqual([
      none('PeerAuthentication default/strict', 'selector app=api matches no pod in namespace default', 'PeerAuthentication'),
      none('PeerAuthentication istio-system/mesh-api', 'selector app=api matches no pod in any namespace', 'PeerAuthentication'),
      none('RequestAuthentication default/jwt', 'selector app=api matches no pod in namespace default', 'RequestAuthentication'),
    ]);
    expect(full(run(CASES['RequestAuthentication and PeerAuthentication selecting pods']))).toEqual([]);
  });

  test('GIVEN a targetRef to a Gateway without pods, THEN the RequestAuthentication is reported; to a Gateway Istio deploys, not', () => {
    expect(full(run(CASES['RequestAuthentication targeting a Gateway']))).toEqual([none('RequestAuthentication default/api',
      'targetRef Gateway api has no pod in namespace default (the Gateway does not exist, or Istio does not deploy it)', 'RequestAuthentication')]);
  });
});

describe('port-level mutual TLS for ports the workload does not have (MESH015)', () => {
  test('GIVEN a port no selected pod declares and no Service targets, THEN it is reported; a declared or targeted port is not', () => {
    expect(full(run(CASES['port-level mTLS for ports of the workload and not']))).toEqual(['MESH015 PeerAuthentication default/reviews: portLevelMtls sets port 8081, '
      + 'but neither the pods it selects (reviews-v1) nor their Services have that port (9080), so the setting has no effect']);
    expect(full(run(CASES['port-level mTLS for a target port of a Service']))).toEqual([]);
  });

  test('GIVEN pods that declare no container ports, THEN nothing is decided', () => {
    expect(full(run(CASES['port-level mTLS for pods that declare no ports']))).toEqual([]);
  });
});

describe('AuthorizationPolicy identities no workload has (MESH016)', () => {
  const unknown = (rule: number, what: string, sa: string) => `MESH016 AuthorizationPolicy default/reviews: rule ${rule} names ${what}, but no workload of namespace default `
    + `runs as ServiceAccount ${sa} (they run as productpage, ratings, reviews), so it matches no caller`;

  test('GIVEN principals and service accounts of a namespace with workloads, THEN those no workload runs as are reported', () => {
    expect(full(run(CASES['principals and service accounts no workload runs as']))).toEqual([
      unknown(0, 'principal "cluster.local/ns/default/sa/prodpage"', 'prodpage'),
      unknown(1, 'principal "cluster.local/ns/default/sa/detail"', 'detail'),
      unknown(1, 'service account "ratngs"', 'ratngs'),
    ]);
  });

  test('GIVEN a ServiceAccount object of that name, THEN it is not reported', () => {
    expect(full(run(CASES['a principal of a ServiceAccount object no workload runs as']))).toEqual([]);
  });
});

describe('Sidecar egress hosts that import nothing (MESH017)', () => {
  const nothing = (host: string, where: string) => `MESH017 Sidecar default/default: egress 0 host "${host}" imports nothing: ${where} Service, ServiceEntry or VirtualService `
    + 'with a matching host, so the sidecars it configures have no route to it';

  test('GIVEN hosts matching nothing in a namespace of the manifests, or in any, THEN they are reported; other namespaces and ~ are not judged', () => {
    expect(full(run(CASES['Sidecar egress hosts that import nothing']))).toEqual([
      nothing('*/*.example.com', 'no namespace has a'),
      nothing('./detail.default.svc.cluster.local', 'namespace default has no'),
    ]);
  });

  test('GIVEN hosts of a ServiceEntry and a VirtualService, THEN they import those', () => {
    expect(full(run(CASES['Sidecar egress hosts of a ServiceEntry and a VirtualService']))).toEqual([]);
  });
});
