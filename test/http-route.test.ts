import { Duration } from 'cdk8s';
import { HttpRouteOptions, RetryOn, StringMatch } from '../src';
import { addService, DEFAULT_ROUTE, httpRoutes, REVIEWS, setup } from './util/routes';

describe('HTTP matches', () => {
  test('uri exact, prefix and regex matches render as Istio string matches', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ name: 'exact', matches: [{ uri: StringMatch.exact('/health') }], destinations: [{ version: 'v1' }] });
    reviews.addRoute({ name: 'prefix', matches: [{ uri: StringMatch.prefix('/api/') }], destinations: [{ version: 'v2' }] });
    reviews.addRoute({ name: 'regex', matches: [{ uri: StringMatch.regex('^/users/[0-9]+$') }], destinations: [{ version: 'v3' }] });
    // THEN
    expect((await httpRoutes(chart)).map(r => r.match)).toEqual([
      [{ uri: { exact: '/health' } }],
      [{ uri: { prefix: '/api/' } }],
      [{ uri: { regex: '^/users/[0-9]+$' } }],
      undefined,
    ]);
  });

  test('ignoreUriCase renders next to the uri', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/API'), ignoreUriCase: true }], destinations: [{ version: 'v2' }] });
    // THEN
    expect((await httpRoutes(chart))[0].match).toEqual([{ uri: { prefix: '/API' }, ignoreUriCase: true }]);
  });

  test('header matches render exact, prefix and regex, and present() renders {}', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{
        headers: {
          'end-user': StringMatch.exact('jason'),
          'x-team': StringMatch.prefix('pay'),
          'user-agent': StringMatch.regex('.*Mobile.*'),
          'x-debug': StringMatch.present(),
        },
      }],
      destinations: [{ version: 'v2' }],
    });
    // THEN
    expect((await httpRoutes(chart))[0].match).toEqual([{
      headers: {
        'end-user': { exact: 'jason' },
        'x-team': { prefix: 'pay' },
        'user-agent': { regex: '.*Mobile.*' },
        'x-debug': {},
      },
    }]);
  });

  test('withoutHeaders renders; present() there means the header must be absent', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{ withoutHeaders: { 'x-canary': StringMatch.present(), 'x-env': StringMatch.exact('test') } }],
      destinations: [{ version: 'v2' }],
    });
    // THEN
    expect((await httpRoutes(chart))[0].match).toEqual([{ withoutHeaders: { 'x-canary': {}, 'x-env': { exact: 'test' } } }]);
  });

  test('query parameter matches render, present() included', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{
        queryParams: {
          debug: StringMatch.exact('1'),
          lang: StringMatch.prefix('en'),
          id: StringMatch.regex('^[0-9]+$'),
          trace: StringMatch.present(),
        },
      }],
      destinations: [{ version: 'v2' }],
    });
    // THEN
    expect((await httpRoutes(chart))[0].match).toEqual([{
      queryParams: { debug: { exact: '1' }, lang: { prefix: 'en' }, id: { regex: '^[0-9]+$' }, trace: {} },
    }]);
  });

  test('method, authority and scheme matches render', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{ method: StringMatch.exact('GET'), authority: StringMatch.prefix('reviews'), scheme: StringMatch.regex('^https?$') }],
      destinations: [{ version: 'v2' }],
    });
    // THEN
    expect((await httpRoutes(chart))[0].match).toEqual([{
      method: { exact: 'GET' }, authority: { prefix: 'reviews' }, scheme: { regex: '^https?$' },
    }]);
  });

  test('port, source labels, source namespace and gateways render', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{
        port: 9080,
        sourceLabels: { app: 'productpage', version: 'v1' },
        sourceNamespace: 'default',
        gateways: ['mesh'],
      }],
      destinations: [{ version: 'v2' }],
    });
    // THEN
    expect((await httpRoutes(chart))[0].match).toEqual([{
      port: 9080, sourceLabels: { app: 'productpage', version: 'v1' }, sourceNamespace: 'default', gateways: ['mesh'],
    }]);
  });

  test("a service's VirtualService serves sidecars: its matches may name the 'mesh' gateway", async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ matches: [{ gateways: ['mesh'], uri: StringMatch.prefix('/a') }], destinations: [{ version: 'v2' }] });
    // THEN
    expect((await httpRoutes(chart))[0].match).toEqual([{ gateways: ['mesh'], uri: { prefix: '/a' } }]);
  });

  test('conditions given in one match are ANDed: they render in a single match entry', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{
        uri: StringMatch.prefix('/reviews'),
        method: StringMatch.exact('POST'),
        headers: { 'end-user': StringMatch.exact('jason') },
        queryParams: { beta: StringMatch.exact('1') },
      }],
      destinations: [{ version: 'v2' }],
    });
    // THEN
    const match = (await httpRoutes(chart))[0].match;
    expect(match).toHaveLength(1);
    expect(match[0]).toEqual({
      uri: { prefix: '/reviews' },
      method: { exact: 'POST' },
      headers: { 'end-user': { exact: 'jason' } },
      queryParams: { beta: { exact: '1' } },
    });
  });

  test('several matches are ORed: one match entry each, in the order given', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      name: 'beta-users',
      matches: [
        { name: 'jason', headers: { 'end-user': StringMatch.exact('jason') } },
        { uri: StringMatch.prefix('/beta') },
        { queryParams: { beta: StringMatch.exact('1') } },
      ],
      destinations: [{ version: 'v2' }],
    });
    // THEN
    expect((await httpRoutes(chart))[0]).toEqual({
      name: 'beta-users',
      match: [
        { name: 'jason', headers: { 'end-user': { exact: 'jason' } } },
        { uri: { prefix: '/beta' } },
        { queryParams: { beta: { exact: '1' } } },
      ],
      route: [{ destination: { host: 'reviews', subset: 'v2' } }],
    });
  });
});

