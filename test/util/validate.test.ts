import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { checkCrdRules, parseCrdYaml, validateAgainstCrds } from './crd-validator';
import { findAll, findObject, manifestProblems, registerSchema, synthValid, validateManifests } from './validate';

// Keep the suite independent of a developer's environment.
const savedIstioCrds = process.env.ISTIO_CRDS;
beforeEach(() => {
  delete process.env.ISTIO_CRDS;
});
afterAll(() => {
  if (savedIstioCrds === undefined) delete process.env.ISTIO_CRDS;
  else process.env.ISTIO_CRDS = savedIstioCrds;
});

function deployment(overrides: { image?: any; labels?: Record<string, any>; name?: string } = {}): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: overrides.name ?? 'web', namespace: 'shop', labels: overrides.labels ?? { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web', version: 'v1' } },
        spec: { containers: [{ name: 'web', image: overrides.image ?? 'nginx:1.27', ports: [{ containerPort: 8080 }] }] },
      },
    },
  };
}

function service(name = 'web'): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'shop' },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  };
}

function virtualService(weight: any = 100): any {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      hosts: ['web'],
      http: [{ route: [{ destination: { host: 'web', subset: 'v1' }, weight }] }],
    },
  };
}

function destinationRule(): any {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      host: 'web',
      trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
      subsets: [{ name: 'v1', labels: { version: 'v1' } }],
    },
  };
}

function peerAuthentication(): any {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'default', namespace: 'shop' },
    spec: { mtls: { mode: 'STRICT' } },
  };
}

const good = () => [deployment(), service(), virtualService(), destinationRule(), peerAuthentication()];

async function rejection(objects: any[]): Promise<string> {
  try {
    await validateManifests(objects);
  } catch (e: any) {
    return e.message;
  }
  throw new Error('expected validateManifests to reject, but it accepted the objects');
}

