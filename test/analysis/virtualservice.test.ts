import { CASES, MATCH_ALL_RULES, RESTRICTING_RULES } from './cases/virtualservice';
import { full, run } from './helpers';

const conflict = (names: string, host: string) => `The VirtualServices ${names} associated with mesh gateway define the same host ${host} `
  + 'which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.';
const notInGateway = (hosts: string, vs: string, gateway: string) => `one or more host [${hosts}] defined in VirtualService ${vs} not found in Gateway ${gateway}.`;

describe('destination hosts and ports (IST0101, IST0112)', () => {
  test('a destination host that is no Service or ServiceEntry is not found', () => {
    expect(full(run(CASES['host not found']))).toEqual(['IST0101 VirtualService r: Referenced host not found: "ratings"']);
  });

  test('a Service, its FQDN, a ServiceEntry host and a wildcard ServiceEntry host are found', () => {
    // (a and b route one host)
    expect(full(run(CASES['hosts found']))).toEqual([
      `IST0109 VirtualService a: ${conflict('default/a,default/b', '*/reviews.default.svc.cluster.local')}`,
      `IST0109 VirtualService b: ${conflict('default/a,default/b', '*/reviews.default.svc.cluster.local')}`,
    ]);
  });

  test('a short host resolves in the VirtualService namespace only', () => {
    const hint = "a short name, so it means reviews.frontend.svc.cluster.local, which does not exist; the Service 'reviews' is in namespace backend: write 'reviews.backend.svc.cluster.local'";
    expect(full(run(CASES['short host in another namespace']))).toEqual([
      'IST0101 VirtualService frontend/r: Referenced host not found: "reviews"',
      `MESH005 VirtualService frontend/r: destination host 'reviews' is ${hint}`,
      `MESH005 VirtualService frontend/r: host 'reviews' is ${hint}`,
    ]);
  });

  test('a Service exported only to its own namespace is not found from another', () => {
    expect(full(run(CASES['exported to its namespace, from another']))).toEqual([
      'IST0101 VirtualService frontend/r: Referenced host not found: "reviews.backend.svc.cluster.local"',
    ]);
    expect(full(run(CASES['exported to its namespace, from it']))).toEqual([]);
  });

  test('a mirror host must exist too', () => {
    expect(full(run(CASES['mirror host not found']))).toEqual(['IST0101 VirtualService r: Referenced mirror host not found: "shadow"']);
  });

  test('a destination port the Service does not have is not found', () => {
    expect(full(run(CASES['port not found']))).toEqual(['IST0101 VirtualService r: Referenced host:port not found: "reviews:9090"']);
    expect(full(run(CASES['port found']))).toEqual([]);
  });

  test('a destination without port to a Service with several ports needs one', () => {
    expect(full(run(CASES['port required']))).toEqual([
      'IST0112 VirtualService r: This VirtualService routes to a service "reviews" that exposes multiple ports [9080 9090]. Specifying a port in the destination is required to disambiguate.',
    ]);
    expect(full(run(CASES['port given']))).toEqual([]);
  });
});

describe('subsets (IST0101)', () => {
  test('a subset that no DestinationRule for the host defines is not found', () => {
    expect(full(run(CASES['subset not found']))).toEqual(['IST0101 VirtualService r: Referenced host+subset in destinationrule not found: "reviews+v2"']);
  });

  test('a defined subset, also through the FQDN, is found', () => {
    expect(full(run(CASES['subset found']))).toEqual([]);
    expect(full(run(CASES['subset found through the FQDN']))).toEqual([]);
  });

  test('a DestinationRule of another namespace does not define the subset', () => {
    expect(full(run(CASES['subset of a rule in another namespace']))).toEqual([
      'IST0101 VirtualService r: Referenced host+subset in destinationrule not found: "reviews+v1"',
      'IST0174 DestinationRule other/reviews: The host reviews defined in the DestinationRule does not match any services in the mesh.',
      "MESH005 DestinationRule other/reviews: host 'reviews' is a short name, so it means reviews.other.svc.cluster.local, which does not exist; "
      + "the Service 'reviews' is in namespace default: write 'reviews.default.svc.cluster.local'",
    ]);
  });

  test('a mirror subset must be defined too', () => {
    expect(full(run(CASES['mirror subset not found']))).toEqual(['IST0101 VirtualService r: Referenced mirror+subset in destinationrule not found: "reviews+v9"']);
  });
});

