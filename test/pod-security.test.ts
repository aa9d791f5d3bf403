import { ApiObject, Chart, Testing } from 'cdk8s';
import {
  ContainerSecurityOptions, DataPlane, GatewayWorkload, IstioRelease, Mesh, MeshOwnership, MeshProps, PodSecurityLevel, PodSecurityOptions,
} from '../src';
import { exactly, findObject, synthErrors, synthValid } from './util/validate';
import { clusterObjects } from '../src/private/cluster-objects';
import { podSecurityViolations } from '../src/private/pod-security';

const CNI = IstioRelease.of({ cni: true });
const RESTRICTED_LABELS = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'v1.33',
  'pod-security.kubernetes.io/warn': 'restricted',
  'pod-security.kubernetes.io/warn-version': 'latest',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/audit-version': 'latest',
};

function setup(props: MeshProps = {}) {
  const chart = new Chart(Testing.app(), 'test');
  const mesh = new Mesh(chart, 'mesh', { istio: CNI, podSecurity: PodSecurityLevel.RESTRICTED, ...props });
  return { chart, mesh };
}

/** The Deployment `web-v1` of a service with one version of `options`. */
interface WebOptions {
  readonly podSecurityContext?: PodSecurityOptions;
  readonly securityContext?: ContainerSecurityOptions;
  readonly hardened?: boolean;
  readonly podAnnotations?: { [key: string]: string };
  readonly namespace?: string;
}

function addWeb(mesh: Mesh, options: WebOptions = {}) {
  const { namespace, ...version } = options;
  return mesh.addService('web', { namespace, ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'example/web:1', ...version }] });
}

const attempt = (level: PodSecurityLevel, version: { podSecurityContext?: PodSecurityOptions; securityContext?: ContainerSecurityOptions }) => {
  const { mesh } = setup({ podSecurity: level });
  return () => addWeb(mesh, version);
};

const WHERE = '[test/mesh/web/Version-v1]';
const BASELINE_CAPS = 'only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT';

describe('Pod Security Standards: namespace labels', () => {
  test("the mesh's level labels its application namespaces, not the root namespace (istiod, Istio's CNI agent)", async () => {
    // GIVEN
    const { chart, mesh } = setup({ namespaces: ['shop'] });
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    expect(findObject(objects, 'Namespace', 'shop').metadata.labels).toEqual({ 'istio-injection': 'enabled', ...RESTRICTED_LABELS });
    expect(findObject(objects, 'Namespace', 'default').metadata.labels).toEqual({ 'istio-injection': 'enabled', ...RESTRICTED_LABELS });
    expect(findObject(objects, 'Namespace', 'istio-system').metadata.labels).toBeUndefined();
    expect([mesh.namespacePodSecurity('shop'), mesh.namespacePodSecurity('istio-system')]).toEqual([PodSecurityLevel.RESTRICTED, undefined]);
  });

  test("a namespace's option overrides the mesh's; without either, no label is written", async () => {
    // GIVEN
    const { chart, mesh } = setup({ podSecurity: undefined });
    // WHEN
    mesh.addNamespace('edge', { podSecurity: PodSecurityLevel.BASELINE });
    mesh.addNamespace('ops', { podSecurity: PodSecurityLevel.PRIVILEGED });
    const objects = await synthValid(chart);
    // THEN
    expect(findObject(objects, 'Namespace', 'edge').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(findObject(objects, 'Namespace', 'ops').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(findObject(objects, 'Namespace', 'default').metadata.labels).toEqual({ 'istio-injection': 'enabled' });
  });

  test('a namespace added again keeps its level: the same level is accepted, another fails', () => {
    // GIVEN
    const { mesh } = setup();
    mesh.addNamespace('shop', { podSecurity: PodSecurityLevel.BASELINE });
    // THEN
    expect(() => mesh.addNamespace('shop', { podSecurity: PodSecurityLevel.BASELINE })).not.toThrow();
    expect(() => mesh.addNamespace('shop')).not.toThrow();
    expect(() => mesh.addNamespace('shop', { podSecurity: PodSecurityLevel.RESTRICTED })).toThrow(exactly(
      "[test/mesh] namespace 'shop' already enforces the baseline Pod Security Standard: give its 'podSecurity' when the namespace is first added"));
  });

  test('an app-team mesh labels the namespaces it owns and states the level of the others for the analysis', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh', { istio: CNI, ownership: MeshOwnership.appTeam({ ownedNamespaces: ['shop'] }) });
    // WHEN
    mesh.addNamespace('payments', { podSecurity: PodSecurityLevel.RESTRICTED });
    // THEN
    expect(mesh.addNamespace('payments')).toBeUndefined();
    expect(clusterObjects(chart).find(o => o.kind === 'Namespace' && o.metadata.name === 'payments').metadata.labels)
      .toEqual({ 'istio-injection': 'enabled', ...RESTRICTED_LABELS });
  });
});

describe("Pod Security Standards: Istio's init container", () => {
  const noCni = (ns: string, by: string, mode: string) => `namespace '${ns}' enforces the baseline Pod Security Standard (${by}), but its pods get Istio's proxy (data plane ${mode}) `
    + "with the istio-init container, which needs NET_ADMIN, NET_RAW and root: install Istio's CNI node agent and say so with "
    + "'istio: IstioRelease.of({ cni: true })', or give the namespace 'dataPlane: DataPlane.none()' or 'podSecurity: PodSecurityLevel.PRIVILEGED'";

  test('baseline or restricted without Istio CNI fails for a webhook or synth-time namespace, naming the namespace and what to change', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new Mesh(chart, 'mesh', { podSecurity: PodSecurityLevel.BASELINE })).toThrow(exactly(`[test/mesh] ${noCni('default', "the mesh's 'podSecurity'", 'webhook')}`));
    const { mesh } = setup({ istio: IstioRelease.default(), podSecurity: undefined });
    expect(() => mesh.addNamespace('shop', { podSecurity: PodSecurityLevel.BASELINE, dataPlane: DataPlane.synthTime() }))
      .toThrow(exactly(`[test/mesh] ${noCni('shop', "its 'podSecurity' option", 'synth-time')}`));
  });

  test('without Istio CNI, a namespace without proxies, or one at the privileged level, is accepted', () => {
    const { mesh } = setup({ istio: IstioRelease.default(), podSecurity: undefined });
    expect(() => mesh.addNamespace('batch', { podSecurity: PodSecurityLevel.RESTRICTED, dataPlane: DataPlane.none() })).not.toThrow();
    expect(() => mesh.addNamespace('ops', { podSecurity: PodSecurityLevel.PRIVILEGED })).not.toThrow();
  });

  test('with Istio CNI, the synth-time injected pod of a restricted namespace has istio-validation and meets restricted', async () => {
    // GIVEN
    const { chart, mesh } = setup({ dataPlane: DataPlane.synthTime() });
    // WHEN
    addWeb(mesh);
    const pod = findObject(await synthValid(chart), 'Deployment', 'web-v1').spec.template;
    // THEN
    expect(pod.spec.initContainers.map((c: any) => c.name)).toEqual(['istio-validation', 'istio-proxy']);
    expect(podSecurityViolations('restricted', pod.spec, pod.metadata.annotations)).toEqual([]);
  });
});