describe('validateManifests (kubernetes-models + generic checks)', () => {
  test('accepts valid Kubernetes and Istio objects', async () => {
    await expect(validateManifests(good())).resolves.toBeUndefined();
    expect(await manifestProblems(good())).toEqual([]);
  });

  test('catches a Deployment whose image is a number', async () => {
    const msg = await rejection([deployment({ image: 42 })]);
    expect(msg).toContain('Deployment shop/web: spec.template.spec.containers[0].image: must be string');
  });

  test('catches a VirtualService whose weight is a string', async () => {
    const msg = await rejection([virtualService('50')]);
    expect(msg).toContain('VirtualService shop/web: spec.http[0].route[0].weight: must be integer');
  });

  test('catches an Istio enum violation', async () => {
    const dr = destinationRule();
    dr.spec.trafficPolicy.tls.mode = 'MUTUAL_TLS';
    const msg = await rejection([dr]);
    expect(msg).toMatch(/DestinationRule shop\/web: spec\.trafficPolicy\.tls\.mode: must be equal to one of the allowed values .*"ISTIO_MUTUAL"/);
  });

  test('an unknown kind is an error, never skipped', async () => {
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: {} };
    const msg = await rejection([widget]);
    expect(msg).toContain('Widget w: no schema known for apiVersion example.com/v1 kind Widget');
    // a non-top-level type (or an unknown Istio kind) has no schema either
    expect(await rejection([{ apiVersion: 'apps/v1', kind: 'DeploymentSpec', metadata: { name: 'x' } }]))
      .toContain('no schema known for apiVersion apps/v1 kind DeploymentSpec');
    expect(await rejection([{ apiVersion: 'networking.istio.io/v1', kind: 'VirtualRouter', metadata: { name: 'x' } }]))
      .toContain('no schema known for apiVersion networking.istio.io/v1 kind VirtualRouter');
  });

  test('registerSchema() provides a schema for a custom kind', async () => {
    registerSchema('example.com/v1', 'Gadget', obj => (typeof obj.spec?.size === 'number' ? [] : ['spec.size: must be a number']));
    const gadget = (size: any) => ({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: { size } });
    await expect(validateManifests([gadget(3)])).resolves.toBeUndefined();
    expect(await rejection([gadget('3')])).toContain('Gadget g: spec.size: must be a number');
  });

  test('catches bad label keys and values', async () => {
    const msg = await rejection([
      deployment({ labels: { app: 'has space' } }),
      deployment({ name: 'api', labels: { 'bad key!': 'x', 'app': 'a'.repeat(64), 'n': 5 } }),
    ]);
    expect(msg).toContain('Deployment shop/web: metadata.labels["app"]: invalid label value "has space"');
    expect(msg).toContain('Deployment shop/api: metadata.labels: invalid label key "bad key!"');
    expect(msg).toContain(`Deployment shop/api: metadata.labels["app"]: invalid label value "${'a'.repeat(64)}"`);
    expect(msg).toContain('Deployment shop/api: metadata.labels["n"]: label value must be a string');
  });

  test('checks pod template labels, matchLabels and selector/template agreement', async () => {
    const d = deployment();
    d.spec.template.metadata.labels = { app: 'other', version: 'v1' };
    const msg = await rejection([d]);
    expect(msg).toContain('Deployment shop/web: spec.template.metadata.labels: {"app":"other","version":"v1"} do not match spec.selector');

    const d2 = deployment();
    d2.spec.selector.matchLabels = { app: 'web/x' };
    d2.spec.template.metadata.labels = { app: 'web/x' };
    expect(await rejection([d2])).toContain('Deployment shop/web: spec.selector.matchLabels["app"]: invalid label value "web/x"');

    const s = service();
    s.spec.selector = { app: 'web!' };
    expect(await rejection([s])).toContain('Service shop/web: spec.selector["app"]: invalid label value "web!"');
  });

  test('checks annotation keys and values', async () => {
    const s = service();
    s.metadata.annotations = { 'example.com/ok': 'yes', 'bad/key/x': 'v', 'count': 3 };
    const msg = await rejection([s]);
    expect(msg).toContain('Service shop/web: metadata.annotations: invalid annotation key "bad/key/x"');
    expect(msg).toContain('Service shop/web: metadata.annotations["count"]: annotation value must be a string');
  });

  test('checks object names', async () => {
    const msg = await rejection([deployment({ name: 'Web_App' }), service('9web'), { ...service(), metadata: { namespace: 'shop' } }]);
    expect(msg).toContain('Deployment shop/Web_App: metadata.name: "Web_App" is not a valid DNS-1123 subdomain');
    expect(msg).toContain('Service shop/9web: metadata.name: "9web" is not a valid DNS-1035 label');
    expect(msg).toContain('metadata.name: Required value');
    // RBAC names only need to be path segments
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:mesh-reader' }, rules: [] };
    await expect(validateManifests([role])).resolves.toBeUndefined();
  });

  test('catches undefined and null values anywhere', async () => {
    const d = deployment();
    d.spec.template.spec.containers[0].command = ['run', undefined];
    d.spec.strategy = null;
    d.spec.minReadySeconds = undefined;
    const msg = await rejection([d]);
    expect(msg).toContain('Deployment shop/web: spec.template.spec.containers[0].command[1]: value is undefined');
    expect(msg).toContain('Deployment shop/web: spec.strategy: value is null');
    expect(msg).toContain('Deployment shop/web: spec.minReadySeconds: value is undefined');
  });

  test('catches duplicate objects (same group, kind, namespace, name)', async () => {
    const other = service();
    other.spec.ports[0].port = 81;
    const msg = await rejection([service(), other]);
    expect(msg).toContain('Service shop/web: duplicate object: same API group, kind, namespace and name as object #0');
    // same name in another namespace, or another kind, is fine
    const elsewhere = service();
    elsewhere.metadata.namespace = 'other';
    await expect(validateManifests([service(), elsewhere, deployment()])).resolves.toBeUndefined();
  });

  test('reports ALL problems of ALL objects in one error', async () => {
    const msg = await rejection([deployment({ image: 42 }), virtualService('50'), service('Bad')]);
    expect(msg).toMatch(/^3 manifest problem\(s\) in 3 object\(s\):/);
    expect(msg).toContain('Deployment shop/web:');
    expect(msg).toContain('VirtualService shop/web:');
    expect(msg).toContain('Service shop/Bad:');
  });
});