describe('route policies', () => {
  test.each([
    [Duration.millis(1), '1ms'],
    [Duration.millis(250), '250ms'],
    [Duration.millis(1500), '1500ms'],
    [Duration.seconds(5), '5s'],
    [Duration.minutes(2), '2m'],
    [Duration.hours(1), '1h'],
  ])('a timeout of %p renders as %p', async (timeout, rendered) => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/api') }], destinations: [{ version: 'v2' }], timeout });
    // THEN
    expect((await httpRoutes(chart))[0].timeout).toBe(rendered);
  });

  test('a mirror renders its destination and percentage', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{ uri: StringMatch.prefix('/api') }],
      destinations: [{ version: 'v1' }],
      mirror: { destination: { version: 'v2' }, percentage: 25 },
    });
    // THEN
    expect((await httpRoutes(chart))[0]).toMatchObject({
      route: [{ destination: { host: 'reviews', subset: 'v1' } }],
      mirror: { host: 'reviews', subset: 'v2' },
      mirrorPercentage: { value: 25 },
    });
  });

  test('a mirror to another service and port mirrors 100% by default', async () => {
    // GIVEN
    const { chart, mesh, reviews } = setup();
    const shadow = addService(mesh, 'shadow', { namespace: 'test', port: 8080 });
    // WHEN
    reviews.addRoute({
      matches: [{ uri: StringMatch.prefix('/api') }],
      destinations: [{ version: 'v1' }],
      mirror: { destination: { host: shadow, version: 'v1', port: 8080 } },
    });
    // THEN
    expect((await httpRoutes(chart))[0]).toMatchObject({
      mirror: { host: 'shadow.test.svc.cluster.local', subset: 'v1', port: { number: 8080 } },
      mirrorPercentage: { value: 100 },
    });
  });

  test('a rewrite renders uri and authority', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{ uri: StringMatch.prefix('/v1/') }],
      destinations: [{ version: 'v2' }],
      rewrite: { uri: '/v2/', authority: 'reviews-v2.internal' },
    });
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/old/') }], destinations: [{ version: 'v2' }], rewrite: { uri: '/' } });
    // THEN
    const http = await httpRoutes(chart);
    expect(http[0].rewrite).toEqual({ uri: '/v2/', authority: 'reviews-v2.internal' });
    expect(http[1].rewrite).toEqual({ uri: '/' });
  });

  test('a redirect renders every field and no route', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      name: 'moved',
      matches: [{ uri: StringMatch.exact('/old') }],
      redirect: { uri: '/new', authority: 'new.example.com', port: 8443, scheme: 'https', redirectCode: 308 },
    });
    // THEN
    const http = await httpRoutes(chart);
    expect(http[0]).toEqual({
      name: 'moved',
      match: [{ uri: { exact: '/old' } }],
      redirect: { uri: '/new', authority: 'new.example.com', port: 8443, scheme: 'https', redirectCode: 308 },
    });
    expect(http[1]).toEqual(DEFAULT_ROUTE);
  });

  test('a redirect with only a scheme or only a port is enough', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ matches: [{ scheme: StringMatch.exact('http') }], redirect: { scheme: 'https' } });
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/plain') }], redirect: { port: 9080 } });
    // THEN
    const http = await httpRoutes(chart);
    expect(http[0].redirect).toEqual({ scheme: 'https' });
    expect(http[1].redirect).toEqual({ port: 9080 });
  });

  test('every policy on one route renders together', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      name: 'full',
      matches: [{ uri: StringMatch.prefix('/api') }],
      destinations: [{ version: 'v1', weight: 75 }, { version: 'v2', weight: 25 }],
      timeout: Duration.seconds(5),
      retries: { attempts: 3, perTryTimeout: Duration.seconds(2), retryOn: [RetryOn.FIVE_XX, RetryOn.RESET] },
      fault: { delay: { fixedDelay: Duration.millis(100), percentage: 1 } },
      mirror: { destination: { version: 'v3' }, percentage: 5 },
      rewrite: { uri: '/' },
      headers: { request: { set: { 'x-api': '1' } } },
      corsPolicy: { allowOrigins: [StringMatch.prefix('https://')], maxAge: Duration.seconds(60) },
    });
    // THEN
    expect((await httpRoutes(chart))[0]).toEqual({
      name: 'full',
      match: [{ uri: { prefix: '/api' } }],
      route: [
        { destination: { host: 'reviews', subset: 'v1' }, weight: 75 },
        { destination: { host: 'reviews', subset: 'v2' }, weight: 25 },
      ],
      timeout: '5s',
      retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx,reset' },
      fault: { delay: { fixedDelay: '100ms', percentage: { value: 1 } } },
      mirror: { host: 'reviews', subset: 'v3' },
      mirrorPercentage: { value: 5 },
      rewrite: { uri: '/' },
      headers: { request: { set: { 'x-api': '1' } } },
      corsPolicy: { allowOrigins: [{ prefix: 'https://' }], maxAge: '1m' },
    });
  });
});