describe('gateways (IST0101, IST0132, IST0165)', () => {
  test('a gateway that does not exist is not found, and does not serve the hosts', () => {
    const expected = [
      'IST0101 VirtualService r: Referenced gateway not found: "web"',
      `IST0132 VirtualService r: ${notInGateway('shop.example.com', 'default/r', 'default/web')}`,
    ];
    expect(full(run(CASES['gateway not found']))).toEqual(expected);
    // a gateway named without namespace is the VirtualService's namespace's, even when another namespace has one
    expect(full(run(CASES['gateway named without namespace is looked up in the VirtualService namespace']))).toEqual(expected);
  });

  test('a gateway named namespace/name is found, and mesh needs no Gateway', () => {
    expect(full(run(CASES['gateway by namespace/name, and mesh']))).toEqual([]);
  });

  test('a VirtualService none of whose hosts the gateway serves is reported; one of them is enough', () => {
    expect(full(run(CASES['host not in gateway']))).toEqual([`IST0132 VirtualService r: ${notInGateway('other.example.com', 'default/r', 'edge/web')}`]);
    expect(full(run(CASES['one of the hosts in gateway']))).toEqual([]);
    expect(full(run(CASES['wildcard gateway host']))).toEqual([]);
  });

  test('a gateway host qualified with a namespace serves VirtualServices of that namespace only', () => {
    expect(full(run(CASES['gateway host of the VirtualService namespace']))).toEqual([]);
    expect(full(run(CASES['gateway host of another namespace']))).toEqual([`IST0132 VirtualService r: ${notInGateway('shop.example.com', 'default/r', 'edge/web')}`]);
    expect(full(run(CASES['gateway host of any namespace (*/)']))).toEqual([]);
    expect(full(run(CASES['gateway host */*']))).toEqual([]);
  });

  test('./host is the gateway\'s namespace', () => {
    // GIVEN VirtualServices r in edge (the gateway's namespace) and in default, on one host of the gateway
    const shadowed = (vs: string, by: string) => `MESH009 VirtualService ${vs}: VirtualServices edge/r, default/r all define host shop.example.com on gateway edge/web; `
      + `Istio merges them in no defined order, and ${by} has a route that matches every request, so this VirtualService's routes for shop.example.com may be unreachable; `
      + 'merge them into one VirtualService';
    expect(full(run(CASES['gateway host of its own namespace (./)']))).toEqual([
      shadowed('edge/r', 'default/r'),
      `IST0132 VirtualService r: ${notInGateway('shop.example.com', 'default/r', 'edge/web')}`,
      shadowed('r', 'edge/r'),
    ]);
  });

  test('a reference to the Istio Gateway generated for a Kubernetes Gateway is IST0165, not a missing gateway', () => {
    expect(full(run(CASES['internal gateway of a Kubernetes Gateway']))).toEqual([
      'IST0101 VirtualService r: Referenced gateway not found: "edge/web"',
      `IST0132 VirtualService r: ${notInGateway('shop.example.com', 'default/r', 'edge/web')}`,
      'IST0165 VirtualService r: Gateway reference in VirtualService default/r is to an implementation-generated internal Gateway: default/web~istio-autogenerated-k8s-gateway~http.',
      'IST0165 VirtualService s: Gateway reference in VirtualService default/s is to an implementation-generated internal Gateway: web~istio-autogenerated-k8s-gateway~https.',
    ]);
  });
});