describe('synthValid, findObject, findAll', () => {
  test('synthesizes a chart, validates and returns the objects', async () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const d = new kplus.Deployment(chart, 'web', {
      containers: [{ image: 'nginx:1.27', portNumber: 8080, securityContext: { ensureNonRoot: false } }],
    });
    d.exposeViaService({ name: 'web', ports: [{ port: 80, targetPort: 8080 }] });
    new ApiObject(chart, 'vs', virtualService());
    const objects = await synthValid(chart);
    expect(findAll(objects, 'Deployment')).toHaveLength(1);
    expect(findObject(objects, 'Service', 'web', 'shop').spec.ports[0].port).toBe(80);
    expect(findObject(objects, 'networking.istio.io/v1/VirtualService', 'web').spec.hosts).toEqual(['web']);
    expect(findObject(objects, 'networking.istio.io/VirtualService', 'web').kind).toBe('VirtualService');
  });

  test('synthValid validates every chart of an App and rejects bad objects', async () => {
    const app = new App();
    const a = new Chart(app, 'a');
    new ApiObject(a, 'svc', service());
    const b = new Chart(app, 'b');
    new ApiObject(b, 'vs', virtualService('50'));
    await expect(synthValid(app)).rejects.toThrow('VirtualService shop/web: spec.http[0].route[0].weight: must be integer');
    b.node.tryRemoveChild('vs');
    const objects = await synthValid(app);
    expect(objects.map(o => o.kind)).toEqual(['Service']);
  });

  test('findObject explains what exists when nothing matches', () => {
    const objects = good();
    expect(() => findObject(objects, 'Service', 'nope')).toThrow(/Service nope not found; the 5 object\(s\) are:\n.*v1 Service shop\/web/s);
    expect(() => findObject(objects, 'Service', 'web', 'other')).toThrow('Service other/web not found');
    expect(findAll(objects, 'Gateway')).toEqual([]);
  });
});

