import { Chart, Testing } from 'cdk8s';
import { Canary, DefaultRouting, ManifestAnalysis, Mesh, MeshServiceOptions, RoutingApi } from '../src';
import { exactly, findAll, findObject, synthValid } from './util/validate';

/** helloworld: one HTTP port, two versions. */
function helloworld(options: MeshServiceOptions = {}, routingApi?: RoutingApi) {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const mesh = new Mesh(chart, 'mesh', { routingApi });
  const svc = mesh.addService('helloworld', {
    ports: [{ port: 5000 }],
    versions: [{ name: 'v1', image: 'hello:1' }, { name: 'v2', image: 'hello:2' }],
    ...options,
  });
  return { chart, mesh, svc };
}

const failure = (message: string) => exactly(`Validation failed with the following errors:\n  ${message}`);
const errors = (objects: any[]) => ManifestAnalysis.analyze(objects).filter(f => f.level === 'Error').map(f => `${f.code} ${f.message}`);

describe('DefaultRouting', () => {
  test('by default, everything goes to the first version', async () => {
    // GIVEN
    const { chart, svc } = helloworld();
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(svc.defaultRouting?.toString()).toBe("DefaultRouting.version('v1')");
    expect(findObject(objects, 'VirtualService', 'helloworld').spec.http).toEqual([{ route: [{ destination: { host: 'helloworld', subset: 'v1' } }] }]);
  });

  test('version() sends everything to that version; defaultVersion is its shorthand', async () => {
    // GIVEN
    const routed = helloworld({ defaultRouting: DefaultRouting.version('v2') });
    const shorthand = helloworld({ defaultVersion: 'v2' });
    // WHEN
    const [a, b] = [await synthValid(routed.chart), await synthValid(shorthand.chart)];
    // THEN
    expect(findObject(a, 'VirtualService', 'helloworld').spec.http).toEqual([{ route: [{ destination: { host: 'helloworld', subset: 'v2' } }] }]);
    expect(a).toEqual(b);
    expect(routed.svc.defaultVersion).toBe('v2');
  });

  test('allVersions() sends to the host without a subset, as a plain Kubernetes Service', async () => {
    // GIVEN
    const { chart, svc } = helloworld({ defaultRouting: DefaultRouting.allVersions() });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(findObject(objects, 'VirtualService', 'helloworld').spec.http).toEqual([{ route: [{ destination: { host: 'helloworld' } }] }]);
    expect(svc.defaultVersion).toBeUndefined();
    expect(errors(objects)).toEqual([]);
  });

  test('weighted() splits the default route by weight', async () => {
    // GIVEN
    const { chart } = helloworld({ defaultRouting: DefaultRouting.weighted([{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }]) });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(findObject(objects, 'VirtualService', 'helloworld').spec.http).toEqual([{
      route: [
        { destination: { host: 'helloworld', subset: 'v1' }, weight: 80 },
        { destination: { host: 'helloworld', subset: 'v2' }, weight: 20 },
      ],
    }]);
    expect(errors(objects)).toEqual([]);
  });

  test('none() emits no VirtualService, and keeps the DestinationRule', async () => {
    // GIVEN
    const { chart, svc } = helloworld({ defaultRouting: DefaultRouting.none() });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(findAll(objects, 'VirtualService')).toEqual([]);
    expect(svc.virtualService).toBeUndefined();
    expect(findObject(objects, 'DestinationRule', 'helloworld').spec.subsets.map((s: any) => s.name)).toEqual(['v1', 'v2']);
  });

  test('none() takes no routes', () => {
    // GIVEN
    const { chart, svc } = helloworld({ defaultRouting: DefaultRouting.none() });
    // WHEN
    svc.addRoute({ destinations: [{ version: 'v2' }] });
    // THEN
    expect(() => Testing.synth(chart)).toThrow(failure("[test/mesh/helloworld] routes[0]: service 'helloworld' has 'defaultRouting' DefaultRouting.none(), which emits no routing object to hold routes: choose another default routing, or drop the routes"));
  });

  test('a canary owns the default route: it refuses a default routing other than one version', () => {
    // GIVEN
    const { chart, svc } = helloworld({ defaultRouting: DefaultRouting.allVersions() });
    // WHEN
    new Canary(chart, 'canary', { service: svc, stableVersion: 'v1', canaryVersion: 'v2', weight: 10 });
    // THEN
    expect(() => Testing.synth(chart)).toThrow(failure("[test/mesh/helloworld] test/canary owns the default route of 'helloworld', which conflicts with its 'defaultRouting' DefaultRouting.allVersions(): drop the canary, or the 'defaultRouting'"));
  });

  test('a canary with DefaultRouting.version() is accepted', async () => {
    // GIVEN
    const { chart, svc } = helloworld({ defaultRouting: DefaultRouting.version('v1') });
    // WHEN
    new Canary(chart, 'canary', { service: svc, stableVersion: 'v1', canaryVersion: 'v2', weight: 10 });
    // THEN
    expect(findObject(await synthValid(chart), 'VirtualService', 'helloworld').spec.http[0].route.map((r: any) => r.weight)).toEqual([90, 10]);
  });

  test('a weighted version must be declared on the service', () => {
    // GIVEN
    const { chart } = helloworld({ defaultRouting: DefaultRouting.weighted([{ version: 'v1', weight: 50 }, { version: 'v3', weight: 50 }]) });
    // THEN
    expect(() => Testing.synth(chart)).toThrow(failure("[test/mesh/helloworld] 'defaultRouting' DefaultRouting.weighted(v1: 50, v3: 50) names version 'v3', which is not declared on service 'helloworld' (declared: v1, v2)"));
  });

  test.each([
    [[{ version: 'v1', weight: 100 }], "'weights' must name at least two versions (for one, use DefaultRouting.version), got 1"],
    [[{ version: 'v1', weight: 50 }, { version: 'v2', weight: 51 }], "'weights' must add up to 100, got 50 + 51 = 101"],
    [[{ version: 'v1', weight: 101 }, { version: 'v2', weight: -1 }], "'weights[0].weight' must be an integer between 0 and 100, got 101\n'weights[1].weight' must be an integer between 0 and 100, got -1"],
    [[{ version: 'v1', weight: 50 }, { version: 'v1', weight: 50 }], "'weights[1].version' 'v1' is given twice"],
  ])('weighted(%j) fails', (weights, message) => {
    expect(() => DefaultRouting.weighted(weights)).toThrow(exactly(message));
  });

  test('weighted() accepts the edges: 0 and 100', () => {
    expect(DefaultRouting.weighted([{ version: 'v1', weight: 0 }, { version: 'v2', weight: 100 }]).toString()).toBe('DefaultRouting.weighted(v1: 0, v2: 100)');
  });

  test('defaultVersion and defaultRouting together fail', () => {
    expect(() => helloworld({ defaultVersion: 'v1', defaultRouting: DefaultRouting.allVersions() })).toThrow(exactly(
      "[test/mesh/helloworld] give 'defaultVersion' or 'defaultRouting', not both ('defaultVersion' 'v1' is shorthand for DefaultRouting.version('v1'))"));
  });

  describe('in the Gateway API mode', () => {
    test('allVersions() sends to the service itself', async () => {
      // GIVEN
      const { chart } = helloworld({ defaultRouting: DefaultRouting.allVersions() }, RoutingApi.GATEWAY_API);
      // WHEN
      const objects = await synthValid(chart);
      // THEN
      expect(findObject(objects, 'HTTPRoute', 'helloworld').spec.rules.map((r: any) => r.backendRefs)).toEqual([
        [{ group: '', kind: 'Service', name: 'helloworld', port: 5000, weight: 1 }],
      ]);
    });

    test('weighted() splits between the versions\' Services', async () => {
      // GIVEN
      const { chart } = helloworld({ defaultRouting: DefaultRouting.weighted([{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }]) }, RoutingApi.GATEWAY_API);
      // WHEN
      const objects = await synthValid(chart);
      // THEN
      expect(findObject(objects, 'HTTPRoute', 'helloworld').spec.rules.map((r: any) => r.backendRefs)).toEqual([[
        { group: '', kind: 'Service', name: 'helloworld-v1', port: 5000, weight: 80 },
        { group: '', kind: 'Service', name: 'helloworld-v2', port: 5000, weight: 20 },
      ]]);
    });

    test('none() emits no HTTPRoute', async () => {
      // GIVEN
      const { chart } = helloworld({ defaultRouting: DefaultRouting.none() }, RoutingApi.GATEWAY_API);
      // THEN
      expect(findAll(await synthValid(chart), 'HTTPRoute')).toEqual([]);
    });
  });
});