describe('conflicting hosts (IST0109, MESH009)', () => {
  test('two mesh VirtualServices for one host conflict, named in order', () => {
    expect(full(run(CASES['two mesh VirtualServices for one host']))).toEqual([
      `IST0109 VirtualService a: ${conflict('default/a,default/b', '*/reviews.default.svc.cluster.local')}`,
      `IST0109 VirtualService b: ${conflict('default/a,default/b', '*/reviews.default.svc.cluster.local')}`,
    ]);
  });

  test('the same short host in two namespaces, or a gateway-only VirtualService, does not conflict', () => {
    expect(full(run(CASES['same short host in two namespaces']))).toEqual([]);
    expect(full(run(CASES['a gateway-only VirtualService does not conflict']))).toEqual([
      'IST0101 VirtualService b: Referenced gateway not found: "web"',
      `IST0132 VirtualService b: ${notInGateway('reviews', 'default/b', 'default/web')}`,
    ]);
  });

  test('a VirtualService exported to its namespace conflicts with one exported everywhere', () => {
    expect(full(run(CASES['exported to its namespace and everywhere']))).toEqual([
      `IST0109 VirtualService a: ${conflict('default/a,default/b', 'default/reviews.default.svc.cluster.local')}`,
      `IST0109 VirtualService b: ${conflict('default/a,default/b', 'default/reviews.default.svc.cluster.local')}`,
    ]);
  });

  test('VirtualServices merged on one gateway, one with a catch-all route, may shadow each other', () => {
    const missing = (vs: string) => [
      `IST0101 VirtualService ${vs}: Referenced gateway not found: "web"`,
    ];
    const notServed = (vs: string) => `IST0132 VirtualService ${vs}: ${notInGateway('shop.example.com', `default/${vs}`, 'default/web')}`;
    expect(full(run(CASES['merged on a gateway with a catch-all']))).toEqual([
      ...missing('a'), ...missing('b'), notServed('a'), notServed('b'),
      'MESH009 VirtualService b: VirtualServices default/a, default/b all define host shop.example.com on gateway default/web; Istio merges them in no defined order, '
      + "and default/a has a route that matches every request, so this VirtualService's routes for shop.example.com may be unreachable; merge them into one VirtualService",
    ]);
    expect(full(run(CASES['merged on a gateway without catch-all']))).toEqual([...missing('a'), ...missing('b'), notServed('a'), notServed('b')]);
  });
});

describe('unreachable rules (IST0130, IST0131, MESH001)', () => {
  test('a rule after a rule without matches is unreachable (IST0130), with istioctl\'s message', () => {
    const messages = run(CASES['rule after one without matches']);
    expect(full(messages)).toEqual([
      'IST0130 VirtualService r: VirtualService rule #1 not used (route without matches defined before).',
      'IST0130 VirtualService r: VirtualService rule #2 not used (only the last rule can have no matches).',
    ]);
    expect(messages[0].level).toBe('Warning');
  });

  test('a rule whose matches all appear earlier is unused; a duplicate match is ineffective', () => {
    expect(full(run(CASES['duplicate match']))).toEqual([
      'IST0130 VirtualService r: VirtualService rule #1 not used (all matches used by prior rules).',
      'IST0131 VirtualService r: VirtualService rule #1 match "again" is not used (duplicate/overlapping match in rule "first").',
    ]);
  });

  test('a header that must be present is a condition (as Go writes an empty StringMatch): a later port-only match is no duplicate; the same one twice is', () => {
    expect(full(run(CASES['empty header match before a port-only match']))).toEqual([]);
    expect(full(run(CASES['empty header match twice']))).toEqual([
      'IST0130 VirtualService r: VirtualService rule #1 not used (all matches used by prior rules).',
      'IST0131 VirtualService r: VirtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0).',
    ]);
  });

  test('a prefix match covered by an earlier prefix is ineffective; the narrower prefix first is fine', () => {
    expect(full(run(CASES['covered prefix']))).toEqual([
      'IST0131 VirtualService r: VirtualService rule #1 match #0 of prefix /api/v2 is not used (duplicate/overlapping match in rule #0 of prefix /api on #0).',
    ]);
    expect(full(run(CASES['narrower prefix first']))).toEqual([]);
  });

  test('a rule after a rule matching prefix / is unreachable (MESH001)', () => {
    expect(full(run(CASES['rule after prefix /']))).toEqual([
      'MESH001 VirtualService r: http rule #1 is unreachable: rule #0 before it matches every request; put more specific rules first',
    ]);
    expect(full(run(CASES['specific rules first']))).toEqual([]);
  });

  test.each(Object.keys(MATCH_ALL_RULES))('a rule after one matching every request by %s is unreachable (MESH001)', name => {
    expect(full(run(CASES[`rule after ${name}` as keyof typeof CASES]))).toEqual([
      'MESH001 VirtualService r: http rule #1 is unreachable: rule #0 before it matches every request; put more specific rules first',
    ]);
  });

  test.each(Object.keys(RESTRICTING_RULES))('a rule after one restricting by %s is reachable', name => {
    expect(full(run(CASES[`rule after ${name}` as keyof typeof CASES]))).toEqual([]);
  });

  test('a TCP rule after a match-all TCP rule is unreachable', () => {
    expect(full(run(CASES['tcp rule after a catch-all']))).toEqual([
      'MESH001 VirtualService r: tcp rule #1 is unreachable: rule #0 before it matches every connection; put more specific rules first',
    ]);
  });

  test("a TCP rule after one on the host's only TCP port is unreachable", () => {
    expect(full(run(CASES["tcp rule after one on the host's only port"]))).toEqual([
      'MESH001 VirtualService r: tcp rule #1 is unreachable: rule #0 before it matches every connection; put more specific rules first',
    ]);
  });
});

