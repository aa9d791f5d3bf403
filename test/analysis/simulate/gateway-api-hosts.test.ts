import {
  allowedByIsolation, allowedKinds, bestDomain, hostSubsetOf, intersectHosts, Listener, listenerRefusal, namespaceAllowed,
  parentRefsOf, routeHostnames,
} from '../../../src/analysis/simulate/gateway-api-hosts';

const listener = (extra: Partial<Listener> = {}): Listener => ({ name: 'http', port: 80, protocol: 'HTTP', ...extra });

describe('host names', () => {
  test.each([
    ['a.example.com', 'a.example.com', true],
    ['a.example.com', '*.example.com', true],
    ['a.b.example.com', '*.example.com', true],
    ['example.com', '*.example.com', false],
    ['*.example.com', 'a.example.com', false],
    ['*.a.example.com', '*.example.com', true],
    ['*.example.com', '*.a.example.com', false],
    ['anything', '*', true],
    ['*', '*.example.com', false],
  ])('%s is within %s: %s', (a, b, expected) => {
    expect(hostSubsetOf(a, b)).toBe(expected);
  });

  test('the intersection of two hosts is the more specific one, or none', () => {
    expect(intersectHosts('*', '*.example.com')).toBe('*.example.com');
    expect(intersectHosts('a.example.com', '*.example.com')).toBe('a.example.com');
    expect(intersectHosts('a.example.org', '*.example.com')).toBeUndefined();
  });

  test('Envoy picks the exact domain, else the longest wildcard, else *', () => {
    const domains = ['*', '*.example.com', '*.a.example.com', 'b.a.example.com'];
    expect(bestDomain(domains, 'b.a.example.com')).toBe('b.a.example.com');
    expect(bestDomain(domains, 'c.a.example.com')).toBe('*.a.example.com');
    expect(bestDomain(domains, 'c.example.com')).toBe('*.example.com');
    expect(bestDomain(domains, 'example.com')).toBe('*');
    expect(bestDomain(['*.example.com'], 'example.com')).toBeUndefined();
  });

  test('a route without hostnames has every host', () => {
    expect(routeHostnames({})).toEqual(['*']);
    expect(routeHostnames({ hostnames: ['A.example.com'] })).toEqual(['a.example.com']);
  });
});

describe('listener binding', () => {
  const ref = (extra: any = {}) => parentRefsOf({ parentRefs: [{ name: 'gw', ...extra }] }, 'default')[0];
  const http = { kind: 'HTTPRoute', namespace: 'default', hostnames: ['*'] };

  test('a parentRef defaults to a Gateway of the route\'s namespace', () => {
    expect(ref()).toEqual({ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'default', name: 'gw', sectionName: undefined, port: undefined });
  });

  test('the parentRef\'s port and sectionName must be the listener\'s', () => {
    expect(listenerRefusal(listener(), ref({ port: 80, sectionName: 'http' }), http, 'default', {})).toBeUndefined();
    expect(listenerRefusal(listener(), ref({ port: 81 }), http, 'default', {})).toBe('port 81 not found');
    expect(listenerRefusal(listener(), ref({ sectionName: 'https' }), http, 'default', {})).toBe('sectionName "https" not found');
  });

  test('one of the route\'s hostnames must overlap the listener\'s', () => {
    const l = listener({ hostname: '*.example.com' });
    expect(listenerRefusal(l, ref(), { ...http, hostnames: ['x.example.org', 'a.example.com'] }, 'default', {})).toBeUndefined();
    expect(listenerRefusal(l, ref(), { ...http, hostnames: ['*.com'] }, 'default', {})).toBeUndefined();
    expect(listenerRefusal(l, ref(), { ...http, hostnames: ['x.example.org'] }, 'default', {})).toBe('no hostnames matched parent hostname "*.example.com"');
  });

  test('the route\'s namespace must be allowed, and its kind', () => {
    expect(listenerRefusal(listener(), ref(), { ...http, namespace: 'other' }, 'default', {})).toBe('namespace "other" is not allowed by the parent');
    expect(listenerRefusal(listener({ protocol: 'TCP' }), ref(), http, 'default', {})).toBe('kind HTTPRoute is not allowed');
  });

  test.each([
    [undefined, 'default', true],
    [undefined, 'other', false],
    [{ namespaces: { from: 'All' } }, 'other', true],
    [{ namespaces: { from: 'Selector', selector: { matchLabels: { env: 'prod' } } } }, 'other', true],
    [{ namespaces: { from: 'Selector', selector: { matchLabels: { env: 'dev' } } } }, 'other', false],
  ])('allowedRoutes %j admits a route of %s: %s', (allowedRoutes, ns, expected) => {
    expect(namespaceAllowed(listener({ allowedRoutes }), 'default', ns, { env: 'prod' })).toBe(expected);
  });

  test('a selector admits nothing from a namespace the manifests do not know', () => {
    expect(namespaceAllowed(listener({ allowedRoutes: { namespaces: { from: 'Selector', selector: {} } } }), 'default', 'ghost', undefined)).toBe(false);
  });

  test('HTTP listeners admit HTTPRoutes and GRPCRoutes, narrowed by allowedRoutes.kinds', () => {
    expect(allowedKinds(listener())).toEqual(['HTTPRoute', 'GRPCRoute']);
    expect(allowedKinds(listener({ allowedRoutes: { kinds: [{ kind: 'GRPCRoute' }] } }))).toEqual(['GRPCRoute']);
    expect(allowedKinds(listener({ allowedRoutes: { kinds: [{ group: 'example.com', kind: 'GRPCRoute' }] } }))).toEqual([]);
    expect(allowedKinds(listener({ protocol: 'TLS' }))).toEqual([]);
  });
});

describe('listener isolation', () => {
  test('a listener without hostname leaves hosts a more specific listener covers', () => {
    expect(allowedByIsolation('a.example.com', undefined, ['a.example.com'])).toBe(false);
    expect(allowedByIsolation('a.example.com', undefined, ['*.example.com'])).toBe(false);
    expect(allowedByIsolation('b.example.org', undefined, ['*.example.com'])).toBe(true);
    expect(allowedByIsolation('*', undefined, ['*.example.com'])).toBe(true);
  });

  test('a wildcard listener leaves hosts to a longer one, not to a shorter one', () => {
    expect(allowedByIsolation('a.b.example.com', '*.example.com', ['*.b.example.com'])).toBe(false);
    expect(allowedByIsolation('a.b.example.com', '*.b.example.com', ['*.example.com'])).toBe(true);
  });

  test('a listener with an exact hostname keeps its hosts', () => {
    expect(allowedByIsolation('a.example.com', 'a.example.com', ['*.example.com', undefined])).toBe(true);
  });
});
