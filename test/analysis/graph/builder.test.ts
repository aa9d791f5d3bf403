import { app, deployment, destinationRule, namespace, nodeLines, service, virtualService } from './fixtures';
import { MeshGraph } from '../../../src';

const nodes = (manifests: any[]) => nodeLines(MeshGraph.of(manifests).toMermaid());

describe('services and versions', () => {
  test('a Service is shown when it runs a meshed workload: not in a namespace without injection, unless a route names it', () => {
    const off = [namespace('legacy', { 'istio-injection': 'disabled' }), ...app('legacy', 'old', ['v1'])];
    expect(nodes(off)).toEqual(['empty["no services, gateways or routes"]']);
    expect(nodes([namespace('legacy'), ...app('legacy', 'old', ['v1'])])).toEqual(['svc_legacy_old(["old"])', 'ver_legacy_old_v1["v1"]']);
    const named = [...off, ...app('default', 'web', []), virtualService('default', 'web', { hosts: ['web'], http: [{ route: [{ destination: { host: 'old.legacy.svc.cluster.local' } }] }] })];
    expect(nodes(named)).toEqual(['svc_default_web(["web"])', 'svc_legacy_old(["old"])', 'ver_legacy_old_v1["v1"]']);
  });

  test("without a DestinationRule the versions are the pods' version labels; a pod without one adds none", () => {
    const manifests = [service('default', 'web', { app: 'web' }), deployment('default', 'web-a', { app: 'web', version: 'a' }), deployment('default', 'web-x', { app: 'web' })];
    expect(nodes(manifests)).toEqual(['svc_default_web(["web"])', 'ver_default_web_a["a"]']);
  });

  test('with a DestinationRule the versions are its subsets that select pods, not the version labels', () => {
    // GIVEN pods v1 and v2, subsets v1 and v3
    const manifests = [...app('default', 'web', ['v1', 'v2']), destinationRule('default', 'web', ['v1', 'v3'])];
    expect(nodes(manifests)).toEqual(['svc_default_web(["web"])', 'ver_default_web_v1["v1"]']);
  });

  test('a Service whose selector narrows another\'s is a version of it; one that only shares a label is not', () => {
    const manifests = [
      ...app('default', 'web', ['v1']),
      service('default', 'web-v1', { app: 'web', version: 'v1' }),
      service('default', 'web-canary', { version: 'v1' }),
    ];
    expect(nodes(manifests)).toEqual([
      'svc_default_web(["web"])', 'ver_default_web_web_v1["web-v1"]', 'svc_default_web_canary(["web-canary"])', 'ver_default_web_canary_v1["v1"]',
    ]);
  });
});
