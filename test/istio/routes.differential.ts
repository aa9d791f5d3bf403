/**
 * Differential tests: the route values the library refuses as "Istio refuses them" are the ones
 * Istio's validation webhook refuses, and what the library writes for the values it accepts passes
 * the webhook.
 */
import { Chart, Testing } from 'cdk8s';
import { istioValidate } from './oracle';
import { Gateway, GatewayServer, HttpMatch, HttpRouteOptions, Mesh, Protocol, StringMatch } from '../../src';
import { KNOWN_HTTP_STATUSES } from '../../src/private/http-status';
import { ACCEPTED_HEADER_VALUES, REFUSED_HEADER_VALUES } from '../util/header-value-cases';

/** A VirtualService for reviews with one HTTP route. */
function virtualService(name: string, http: any, gateways?: string[]): any {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name, namespace: 'default' },
    spec: { hosts: ['reviews'], gateways, http: [{ route: [{ destination: { host: 'reviews' } }], ...http }] },
  };
}

/**
 * Istio's error per object, or undefined. The objects go as JSON documents (JSON is YAML) with
 * DEL escaped: YAML has no raw form for it.
 */
function istioErrors(objects: any[]): Array<string | undefined> {
  const text = objects.map(o => JSON.stringify(o).replace(/\u007f/g, '\\x7f')).join('\n---\n');
  return istioValidate(text).map(v => v.error);
}

/** A mesh with reviews (HTTP 9080) and an ingress gateway for `*` in namespace default. */
function setup() {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const mesh = new Mesh(chart, 'mesh');
  const reviews = mesh.addService('reviews', { ports: [{ port: 9080 }], versions: [{ name: 'v1', image: 'r:1' }, { name: 'v2', image: 'r:2' }] });
  const gateway = new Gateway(mesh, 'ingress', { mesh, namespace: 'default', servers: [GatewayServer.http({ hosts: ['*'] })] });
  return { chart, mesh, reviews, gateway };
}

/** Whether the library refuses a route (at add time or at synthesis). */
function libraryRefuses(options: HttpRouteOptions, atGateway = false): boolean {
  const { chart, reviews, gateway } = setup();
  try {
    if (atGateway) {
      gateway.addRoute({ hosts: ['*'], ...options, destinations: [{ host: reviews }] });
    } else {
      reviews.addRoute({ ...options, destinations: [{ version: 'v2' }] });
    }
    Testing.synth(chart);
    return false;
  } catch {
    return true;
  }
}

describe("header values: the library refuses exactly what Istio's webhook refuses", () => {
  test.each([...ACCEPTED_HEADER_VALUES.map(v => [v, false] as const), ...REFUSED_HEADER_VALUES.map(([v]) => [v, true] as const)])(
    '%p (refused: %p)', (value, refused) => {
      const [error] = istioErrors([virtualService('v', { headers: { request: { set: { 'x-a': value } } } })]);
      expect(error !== undefined).toBe(refused);
      expect(libraryRefuses({ headers: { request: { set: { 'x-a': value } } } })).toBe(refused);
    });
});

test("retried status codes: the codes Istio accepts in retryOn are Go's known ones", () => {
  const codes = Array.from({ length: 1000 }, (_, i) => i);
  const [error] = istioErrors([virtualService('v', { retries: { attempts: 2, retryOn: codes.join(',') } })]);
  const refused = new Set([...(error ?? '').matchAll(/"(\d+)" is not a valid retryOn policy/g)].map(m => Number(m[1])));
  expect(codes.filter(c => !refused.has(c))).toEqual([...KNOWN_HTTP_STATUSES]);
});