describe('Pod Security Standards: application containers', () => {
  test('restricted writes non-root, no escalation, every capability dropped and the runtime seccomp profile, with or without hardened', async () => {
    for (const hardened of [false, true]) {
      // GIVEN
      const { chart, mesh } = setup();
      // WHEN
      addWeb(mesh, { hardened });
      const spec = findObject(await synthValid(chart), 'Deployment', 'web-v1').spec.template.spec;
      // THEN
      expect(spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
      expect(spec.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
      expect(podSecurityViolations('restricted', spec)).toEqual([]);
    }
  });

  test('baseline writes nothing: the default pod meets it', async () => {
    const { chart, mesh } = setup({ podSecurity: PodSecurityLevel.BASELINE });
    addWeb(mesh);
    const spec = findObject(await synthValid(chart), 'Deployment', 'web-v1').spec.template.spec;
    expect([spec.securityContext, spec.containers[0].securityContext]).toEqual([undefined, undefined]);
  });

  test('restricted: a non-root UID is accepted; UID 0 fails, in the container and the pod options', () => {
    expect(attempt(PodSecurityLevel.RESTRICTED, { securityContext: { user: 1 }, podSecurityContext: { user: 1 } })).not.toThrow();
    expect(attempt(PodSecurityLevel.RESTRICTED, { securityContext: { user: 0 }, podSecurityContext: { user: 0 } })).toThrow(exactly([
      `${WHERE} 'podSecurityContext.user' is 0, but namespace 'default' enforces the restricted Pod Security Standard, which allows a non-zero UID or unset`,
      `${WHERE} 'securityContext.user' is 0, but namespace 'default' enforces the restricted Pod Security Standard, which allows a non-zero UID or unset`,
    ].join('\n')));
  });

  test('restricted: escalation false is accepted, true fails; ensureNonRoot false fails', () => {
    expect(attempt(PodSecurityLevel.RESTRICTED, { securityContext: { allowPrivilegeEscalation: false } })).not.toThrow();
    expect(attempt(PodSecurityLevel.RESTRICTED, { securityContext: { allowPrivilegeEscalation: true, ensureNonRoot: false } })).toThrow(exactly([
      `${WHERE} 'securityContext.allowPrivilegeEscalation' is true, but namespace 'default' enforces the restricted Pod Security Standard, which allows false`,
      `${WHERE} 'securityContext.ensureNonRoot' is false, but namespace 'default' enforces the restricted Pod Security Standard, which allows true (or the pod's 'securityContext.runAsNonRoot: true')`,
    ].join('\n')));
  });

  test('restricted: NET_BIND_SERVICE may be added (ALL still dropped); another capability, or a drop list without ALL, fails', async () => {
    const { chart, mesh } = setup();
    addWeb(mesh, { securityContext: { capabilities: { add: ['NET_BIND_SERVICE'] } } });
    expect(findObject(await synthValid(chart), 'Deployment', 'web-v1').spec.template.spec.containers[0].securityContext.capabilities)
      .toEqual({ add: ['NET_BIND_SERVICE'], drop: ['ALL'] });
    expect(attempt(PodSecurityLevel.RESTRICTED, { securityContext: { capabilities: { add: ['CHOWN'], drop: ['NET_RAW'] } } })).toThrow(exactly([
      `${WHERE} 'securityContext.capabilities.add' is 'CHOWN', but namespace 'default' enforces the restricted Pod Security Standard, which allows only NET_BIND_SERVICE`,
      `${WHERE} 'securityContext.capabilities.drop' is ["NET_RAW"], but namespace 'default' enforces the restricted Pod Security Standard, which allows a list with 'ALL'`,
    ].join('\n')));
  });

  test('baseline: the runtime default capabilities and root are accepted; NET_RAW and privileged fail', () => {
    expect(attempt(PodSecurityLevel.BASELINE, { securityContext: { capabilities: { add: ['CHOWN'] }, user: 0, privileged: false } })).not.toThrow();
    expect(attempt(PodSecurityLevel.BASELINE, { securityContext: { capabilities: { add: ['NET_RAW'] }, privileged: true } })).toThrow(exactly([
      `${WHERE} 'securityContext.privileged' is true, but namespace 'default' enforces the baseline Pod Security Standard, which allows false or unset`,
      `${WHERE} 'securityContext.capabilities.add' is 'NET_RAW', but namespace 'default' enforces the baseline Pod Security Standard, which allows ${BASELINE_CAPS}`,
    ].join('\n')));
  });
});

describe('Pod Security Standards: every pod, as it runs', () => {
  test('an Istio annotation that makes the proxy run as root fails at synthesis, naming the workload, the container and the field', () => {
    // GIVEN: the webhook's injection, simulated with the same templates
    const { chart, mesh } = setup();
    // WHEN
    addWeb(mesh, { podAnnotations: { 'sidecar.istio.io/capNetBindService': 'true' } });
    // THEN
    const injected = " (a container Istio injects: it follows the pod's Istio annotations and the mesh's 'istio' release)";
    expect(synthErrors(chart)).toBe([
      'Validation failed with the following errors:',
      '  [test/mesh/web/Version-v1/Deployment/Resource] Deployment \'web-v1\' in namespace \'default\': container \'istio-proxy\' \'securityContext.runAsNonRoot\' is false, '
      + `which the restricted Pod Security Standard does not allow (allowed: true (or the pod's 'securityContext.runAsNonRoot: true'))${injected}`,
      '  [test/mesh/web/Version-v1/Deployment/Resource] Deployment \'web-v1\' in namespace \'default\': container \'istio-proxy\' \'securityContext.runAsUser\' is 0, '
      + `which the restricted Pod Security Standard does not allow (allowed: a non-zero UID or unset)${injected}`,
    ].join('\n'));
  });

  test('an adopted workload with a privileged container fails in a baseline namespace; without it, it is accepted', async () => {
    for (const privileged of [false, true]) {
      // GIVEN
      const { chart, mesh } = setup({ podSecurity: PodSecurityLevel.BASELINE });
      const legacy = new ApiObject(chart, 'legacy', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'legacy', namespace: 'default' },
        spec: {
          selector: { matchLabels: { app: 'web', version: 'v1' } },
          template: { metadata: { labels: {} }, spec: { containers: [{ name: 'app', image: 'a:1', ports: [{ containerPort: 80 }], securityContext: { privileged } }] } },
        },
      });
      // WHEN
      mesh.addService('web', { ports: [{ port: 80 }], versions: [{ name: 'v1', workload: legacy }] });
      // THEN
      if (privileged) {
        expect(synthErrors(chart)).toBe(['Validation failed with the following errors:',
          "  [test/legacy] Deployment 'legacy' in namespace 'default': container 'app' 'securityContext.privileged' is true, which the baseline Pod Security Standard does not allow (allowed: false or unset)"].join('\n'));
      } else {
        await expect(synthValid(chart)).resolves.toBeDefined();
      }
    }
  });

  test('a gateway workload in a restricted namespace gets the runtime seccomp profile and meets restricted', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    mesh.addNamespace('edge', { dataPlane: DataPlane.none() });
    // WHEN
    new GatewayWorkload(mesh, 'gw', { mesh, namespace: 'edge' });
    const pod = findObject(await synthValid(chart), 'Deployment', 'istio-ingressgateway', 'edge').spec.template;
    // THEN
    expect(pod.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(podSecurityViolations('restricted', pod.spec, pod.metadata.annotations)).toEqual([]);
  });

  test('a gateway workload outside a restricted namespace is written as before', async () => {
    const { chart, mesh } = setup({ podSecurity: undefined });
    new GatewayWorkload(mesh, 'gw', { mesh, namespace: 'edge' });
    expect(findObject(await synthValid(chart), 'Deployment', 'istio-ingressgateway', 'edge').spec.template.spec.securityContext)
      .toEqual({ sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] });
  });
});