describe('validateAgainstCrds (strict CRD + CEL) on the mini CRD', () => {
  const crds = parseCrdYaml(readFileSync(join(__dirname, '..', 'fixtures', 'mini-crd.yaml'), 'utf8'));

  function widget(spec: any, apiVersion = 'example.com/v1'): any {
    return { apiVersion, kind: 'Widget', metadata: { name: 'w1', namespace: 'ns' }, spec };
  }
  const validSpec = () => ({
    'tier': 'MEDIUM',
    'replicas': 3,
    'color': '#00ff00',
    'displayName': 'My widget',
    'refreshInterval': '1m30s',
    'source': { git: { url: 'https://example.com/repo.git', ref: 'main' } },
    'ports': [{ number: 80, name: 'http' }, { number: 443 }],
    'tags': { team: 'a' },
    'threshold': '50%',
    'max-burst': 100,
    'extra': { anything: { goes: [1, 'two'] } },
  });
  const check = (spec: any, apiVersion?: string) => validateAgainstCrds([widget(spec, apiVersion)], crds);

  test('the fixture parses to one CRD', () => {
    expect(crds).toHaveLength(1);
    expect(crds[0].spec.names.kind).toBe('Widget');
  });

  test('a valid object passes (transition rules with oldSelf are skipped)', async () => {
    expect(await check(validSpec())).toEqual([]);
    expect(await check({ tier: 'SMALL', source: { image: 'w:1' }, threshold: 3 })).toEqual([]);
    expect(await check({ tier: 'LARGE' })).toEqual([]); // oneOf branch "neither git nor image"
  });

  test('unknown fields are errors, except under preserve-unknown-fields', async () => {
    const s: any = validSpec();
    s.colour = 'red';
    s.source.git.branch = 'main';
    s.ports[0].protocol = 'TCP';
    expect((await check(s)).sort()).toEqual([
      'Widget ns/w1: spec.colour: unknown field',
      'Widget ns/w1: spec.ports[0].protocol: unknown field',
      'Widget ns/w1: spec.source.git.branch: unknown field',
    ]);
    const top = widget(validSpec());
    top.extraTopLevel = 1;
    expect(await validateAgainstCrds([top], crds)).toEqual(['Widget ns/w1: extraTopLevel: unknown field']);
  });

  test('enum violation', async () => {
    expect(await check({ ...validSpec(), tier: 'HUGE' }))
      .toEqual(['Widget ns/w1: spec.tier: unsupported value "HUGE"; supported values: "SMALL", "MEDIUM", "LARGE"']);
  });

  test('oneOf violation', async () => {
    const problems = await check({ ...validSpec(), source: { git: { url: 'https://x/y' }, image: 'w:1' } });
    expect(problems).toEqual(['Widget ns/w1: spec.source: oneOf violated: at most one of [git, image] may be set, found [git, image]']);
  });

  test('CEL rule on a duration string', async () => {
    expect(await check({ ...validSpec(), refreshInterval: '0.5ms' }))
      .toEqual(["Widget ns/w1: spec.refreshInterval: must be a valid duration of at least 1ms [rule: duration(self) >= duration('1ms')]"]);
    const noUnit = await check({ ...validSpec(), refreshInterval: '5' });
    expect(noUnit).toHaveLength(1);
    expect(noUnit[0]).toMatch(/^Widget ns\/w1: spec\.refreshInterval: must be a valid duration of at least 1ms \[CEL error: .*5/);
  });

  test('list maxItems and list-level / item-level CEL rules', async () => {
    expect(await check({ ...validSpec(), ports: [{ number: 80 }, { number: 80 }] }))
      .toEqual(['Widget ns/w1: spec.ports: port numbers must be unique [rule: self.all(p1, self.exists_one(p2, p1.number == p2.number))]']);
    expect(await check({ ...validSpec(), ports: [{ number: 1 }, { number: 2 }, { number: 3 }, { number: 4 }] }))
      .toEqual(['Widget ns/w1: spec.ports: must have at most 3 items, got 4']);
    expect(await check({ ...validSpec(), ports: [{ number: 70000 }] }))
      .toEqual(['Widget ns/w1: spec.ports[0].number: port number must be between 1 and 65535 [rule: 0 < self && self <= 65535]']);
  });

  test('object-level CEL rules, escaped property names, map rules and url()', async () => {
    expect(await check({ ...validSpec(), tier: 'SMALL', replicas: 3 }))
      .toEqual([expect.stringContaining('Widget ns/w1: spec: SMALL widgets allow at most 2 replicas')]);
    expect(await check({ ...validSpec(), 'max-burst': 101 }))
      .toEqual([expect.stringContaining('Widget ns/w1: spec: max-burst must be at most 100')]);
    expect(await check({ ...validSpec(), tags: { 'a*': 'x' } }))
      .toEqual([expect.stringContaining("Widget ns/w1: spec.tags: tag keys must be non-empty and must not contain '*'")]);
    expect(await check({ ...validSpec(), source: { git: { url: 'http://example.com/r.git' } } }))
      .toEqual([expect.stringContaining('Widget ns/w1: spec.source.git.url: git url must use https or ssh')]);
  });

  test('types, required, min/max, pattern, length, int32, int-or-string', async () => {
    const { tier: _omit, ...noTier } = validSpec();
    // like the API server, the CEL rule that reads self.tier also fails (no such key)
    expect(await check(noTier)).toEqual([
      'Widget ns/w1: spec.tier: Required value',
      expect.stringMatching(/^Widget ns\/w1: spec: SMALL widgets allow at most 2 replicas \[CEL error: .*tier/),
    ]);
    expect(await check({ ...validSpec(), replicas: '3' }))
      .toEqual(['Widget ns/w1: spec.replicas: must be of type integer, got string "3"']);
    expect(await check({ ...validSpec(), replicas: 2.5 }))
      .toEqual(['Widget ns/w1: spec.replicas: must be of type integer, got number 2.5']);
    expect(await check({ ...validSpec(), replicas: 0 })).toEqual(['Widget ns/w1: spec.replicas: must be >= 1, got 0']);
    expect(await check({ ...validSpec(), replicas: 11 })).toEqual(['Widget ns/w1: spec.replicas: must be <= 10, got 11']);
    expect(await check({ ...validSpec(), color: 'green' }))
      .toEqual(['Widget ns/w1: spec.color: "green" does not match pattern "^#[0-9a-f]{6}$"']);
    expect(await check({ ...validSpec(), displayName: '' }))
      .toEqual(['Widget ns/w1: spec.displayName: must be at least 1 characters long, got 0 ("")']);
    expect(await check({ ...validSpec(), displayName: 'x'.repeat(21) }))
      .toEqual(['Widget ns/w1: spec.displayName: must be at most 20 characters long, got 21']);
    expect(await check({ ...validSpec(), threshold: true }))
      .toEqual(['Widget ns/w1: spec.threshold: must be an integer or a string, got boolean true']);
    expect(await check({ ...validSpec(), source: { git: {} } })).toEqual(['Widget ns/w1: spec.source.git.url: Required value']);
    expect(await check({ ...validSpec(), tags: { team: 1 } }))
      .toEqual([expect.stringContaining('Widget ns/w1: spec.tags["team"]: must be of type string, got integer 1')]);
  });

  test('versions, kinds and groups', async () => {
    expect(await check(validSpec(), 'example.com/v1alpha1'))
      .toEqual(['Widget ns/w1: apiVersion example.com/v1alpha1 is not served by the CRD (served versions: v1)']);
    expect(await check(validSpec(), 'example.com/v2'))
      .toEqual(['Widget ns/w1: apiVersion example.com/v2 is not served by the CRD (served versions: v1)']);
    const gizmo = { apiVersion: 'example.com/v1', kind: 'Gizmo', metadata: { name: 'g' } };
    expect(await validateAgainstCrds([gizmo], crds))
      .toEqual(['Gizmo g: no CustomResourceDefinition for kind Gizmo in group example.com among the 1 CRDs given']);
    // Istio objects need a CRD even when none of the given CRDs is for their group ...
    expect(await validateAgainstCrds([virtualService()], crds))
      .toEqual(['VirtualService shop/web: no CustomResourceDefinition for kind VirtualService in group networking.istio.io among the 1 CRDs given']);
    // ... while other groups are left to the kubernetes-models validation
    expect(await validateAgainstCrds([deployment(), service()], crds)).toEqual([]);
  });
});

describe('checkCrdRules (validator self-check)', () => {
  test('every CEL rule and pattern of the mini CRD is supported', async () => {
    const crds = parseCrdYaml(readFileSync(join(__dirname, '..', 'fixtures', 'mini-crd.yaml'), 'utf8'));
    expect(await checkCrdRules(crds)).toEqual({ rules: 8, patterns: 1, problems: [] });
  });

  test('reports CEL functions the validator does not implement', async () => {
    const crd = {
      kind: 'CustomResourceDefinition',
      metadata: { name: 'things.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Thing' },
        versions: [{
          name: 'v1',
          served: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: { spec: { 'type': 'string', 'x-kubernetes-validations': [{ rule: "quantity(self).isGreaterThan(quantity('1'))" }] } },
            },
          },
        }],
      },
    };
    const res = await checkCrdRules([crd]);
    expect(res.problems).toEqual([
      "[validator] CEL expression not supported (found no matching overload for 'quantity(dyn)') at things.example.com/v1.properties.spec: quantity(self).isGreaterThan(quantity('1'))",
    ]);
  });
});