describe('boundaries', () => {
  describe('percentages (0–100, fractions allowed, at least 0.0001 unless 0)', () => {
    const withPercentage: Array<[string, (p: number) => HttpRouteOptions, (http: any) => unknown]> = [
      ['fault.delay.percentage', p => ({ fault: { delay: { fixedDelay: Duration.seconds(1), percentage: p } } }), h => h.fault.delay.percentage.value],
      ['fault.abort.percentage', p => ({ fault: { abort: { httpStatus: 503, percentage: p } } }), h => h.fault.abort.percentage.value],
      ['mirror.percentage', p => ({ mirror: { destination: { version: 'v3' }, percentage: p } }), h => h.mirrorPercentage.value],
    ];

    describe.each(withPercentage)('%s', (prop, options, rendered) => {
      test.each([0, 0.0001, 0.5, 99.99, 100])('%p is accepted', async (value) => {
        const { chart, reviews } = setup();
        reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/p') }], destinations: [{ version: 'v2' }], ...options(value) });
        expect(rendered((await httpRoutes(chart))[0])).toBe(value);
      });

      test.each([-1, -0.5, 100.5, 101, Number.NaN])('%p fails', (value) => {
        const { reviews } = setup();
        expect(() => reviews.addRoute({ destinations: [{ version: 'v2' }], ...options(value) }))
          .toThrow(`${REVIEWS} routes[0]: '${prop}' must be a percentage between 0 and 100, got ${value}`);
      });

      test('a non-zero value below 0.0001 fails', () => {
        const { reviews } = setup();
        expect(() => reviews.addRoute({ destinations: [{ version: 'v2' }], ...options(0.00005) }))
          .toThrow(`${REVIEWS} routes[0]: '${prop}' must be 0 or at least 0.0001 (Envoy counts in millionths), got 0.00005`);
      });
    });
  });

  describe('redirect port (1–65535) and redirectCode (300–399)', () => {
    test.each([1, 65535])('redirect port %p is accepted', async (port) => {
      const { chart, reviews } = setup();
      reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/r') }], redirect: { port } });
      expect((await httpRoutes(chart))[0].redirect).toEqual({ port });
    });

    test.each([0, 65536])('redirect port %p fails', (port) => {
      const { reviews } = setup();
      expect(() => reviews.addRoute({ redirect: { port } }))
        .toThrow(`${REVIEWS} routes[0]: 'redirect.port' must be an integer between 1 and 65535, got ${port}`);
    });

    test.each([300, 399])('redirectCode %p is accepted', async (redirectCode) => {
      const { chart, reviews } = setup();
      reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/r') }], redirect: { uri: '/s', redirectCode } });
      expect((await httpRoutes(chart))[0].redirect).toEqual({ uri: '/s', redirectCode });
    });

    test.each([299, 400, 301.5])('redirectCode %p fails', (redirectCode) => {
      const { reviews } = setup();
      expect(() => reviews.addRoute({ redirect: { uri: '/s', redirectCode } }))
        .toThrow(`${REVIEWS} routes[0]: 'redirect.redirectCode' must be an integer between 300 and 399, got ${redirectCode}`);
    });
  });

  describe('durations (at least 1ms, whole milliseconds)', () => {
    const withDuration: Array<[string, (d: Duration) => HttpRouteOptions]> = [
      ['timeout', d => ({ timeout: d })],
      ['retries.perTryTimeout', d => ({ retries: { attempts: 2, perTryTimeout: d } })],
      ['fault.delay.fixedDelay', d => ({ fault: { delay: { fixedDelay: d } } })],
    ];

    describe.each(withDuration)('%s', (prop, options) => {
      test('1ms is accepted', async () => {
        const { chart, reviews } = setup();
        reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/d') }], destinations: [{ version: 'v2' }], ...options(Duration.millis(1)) });
        expect(JSON.stringify((await httpRoutes(chart))[0])).toContain('"1ms"');
      });

      test.each([
        [Duration.millis(0), 'must be at least 1ms, got 0ms'],
        [Duration.millis(0.5), 'must be at least 1ms, got 0.5ms'],
        [Duration.millis(1.5), 'must be a whole number of milliseconds, got 1.5ms'],
        [Duration.millis(2500.25), 'must be a whole number of milliseconds, got 2500.25ms'],
      ])('%p fails', (d, message) => {
        const { reviews } = setup();
        expect(() => reviews.addRoute({ destinations: [{ version: 'v2' }], ...options(d) }))
          .toThrow(`${REVIEWS} routes[0]: '${prop}' ${message}`);
      });
    });

    test('corsPolicy.maxAge accepts 1s and whole seconds', async () => {
      const { chart, reviews } = setup();
      reviews.addRoute({
        matches: [{ uri: StringMatch.prefix('/d') }],
        destinations: [{ version: 'v2' }],
        corsPolicy: { allowOrigins: [StringMatch.exact('https://a.example')], maxAge: Duration.seconds(1) },
      });
      expect((await httpRoutes(chart))[0].corsPolicy.maxAge).toBe('1s');
    });

    test.each([
      [Duration.millis(0), "'corsPolicy.maxAge' must be at least 1ms, got 0ms"],
      [Duration.millis(0.5), "'corsPolicy.maxAge' must be at least 1ms, got 0.5ms"],
      [Duration.millis(1.5), "'corsPolicy.maxAge' must be a whole number of milliseconds, got 1.5ms"],
      [Duration.millis(999), "'corsPolicy.maxAge' must be a whole number of seconds, got 999ms"],
      [Duration.millis(1500), "'corsPolicy.maxAge' must be a whole number of seconds, got 1500ms"],
    ])('corsPolicy.maxAge %p fails', (maxAge, message) => {
      const { reviews } = setup();
      expect(() => reviews.addRoute({ destinations: [{ version: 'v2' }], corsPolicy: { allowOrigins: [StringMatch.exact('https://a.example')], maxAge } }))
        .toThrow(`${REVIEWS} routes[0]: ${message}`);
    });
  });
});

