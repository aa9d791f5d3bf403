import { Chart, Testing } from 'cdk8s';
import { AuthorizationMode, Caller, Mesh, MeshProps, MeshService, MeshServiceOptions } from '../../../src';
import { meshModelOf } from '../../../src/model/mesh';
import { serviceModelOf } from '../../../src/model/service';
import { serviceRules } from '../../../src/render/security/service-authorization';
import { findAll, findObject } from '../../util/validate';

const DENY = AuthorizationMode.DENY_BY_DEFAULT;
const OPEN = AuthorizationMode.OPEN;

function setup(props: MeshProps = {}) {
  const chart = new Chart(Testing.app(), 'test');
  const mesh = new Mesh(chart, 'mesh', props);
  const svc = (name: string, options: MeshServiceOptions = {}) => mesh.addService(name, { ports: [{ port: 80 }], versions: [{ name: 'v1', image: `${name}:1` }], ...options });
  return { chart, mesh, svc };
}

function rulesOf(mesh: Mesh, service: MeshService) {
  return serviceRules(serviceModelOf(service)!, meshModelOf(mesh)!);
}

describe('serviceAuthorizationPolicy', () => {
  test.each([
    // mesh, namespace, service → the service's policy
    [OPEN, undefined, undefined, 'none'],
    [OPEN, OPEN, OPEN, 'none'],
    [OPEN, undefined, DENY, 'callers'],
    [OPEN, DENY, undefined, 'callers'],
    [OPEN, DENY, OPEN, 'allow-all'],
    [DENY, undefined, undefined, 'callers'],
    [DENY, OPEN, undefined, 'none'],
    [DENY, OPEN, DENY, 'callers'],
    [DENY, undefined, OPEN, 'allow-all'],
  ])('GIVEN mesh %s, namespace %s and service %s THEN the policy is %s', (mesh, namespace, own, expected) => {
    // GIVEN
    const { chart, mesh: m, svc } = setup({ authorization: mesh });
    m.addNamespace('shop', { authorization: namespace });
    // WHEN
    svc('api', { namespace: 'shop', authorization: own }).allowCallsFrom(Caller.namespace('web'));
    // THEN
    const policy = findAll(Testing.synth(chart), 'AuthorizationPolicy').filter(p => p.metadata.name === 'api');
    const spec = { selector: { matchLabels: { app: 'api' } }, action: 'ALLOW' };
    expect(policy.map(p => p.spec)).toEqual({
      'none': [],
      'allow-all': [{ ...spec, rules: [{}] }],
      'callers': [{ ...spec, rules: [{ from: [{ source: { namespaces: ['web'] } }] }] }],
    }[expected]);
  });

  test('GIVEN a denying service THEN its policy depends on its Namespace object (applied after it)', () => {
    // GIVEN
    const { chart, svc } = setup({ authorization: DENY });
    // WHEN
    svc('api', { namespace: 'shop' });
    // THEN
    const objects = Testing.synth(chart).map(o => `${o.kind}/${o.metadata.name}`);
    expect(objects.indexOf('AuthorizationPolicy/api')).toBeGreaterThan(objects.indexOf('Namespace/shop'));
  });
});

describe('serviceRules', () => {
  test('GIVEN no caller THEN there are no rules (undefined: the policy has none and allows nothing)', () => {
    // GIVEN
    const { mesh, svc } = setup();
    // THEN
    expect(rulesOf(mesh, svc('api'))).toBeUndefined();
  });

  test('GIVEN callers without an identity THEN they get no rule (their problem is reported by validation)', () => {
    // GIVEN
    const { mesh, svc } = setup();
    const api = svc('api');
    // WHEN
    api.allowCallsFrom(Caller.service(mesh.referenceService('x', { namespace: 'x', ports: [{ port: 80 }] })));
    api.allowCallsFrom(Caller.namespace('ok'));
    // THEN
    expect(rulesOf(mesh, api)).toEqual([{ from: [{ source: { namespaces: ['ok'] } }] }]);
  });

  test('GIVEN Service ports with target ports THEN the rule names each container port once, in the order given', () => {
    // GIVEN
    const { mesh, svc } = setup();
    const api = svc('api', { ports: [{ port: 80, targetPort: 8080 }, { port: 8080, targetPort: 9090 }, { port: 81, targetPort: 8080 }, { port: 82 }] });
    // WHEN
    api.allowCallsFrom(Caller.namespace('a'), { ports: [82, 80, 8080, 81] });
    // THEN
    expect(rulesOf(mesh, api)).toEqual([{ from: [{ source: { namespaces: ['a'] } }], to: [{ operation: { ports: ['82', '8080', '9090'] } }] }]);
  });

  test('GIVEN the same caller with the same narrowing twice THEN the rule is kept once; a different narrowing is a rule of its own', () => {
    // GIVEN
    const { mesh, svc } = setup();
    const api = svc('api');
    // WHEN
    api.allowCallsFrom(Caller.serviceAccount('a', 'b'), { methods: ['GET'] });
    api.allowCallsFrom(Caller.principal('cluster.local/ns/a/sa/b'), { methods: ['GET'] });
    api.allowCallsFrom(Caller.serviceAccount('a', 'b'), { methods: ['POST'] });
    // THEN
    const from = [{ source: { principals: ['cluster.local/ns/a/sa/b'] } }];
    expect(rulesOf(mesh, api)).toEqual([
      { from, to: [{ operation: { methods: ['GET'] } }] },
      { from, to: [{ operation: { methods: ['POST'] } }] },
    ]);
  });

  test('GIVEN the rendered policy THEN its rules are read at synthesis: callers allowed after the service are included', () => {
    // GIVEN
    const { chart, svc } = setup({ authorization: DENY });
    const api = svc('api');
    // WHEN
    svc('late').calls(api);
    // THEN
    expect(findObject(Testing.synth(chart), 'AuthorizationPolicy', 'api').spec.rules).toEqual([
      { from: [{ source: { principals: ['cluster.local/ns/default/sa/late'] } }] },
    ]);
  });
});