describe('route weights (MESH003)', () => {
  test('weights adding up to 80 are reported', () => {
    expect(full(run(CASES['weights 50 + 30']))).toEqual([
      'MESH003 VirtualService r: http rule #0: destination weights add up to 50 + 30 = 80, not 100; Istio splits traffic in proportion to them',
    ]);
  });

  test('a destination without weight beside a weighted one gets none', () => {
    expect(full(run(CASES['weight 90 beside none']))).toEqual([
      'MESH003 VirtualService r: http rule #0: destination weights add up to 90 + 0 = 90, not 100; Istio splits traffic in proportion to them, '
      + 'and the 1 destination(s) without a weight get none',
    ]);
  });

  test('weights adding up to 100, routes without weights and a single weight 100 are fine', () => {
    expect(full(run(CASES['weights 80 + 20']))).toEqual([]);
    expect(full(run(CASES['no weights']))).toEqual([]);
    expect(full(run(CASES['single weight 100']))).toEqual([]);
  });
});

describe('short hosts (MESH005)', () => {
  test('a short host of the same namespace, an FQDN, or a name no Service has are not MESH005', () => {
    expect(full(run(CASES['short host of the same namespace']))).toEqual([]);
    expect(full(run(CASES['FQDN of another namespace']))).toEqual([]);
    expect(full(run(CASES['short host no Service has']))).toEqual(['IST0101 VirtualService frontend/r: Referenced host not found: "nothing"']);
  });
});

describe('gateway routes without subset (IST0140)', () => {
  const gatewayMissing = [
    'IST0101 VirtualService edge: Referenced gateway not found: "web"',
    `IST0132 VirtualService edge: ${notInGateway('shop.example.com', 'default/edge', 'default/web')}`,
  ];

  test('a gateway route without subset to a host the mesh routes by subset is reported', () => {
    expect(full(run(CASES['gateway route without subset']))).toEqual([
      ...gatewayMissing,
      'IST0140 VirtualService edge: Subset in virtual service default/reviews has no effect on ingress gateway default/edge requests',
    ]);
    expect(full(run(CASES['gateway route without subset, no subset routing']))).toEqual(gatewayMissing);
  });

  test('as istioctl, a VirtualService with gateways: [mesh] counts as one with gateways', () => {
    expect(full(run(CASES['mesh-bound route without subset in a VirtualService with gateways: [mesh]']))).toEqual([
      `IST0109 VirtualService mesh: ${conflict('default/mesh,default/reviews', '*/reviews.default.svc.cluster.local')}`,
      `IST0109 VirtualService reviews: ${conflict('default/mesh,default/reviews', '*/reviews.default.svc.cluster.local')}`,
      'IST0140 VirtualService mesh: Subset in virtual service default/reviews has no effect on ingress gateway default/mesh requests',
    ]);
  });
});