describe('invalid routes fail when added', () => {
  test.each<[string, HttpRouteOptions, string]>([
    ['redirect with destinations', { redirect: { uri: '/new' }, destinations: [{ version: 'v1' }] },
      "'redirect' and 'destinations' exclude each other: a redirect answers instead of forwarding"],
    ['redirect with rewrite', { redirect: { uri: '/new' }, rewrite: { uri: '/x' } }, "'redirect' and 'rewrite' exclude each other"],
    ['redirect with mirror', { redirect: { uri: '/new' }, mirror: { destination: { version: 'v2' } } }, "'redirect' and 'mirror' exclude each other"],
    ['redirect with fault', { redirect: { uri: '/new' }, fault: { abort: { httpStatus: 503 } } }, "'redirect' and 'fault' exclude each other"],
    ['redirect with nothing to change', { redirect: {} },
      "'redirect' needs a 'uri', an 'authority', a 'port' or a 'scheme': a redirect to the same URL loops"],
    ['redirect with only a code', { redirect: { redirectCode: 302 } },
      "'redirect' needs a 'uri', an 'authority', a 'port' or a 'scheme': a redirect to the same URL loops"],
    ['redirect scheme other than http or https', { redirect: { scheme: 'ftp' } }, "'redirect.scheme' must be 'http' or 'https', got 'ftp'"],
    ['empty fault', { destinations: [{ version: 'v1' }], fault: {} }, "'fault' needs a 'delay', an 'abort' or both"],
    ['rewrite with nothing', { destinations: [{ version: 'v1' }], rewrite: {} }, "'rewrite' needs a 'uri', an 'authority' or both"],
    ['mirror with a weight', { destinations: [{ version: 'v1' }], mirror: { destination: { version: 'v2', weight: 50 }, percentage: 20 } },
      "'mirror.destination.weight' must not be set: a mirror receives a copy of 20% of requests"],
    ['mirror with a weight and the default percentage', { destinations: [{ version: 'v1' }], mirror: { destination: { version: 'v2', weight: 50 } } },
      "'mirror.destination.weight' must not be set: a mirror receives a copy of 100% of requests"],
    ['empty destinations', { destinations: [] }, "'destinations' must have at least one entry"],
    ['empty retryOn', { destinations: [{ version: 'v1' }], retries: { attempts: 3, retryOn: [] } },
      "'retries.retryOn' must not be empty (leave it out for Istio's default)"],
    ['retry settings with 0 attempts', { destinations: [{ version: 'v1' }], retries: { attempts: 0, perTryTimeout: Duration.seconds(1), retryOn: [RetryOn.FIVE_XX] } },
      "'retries.attempts' 0 disables retries, so 'retries.perTryTimeout', 'retries.retryOn' must not be set"],
    ['retryRemoteLocalities with 0 attempts', { destinations: [{ version: 'v1' }], retries: { attempts: 0, retryRemoteLocalities: false } },
      "'retries.attempts' 0 disables retries, so 'retries.retryRemoteLocalities' must not be set"],
    ['match name that is not a DNS label', { matches: [{ name: 'by user' }], destinations: [{ version: 'v1' }] },
      "'matches[0].name' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'by user'"],
    ['uppercase header name', { matches: [{ headers: { 'X-User': StringMatch.exact('a') } }], destinations: [{ version: 'v1' }] },
      "'matches[0].headers' key 'X-User' must be a lowercase header name (lowercase letters, digits and !#$%&'*+-.^_`|~), a request pseudo-header (:authority, :method, :path, :scheme)"],
    ['header name with a space, in withoutHeaders', { matches: [{}, { withoutHeaders: { 'bad header': StringMatch.present() } }], destinations: [{ version: 'v1' }] },
      "'matches[1].withoutHeaders' key 'bad header' must be a lowercase header name (lowercase letters, digits and !#$%&'*+-.^_`|~), a request pseudo-header (:authority, :method, :path, :scheme)"],
    ['empty header name', { matches: [{ headers: { '': StringMatch.exact('a') } }], destinations: [{ version: 'v1' }] },
      "'matches[0].headers' key '' must be a lowercase header name (lowercase letters, digits and !#$%&'*+-.^_`|~), a request pseudo-header (:authority, :method, :path, :scheme)"],
    ['present() on the uri', { matches: [{ uri: StringMatch.present() }], destinations: [{ version: 'v1' }] },
      "'matches[0].uri' cannot be StringMatch.present(): every request has a URI"],
    ['present() on the method', { matches: [{ method: StringMatch.present() }], destinations: [{ version: 'v1' }] },
      "'matches[0].method' cannot be StringMatch.present(): use exact, prefix or regex"],
    ['present() on the scheme', { matches: [{ scheme: StringMatch.present() }], destinations: [{ version: 'v1' }] },
      "'matches[0].scheme' cannot be StringMatch.present(): use exact, prefix or regex"],
    ['present() on the authority', { matches: [{ authority: StringMatch.present() }], destinations: [{ version: 'v1' }] },
      "'matches[0].authority' cannot be StringMatch.present(): use exact, prefix or regex"],
    ['invalid source label value', { matches: [{ sourceLabels: { app: 'not ok' } }], destinations: [{ version: 'v1' }] },
      "'matches[0].sourceLabels' has an invalid value for label 'app': got 'not ok' (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, or empty)"],
    ['invalid source label key', { matches: [{ sourceLabels: { '-app': 'x' } }], destinations: [{ version: 'v1' }] },
      "'matches[0].sourceLabels' has an invalid label key '-app' (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)"],
    ['source namespace that is not a DNS label', { matches: [{ sourceNamespace: 'Prod' }], destinations: [{ version: 'v1' }] },
      "'matches[0].sourceNamespace' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'Prod'"],
    ['invalid gateway reference', { matches: [{ gateways: ['mesh', 'Istio-System/Ingress'] }], destinations: [{ version: 'v1' }] },
      "'matches[0].gateways[1]' must be 'mesh', '<name>' or '<namespace>/<name>' (DNS-1123 labels), got 'Istio-System/Ingress'"],
    ['gateway reference with two slashes', { matches: [{ gateways: ['a/b/c'] }], destinations: [{ version: 'v1' }] },
      "'matches[0].gateways[0]' must be 'mesh', '<name>' or '<namespace>/<name>' (DNS-1123 labels), got 'a/b/c'"],
    ['empty request header name', { destinations: [{ version: 'v1' }], headers: { request: { set: { '': 'x' } } } },
      "'headers.request.set' has an empty header name"],
    ['removing the host header', { destinations: [{ version: 'v1' }], headers: { request: { remove: ['Host'] } } },
      "'headers.request.remove' cannot remove header 'Host': every request needs an authority"],
    ['setting host on responses', { destinations: [{ version: 'v1' }], headers: { response: { set: { host: 'x' } } } },
      "'headers.response.set' cannot change header 'host': responses have no authority"],
    ['changing a pseudo-header', { destinations: [{ version: 'v1' }], headers: { request: { add: { ':path': '/x' } } } },
      "'headers.request.add' cannot change pseudo-header ':path'"],
    ['header operation name with a space', { destinations: [{ version: 'v1' }], headers: { response: { remove: ['x bad'] } } },
      "'headers.response.remove' has an invalid header name 'x bad' (letters, digits and !#$%&'*+-.^_`|~)"],
    ['header value with a lone %', { destinations: [{ version: 'v1' }], headers: { response: { set: { 'x-discount': '100%' } } } },
      "'headers.response.set' value of 'x-discount' has an unterminated '%' (write a literal '%' as '%%', a variable as '%NAME%'), got \"100%\""],
    ['header value with a control character', { destinations: [{ version: 'v1' }], headers: { request: { add: { 'x-a': 'line\nbreak' } } } },
      "'headers.request.add' value of 'x-a' must not contain control characters, got \"line\\nbreak\""],
    ['the authority rewritten twice', { destinations: [{ version: 'v1' }], rewrite: { authority: 'a.example' }, headers: { request: { set: { ':authority': 'b.example' } } } },
      "the authority can be rewritten only once, got 'rewrite.authority' and 'headers.request.set' of ':authority'"],
    ['CORS without origins', { destinations: [{ version: 'v1' }], corsPolicy: { allowOrigins: [] } },
      "'corsPolicy.allowOrigins' must have at least one entry"],
    ['CORS origin present()', { destinations: [{ version: 'v1' }], corsPolicy: { allowOrigins: [StringMatch.present()] } },
      "'corsPolicy.allowOrigins' cannot use StringMatch.present()"],
    ['CORS origin empty', { destinations: [{ version: 'v1' }], corsPolicy: { allowOrigins: [StringMatch.exact('https://a.example'), StringMatch.prefix('')] } },
      "'corsPolicy.allowOrigins[1]' must not be empty"],
    ['CORS method Istio does not know', { destinations: [{ version: 'v1' }], corsPolicy: { allowOrigins: [StringMatch.exact('https://a.example')], allowMethods: ['GET', 'get'] } },
      "'corsPolicy.allowMethods' has an unsupported method 'get' (allowed: GET, HEAD, POST, PUT, PATCH, DELETE, CONNECT, OPTIONS, TRACE, *)"],
    ['CORS header that is not a header name', { destinations: [{ version: 'v1' }], corsPolicy: { allowOrigins: [StringMatch.exact('https://a.example')], exposeHeaders: ['x id'] } },
      "'corsPolicy.exposeHeaders' has an invalid header name 'x id' (letters, digits and !#$%&'*+-.^_`|~, or '*')"],
  ])('%s fails', (_, options, message) => {
    // GIVEN
    const { reviews } = setup();
    // WHEN / THEN
    expect(() => reviews.addRoute(options)).toThrow(`${REVIEWS} routes[0]: ${message}`);
  });

  test('a route name that is not a DNS label fails', () => {
    const { reviews } = setup();
    expect(() => reviews.addRoute({ name: 'Jason_Route', destinations: [{ version: 'v1' }] }))
      .toThrow(`${REVIEWS} routes[0] 'Jason_Route': 'name' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'Jason_Route'`);
  });

  test('the route name labels add-time errors', () => {
    const { reviews } = setup();
    expect(() => reviews.addRoute({ name: 'jason', fault: {}, destinations: [{ version: 'v2' }] }))
      .toThrow(`${REVIEWS} routes[0] 'jason': 'fault' needs a 'delay', an 'abort' or both`);
  });

  test('every problem of a route is reported at once, and the route is not added', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    const add = () => reviews.addRoute({
      matches: [{ port: 0, headers: { 'X-A': StringMatch.present() } }],
      destinations: [{ version: 'v1', weight: 101 }],
      timeout: Duration.millis(0),
    });
    // THEN
    expect(add).toThrow([
      `${REVIEWS} routes[0]: 'matches[0].port' must be an integer between 1 and 65535, got 0`,
      `${REVIEWS} routes[0]: 'matches[0].headers' key 'X-A' must be a lowercase header name (lowercase letters, digits and !#$%&'*+-.^_\`|~), a request pseudo-header (:authority, :method, :path, :scheme)`,
      `${REVIEWS} routes[0]: 'destinations[0].weight' must be an integer between 0 and 100, got 101`,
      `${REVIEWS} routes[0]: 'timeout' must be at least 1ms, got 0ms`,
    ].join('\n'));
    expect(await httpRoutes(chart)).toEqual([DEFAULT_ROUTE]);
  });
});