describe('STRICT mode via ISTIO_CRDS', () => {
  // A deliberately restrictive stand-in for Istio's VirtualService CRD, so the
  // test does not depend on Istio's real CRD file.
  const toyIstioCrd = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: virtualservices.networking.istio.io
spec:
  group: networking.istio.io
  names: { kind: VirtualService, plural: virtualservices }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                hosts: { type: array, maxItems: 1, items: { type: string } }
                http: { type: array, items: { type: object, x-kubernetes-preserve-unknown-fields: true } }
`;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cdk8s-mesh-crds-'));
    writeFileSync(join(dir, 'crds.yaml'), toyIstioCrd);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('Istio objects are also checked against the CRD named by ISTIO_CRDS', async () => {
    const vs = virtualService();
    vs.spec.hosts = ['a', 'b'];
    vs.spec.gateways = ['mesh'];
    await expect(validateManifests([vs])).resolves.toBeUndefined(); // kubernetes-models alone accepts it
    process.env.ISTIO_CRDS = join(dir, 'crds.yaml');
    const msg = await rejection([vs, destinationRule()]);
    expect(msg).toContain('VirtualService shop/web: spec.hosts: must have at most 1 items, got 2');
    expect(msg).toContain('VirtualService shop/web: spec.gateways: unknown field');
    expect(msg).toContain('DestinationRule shop/web: no CustomResourceDefinition for kind DestinationRule');
  });

  test('an unreadable ISTIO_CRDS file is an error, not a silent skip', async () => {
    process.env.ISTIO_CRDS = join(dir, 'missing.yaml');
    await expect(validateManifests([service()])).rejects.toThrow(/ISTIO_CRDS=.*missing\.yaml cannot be read/);
  });
});