describe('object names', () => {
  test('the VirtualService, DestinationRule and HTTPRoute names can be chosen', async () => {
    // GIVEN
    const istio = helloworld({ virtualServiceName: 'helloworld-mesh', destinationRuleName: 'helloworld-subsets' });
    const gatewayApi = helloworld({ httpRouteName: 'helloworld-mesh' }, RoutingApi.GATEWAY_API);
    // WHEN
    const [a, b] = [await synthValid(istio.chart), await synthValid(gatewayApi.chart)];
    // THEN
    expect(findAll(a, 'VirtualService').map((o: any) => o.metadata.name)).toEqual(['helloworld-mesh']);
    expect(findAll(a, 'DestinationRule').map((o: any) => o.metadata.name)).toEqual(['helloworld-subsets']);
    expect(findAll(b, 'HTTPRoute').map((o: any) => o.metadata.name)).toEqual(['helloworld-mesh']);
  });

  test.each([
    ['virtualServiceName', "'virtualServiceName' must be a DNS-1123 subdomain (at most 253 characters of lowercase letters, digits, '-' and '.'), got 'Hello'"],
    ['destinationRuleName', "'destinationRuleName' must be a DNS-1123 subdomain (at most 253 characters of lowercase letters, digits, '-' and '.'), got 'Hello'"],
    ['httpRouteName', "'httpRouteName' must be a DNS-1123 subdomain (at most 253 characters of lowercase letters, digits, '-' and '.'), got 'Hello'"],
  ])('%s must be a DNS-1123 subdomain', (prop, message) => {
    expect(() => helloworld({ [prop]: 'Hello' })).toThrow(exactly(`[test/mesh/helloworld] ${message}`));
  });

  test('a dotted name is a DNS-1123 subdomain', () => {
    expect(() => helloworld({ virtualServiceName: 'helloworld.mesh' })).not.toThrow();
  });

  test('a chosen name that collides with another service\'s object is reported', () => {
    // GIVEN
    const { chart, mesh } = helloworld();
    // WHEN
    mesh.addService('other', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'o:1' }], virtualServiceName: 'helloworld' });
    // THEN
    expect(() => Testing.synth(chart)).toThrow(failure("[test/mesh] VirtualService 'helloworld' in namespace 'default' is emitted twice, by test/mesh/helloworld/VirtualService and test/mesh/other/VirtualService: give one of them another name"));
  });
});
