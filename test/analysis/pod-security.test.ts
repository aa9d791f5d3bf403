import { Chart, Testing } from 'cdk8s';
import { full, run, withCode } from './helpers';
import { DataPlane, IstioRelease, Mesh, PodSecurityLevel } from '../../src';
import { analyze } from '../../src/analysis';
import { clusterObjects } from '../../src/private/cluster-objects';

const namespace = (level: string, injection = 'disabled') => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {pod-security.kubernetes.io/enforce: ${level}, istio-injection: ${injection}}
`;

/** A Deployment in `shop` whose container has `securityContext`, and the pod's `podSecurityContext`. */
const deployment = (securityContext: string, podSecurityContext = '{seccompProfile: {type: RuntimeDefault}}') => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      securityContext: ${podSecurityContext}
      containers:
      - name: web
        image: example/web:1
        securityContext: ${securityContext}
`;

const COMPLIANT = '{allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: {drop: [ALL]}}';
const refused = (level: string, what: string) =>
  `MESH018 Deployment shop/web: Namespace shop enforces the ${level} Pod Security Standard, which refuses the pod: ${what}`;

describe('pods that break their namespace\'s Pod Security Standard (MESH018)', () => {
  test('a restricted namespace: the restricted pod is fine, a pod that allows escalation is an error naming container, field and value', () => {
    expect(withCode(run(namespace('restricted') + deployment(COMPLIANT)), 'MESH018')).toEqual([]);
    const messages = withCode(run(namespace('restricted') + deployment('{runAsNonRoot: true, capabilities: {drop: [ALL]}}')), 'MESH018');
    expect(full(messages)).toEqual([refused('restricted',
      "container 'web' 'securityContext.allowPrivilegeEscalation' is unset, which the restricted Pod Security Standard does not allow (allowed: false)")]);
    expect(messages[0].level).toBe('Error');
  });

  test('a baseline namespace accepts a root pod and refuses a privileged one; a privileged namespace, or none, accepts anything', () => {
    expect(withCode(run(namespace('baseline') + deployment('{runAsUser: 0}', '{}')), 'MESH018')).toEqual([]);
    expect(full(withCode(run(namespace('baseline') + deployment('{privileged: true}', '{}')), 'MESH018'))).toEqual([refused('baseline',
      "container 'web' 'securityContext.privileged' is true, which the baseline Pod Security Standard does not allow (allowed: false or unset)")]);
    expect(withCode(run(namespace('privileged') + deployment('{privileged: true}', '{}')), 'MESH018')).toEqual([]);
    expect(withCode(run(deployment('{privileged: true}', '{}')), 'MESH018')).toEqual([]);
  });

  test("the webhook's containers are checked with the injector's values: istio-init without Istio CNI is refused, istio-validation with it is fine", () => {
    const injector = (cni: boolean) => `---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio-sidecar-injector, namespace: istio-system}
data:
  values: '{"pilot": {"cni": {"enabled": ${cni}}}, "global": {"hub": "docker.io/istio", "tag": "1.30.3", "proxy": {"image": "proxyv2"}}}'
`;
    const input = (cni: boolean) => namespace('baseline', 'enabled') + deployment('{}', '{}') + injector(cni);
    expect(withCode(run(input(true)), 'MESH018')).toEqual([]);
    expect(full(withCode(run(input(false)), 'MESH018'))).toEqual([refused('baseline', [
      "container 'istio-init' 'securityContext.capabilities.add' is 'NET_ADMIN', which the baseline Pod Security Standard does not allow (allowed: only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT)",
      "container 'istio-init' 'securityContext.capabilities.add' is 'NET_RAW', which the baseline Pod Security Standard does not allow (allowed: only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT)",
    ].join('; '))]);
    // without the injector in the input, only the pod's own containers are checked
    expect(withCode(run(namespace('baseline', 'enabled') + deployment('{}', '{}')), 'MESH018')).toEqual([]);
  });

  test("the library's own output in restricted namespaces is never reported", () => {
    // GIVEN a mesh with a restricted namespace of each data plane
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh', { istio: IstioRelease.of({ cni: true }), podSecurity: PodSecurityLevel.RESTRICTED });
    mesh.addNamespace('baked', { dataPlane: DataPlane.synthTime() });
    for (const ns of ['default', 'baked']) {
      mesh.addService('web', { namespace: ns, ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'example/web:1' }] });
    }
    // WHEN
    const objects = [...Testing.synth(chart), ...clusterObjects(chart)];
    // THEN
    expect(withCode(analyze(objects), 'MESH018')).toEqual([]);
  });
});

describe('MESH018: what is not judged', () => {
  test("the pod istiod deploys for a Gateway API Gateway is not checked: its template is istiod's, which the model has in outline only", () => {
    const gateway = `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: shop}
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP}]
`;
    const input = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {pod-security.kubernetes.io/enforce: restricted}
${gateway}`;
    expect(withCode(run(input), 'MESH018')).toEqual([]);
  });
});