describe('match values the library refuses because Istio does', () => {
  test.each<[string, any, HttpMatch]>([
    ['an empty header prefix', { headers: { 'x-a': { prefix: '' } } }, { headers: { 'x-a': StringMatch.prefix('') } }],
    ['an empty header prefix in withoutHeaders', { withoutHeaders: { 'x-a': { prefix: '' } } }, { withoutHeaders: { 'x-a': StringMatch.prefix('') } }],
    ['an empty query parameter prefix', { queryParams: { q: { prefix: '' } } }, { queryParams: { q: StringMatch.prefix('') } }],
    ['an empty method prefix', { method: { prefix: '' } }, { method: StringMatch.prefix('') }],
    ['an empty scheme prefix', { scheme: { prefix: '' } }, { scheme: StringMatch.prefix('') }],
    ['an empty authority prefix', { authority: { prefix: '' } }, { authority: StringMatch.prefix('') }],
    ['a JWT claim between sidecars', { headers: { '@request.auth.claims.group': { exact: 'a' } } }, { headers: { '@request.auth.claims.group': StringMatch.exact('a') } }],
    ['an unknown pseudo-header', { headers: { ':protocol': { exact: 'a' } } }, { headers: { ':protocol': StringMatch.exact('a') } }],
  ])('%s', (_, wire, match) => {
    expect(istioErrors([virtualService('v', { match: [wire] })])[0]).toBeDefined();
    expect(libraryRefuses({ matches: [match] })).toBe(true);
  });

  test('a regex of 1024 bytes passes and one of 1026 fails, counted in UTF-8 bytes', () => {
    const [fits, over] = istioErrors([virtualService('a', { match: [{ uri: { regex: 'é'.repeat(512) } }] }), virtualService('b', { match: [{ uri: { regex: 'é'.repeat(513) } }] })]);
    expect([fits, over !== undefined]).toEqual([undefined, true]);
    expect(StringMatch.regex('é'.repeat(512)).value).toHaveLength(512);
    expect(() => StringMatch.regex('é'.repeat(513))).toThrow();
  });
});

describe('route values the library refuses because Istio reads them as unset', () => {
  test.each<[string, any, HttpRouteOptions]>([
    ['an empty redirect URI alone', { redirect: { uri: '' }, route: undefined }, { redirect: { uri: '' } }],
    ['an empty rewrite', { rewrite: { uri: '', authority: '' } }, { rewrite: { uri: '', authority: '' } }],
  ])('%s', (_, wire, options) => {
    expect(istioErrors([virtualService('v', wire)])[0]).toBeDefined();
    expect(libraryRefuses(options)).toBe(true);
  });
});

describe('what the library accepts, Istio accepts', () => {
  test.each<[string, HttpMatch, boolean]>([
    ['request pseudo-headers', { headers: { ':authority': StringMatch.exact('a'), ':method': StringMatch.exact('GET'), ':path': StringMatch.prefix('/a'), ':scheme': StringMatch.exact('http') } }, false],
    ['an empty URI prefix', { uri: StringMatch.prefix('') }, false],
    ['empty exact header and query values', { headers: { 'x-a': StringMatch.exact('') }, queryParams: { q: StringMatch.exact('') } }, false],
    ['universal regexes', { uri: StringMatch.regex('(?s).*'), method: StringMatch.regex('[\\s\\S]*') }, false],
    ['JWT claims at a gateway', { headers: { '@request.auth.claims.group': StringMatch.exact('a') }, withoutHeaders: { '@request.auth.claims[a][b]': StringMatch.prefix('x') } }, true],
    ['a match naming the gateway', { gateways: ['ingress'], uri: StringMatch.prefix('/a') }, true],
  ])('%s', (_, match, atGateway) => {
    const { chart, reviews, gateway } = setup();
    if (atGateway) {
      gateway.addRoute({ hosts: ['*'], matches: [match], destinations: [{ host: reviews }] });
    } else {
      reviews.addRoute({ matches: [match], destinations: [{ version: 'v2' }] });
    }
    const objects = Testing.synth(chart).filter(o => o.kind === 'VirtualService');
    expect(istioValidate(objects).filter(v => v.error || v.warning)).toEqual([]);
  });

  test('subnets the library accepts, Istio accepts; those it refuses, Istio refuses', () => {
    const accepted = ['1.2.3.4/8', '10.0.0.0/0', 'fe80::1%eth0', '::ffff:1.2.3.4/104'];
    const refused = ['1.2.3.4/08', 'fe80::1%eth0/64', '1.2.3.4/+8', '10.0.0.0/33'];
    const tcp = (subnet: string) => ({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'db', namespace: 'default' },
      spec: { hosts: ['db'], tcp: [{ match: [{ destinationSubnets: [subnet] }], route: [{ destination: { host: 'db' } }] }] },
    });
    const library = (subnet: string) => {
      const { mesh } = setup();
      const db = mesh.addService('db', { ports: [{ port: 5432, protocol: Protocol.TCP }], versions: [{ name: 'v1', image: 'pg' }] });
      try {
        db.addTcpRoute({ matches: [{ destinationSubnets: [subnet] }], destinations: [{ version: 'v1' }] });
        return true;
      } catch {
        return false;
      }
    };
    const verdicts = [...accepted.map(() => true), ...refused.map(() => false)];
    expect(istioErrors([...accepted, ...refused].map(tcp)).map(e => e === undefined)).toEqual(verdicts);
    expect([...accepted, ...refused].map(library)).toEqual(verdicts);
  });
});
