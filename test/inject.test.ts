import { errorOf, validateManifests } from './util/validate';
import {
  canonicalQuantity, DEFAULT_SETTINGS, inject, injectAll, injectObject, InjectionSettings, POD_BEARING_KINDS, resolveSettings,
} from '../src/private/inject';

/* ------------------------------------------------------------------ */
/* fixtures                                                            */
/* ------------------------------------------------------------------ */

const IMAGE = 'registry.istio.io/testing/proxyv2:latest';
const CLASSIC: InjectionSettings = { ...DEFAULT_SETTINGS, nativeSidecars: false };

interface PodOptions {
  readonly annotations?: { [key: string]: any };
  readonly labels?: { [key: string]: string };
  readonly spec?: { [key: string]: any };
  readonly containers?: any[];
}

function podTemplate(o: PodOptions = {}): any {
  return {
    metadata: {
      labels: { app: 'hello', ...(o.labels ?? {}) },
      ...(o.annotations ? { annotations: o.annotations } : {}),
    },
    spec: {
      containers: o.containers ?? [{ name: 'hello', image: 'example.com/hello:1.0', ports: [{ name: 'http', containerPort: 80 }] }],
      ...(o.spec ?? {}),
    },
  };
}

function deployment(o: PodOptions = {}, name = 'hello'): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { replicas: 2, selector: { matchLabels: { app: 'hello' } }, template: podTemplate(o) },
  };
}

function pod(o: PodOptions = {}): any {
  const t = podTemplate(o);
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'hellopod', ...t.metadata }, spec: t.spec };
}

const template = (obj: any) => obj.spec.template;
const container = (list: any[] | undefined, name: string) => (list ?? []).find((c: any) => c.name === name);
const names = (list: any[] | undefined) => (list ?? []).map((c: any) => c.name);
const envOf = (c: any) => Object.fromEntries((c.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));
const proxyOf = (t: any) => container(t.spec.initContainers, 'istio-proxy') ?? container(t.spec.containers, 'istio-proxy');
const initOf = (t: any) => container(t.spec.initContainers, 'istio-init');
const argAfter = (c: any, flag: string) => c.args[c.args.indexOf(flag) + 1];

const VOLUME_NAMES = ['workload-socket', 'credential-socket', 'workload-certs', 'istio-envoy', 'istio-data', 'istio-podinfo', 'istio-token', 'istiod-ca-cert', 'istio-ca-crl'];
const NATIVE_STATUS = `{"initContainers":["istio-init","istio-proxy"],"containers":null,"volumes":${JSON.stringify(VOLUME_NAMES)},"imagePullSecrets":null,"revision":"default"}`;
const CLASSIC_STATUS = `{"initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":${JSON.stringify(VOLUME_NAMES)},"imagePullSecrets":null,"revision":"default"}`;
const DEFAULT_RESOURCES = { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' } };

/* ------------------------------------------------------------------ */
/* the default (native sidecar) injection                              */
/* ------------------------------------------------------------------ */

describe('sidecar injection', () => {
  test('a Deployment gets istio-init and a native istio-proxy sidecar, like istioctl kube-inject', async () => {
    // GIVEN
    const input = deployment();
    // WHEN
    const out = injectObject(input);
    // THEN
    await validateManifests([out]);
    const t = template(out);
    expect(out.spec.strategy).toEqual({});
    expect(out.status).toEqual({});
    expect(t.metadata.labels).toEqual({
      'app': 'hello',
      'security.istio.io/tlsMode': 'istio',
      'service.istio.io/canonical-name': 'hello',
      'service.istio.io/canonical-revision': 'latest',
    });
    expect(t.metadata.annotations).toEqual({
      'istio.io/rev': 'default',
      'kubectl.kubernetes.io/default-container': 'hello',
      'kubectl.kubernetes.io/default-logs-container': 'hello',
      'prometheus.io/path': '/stats/prometheus',
      'prometheus.io/port': '15020',
      'prometheus.io/scrape': 'true',
      'sidecar.istio.io/status': NATIVE_STATUS,
    });
    expect(names(t.spec.initContainers)).toEqual(['istio-init', 'istio-proxy']);
    expect(t.spec.containers).toEqual([
      { name: 'hello', image: 'example.com/hello:1.0', ports: [{ name: 'http', containerPort: 80 }], resources: {} },
    ]);
  });

  test('istio-init captures traffic with istio-iptables as root with NET_ADMIN and NET_RAW', () => {
    // WHEN
    const init = initOf(template(injectObject(deployment())));
    // THEN
    expect(init).toEqual({
      name: 'istio-init',
      image: IMAGE,
      args: [
        'istio-iptables', '-p', '15001', '-z', '15006', '-u', '1337', '-m', 'REDIRECT', '-i', '*', '-x', '', '-b', '*',
        '-d', '15090,15021,15020', '--log_output_level=default:info',
      ],
      resources: DEFAULT_RESOURCES,
      securityContext: {
        allowPrivilegeEscalation: false,
        privileged: false,
        capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] },
        readOnlyRootFilesystem: false,
        runAsGroup: 0,
        runAsNonRoot: false,
        runAsUser: 0,
      },
    });
  });

  test('the native istio-proxy sidecar restarts always, drains on preStop and is probed on the health port', () => {
    // WHEN
    const proxy = proxyOf(template(injectObject(deployment())));
    // THEN
    expect(proxy).toMatchObject({
      image: IMAGE,
      restartPolicy: 'Always',
      ports: [{ containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' }],
      args: [
        'proxy', 'sidecar', '--domain', '$(POD_NAMESPACE).svc.cluster.local', '--proxyLogLevel=warning',
        '--proxyComponentLogLevel=misc:error', '--log_output_level=default:info',
      ],
      lifecycle: { preStop: { exec: { command: ['pilot-agent', 'request', '--debug-port=15020', 'POST', 'drain'] } } },
      startupProbe: { httpGet: { path: '/healthz/ready', port: 15021 }, periodSeconds: 1, timeoutSeconds: 3, failureThreshold: 600 },
      readinessProbe: { httpGet: { path: '/healthz/ready', port: 15021 }, periodSeconds: 15, timeoutSeconds: 3, failureThreshold: 4 },
      resources: DEFAULT_RESOURCES,
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsGroup: 1337,
        runAsNonRoot: true,
        runAsUser: 1337,
      },
    });
    expect(proxy.readinessProbe.initialDelaySeconds).toBeUndefined();
    expect(proxy.volumeMounts).toEqual([
      { name: 'workload-socket', mountPath: '/var/run/secrets/workload-spiffe-uds' },
      { name: 'credential-socket', mountPath: '/var/run/secrets/credential-uds' },
      { name: 'workload-certs', mountPath: '/var/run/secrets/workload-spiffe-credentials' },
      { name: 'istiod-ca-cert', mountPath: '/var/run/secrets/istio' },
      { name: 'istio-ca-crl', mountPath: '/var/run/secrets/istio/crl' },
      { name: 'istio-data', mountPath: '/var/lib/istio/data' },
      { name: 'istio-envoy', mountPath: '/etc/istio/proxy' },
      { name: 'istio-token', mountPath: '/var/run/secrets/tokens' },
      { name: 'istio-podinfo', mountPath: '/etc/istio/pod' },
    ]);
  });

  test('the proxy environment describes the workload, the control plane and the mesh', () => {
    // WHEN
    const proxy = proxyOf(template(injectObject(deployment({
      containers: [
        { name: 'hello', image: 'h', ports: [{ name: 'http', containerPort: 80 }, { containerPort: 9090, protocol: 'UDP' }] },
        { name: 'world', image: 'w', ports: [{ name: 'grpc', containerPort: 81 }] },
      ],
    }))));
    // THEN
    expect(proxy.env.map((e: any) => e.name)).toEqual([
      'PILOT_CERT_PROVIDER', 'CA_ADDR', 'POD_NAME', 'POD_NAMESPACE', 'INSTANCE_IP', 'SERVICE_ACCOUNT', 'HOST_IP', 'ISTIO_CPU_LIMIT',
      'PROXY_CONFIG', 'ISTIO_META_POD_PORTS', 'ISTIO_META_APP_CONTAINERS', 'GOMEMLIMIT', 'ISTIO_META_CLUSTER_ID', 'ISTIO_META_NODE_NAME',
      'ISTIO_META_INTERCEPTION_MODE', 'ISTIO_META_WORKLOAD_NAME', 'ISTIO_META_OWNER', 'ISTIO_META_MESH_ID', 'TRUST_DOMAIN',
    ]);
    expect(envOf(proxy)).toEqual({
      PILOT_CERT_PROVIDER: 'istiod',
      CA_ADDR: 'istiod.istio-system.svc:15012',
      POD_NAME: { fieldRef: { fieldPath: 'metadata.name' } },
      POD_NAMESPACE: { fieldRef: { fieldPath: 'metadata.namespace' } },
      INSTANCE_IP: { fieldRef: { fieldPath: 'status.podIP' } },
      SERVICE_ACCOUNT: { fieldRef: { fieldPath: 'spec.serviceAccountName' } },
      HOST_IP: { fieldRef: { fieldPath: 'status.hostIP' } },
      ISTIO_CPU_LIMIT: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1' } },
      PROXY_CONFIG: '{}\n',
      ISTIO_META_POD_PORTS: '[\n    {"name":"http","containerPort":80}\n    ,{"containerPort":9090,"protocol":"UDP"}\n    ,{"name":"grpc","containerPort":81}\n]',
      ISTIO_META_APP_CONTAINERS: 'hello,world',
      GOMEMLIMIT: { resourceFieldRef: { resource: 'limits.memory', divisor: '1' } },
      ISTIO_META_CLUSTER_ID: 'Kubernetes',
      ISTIO_META_NODE_NAME: { fieldRef: { fieldPath: 'spec.nodeName' } },
      ISTIO_META_INTERCEPTION_MODE: 'REDIRECT',
      ISTIO_META_WORKLOAD_NAME: 'hello',
      ISTIO_META_OWNER: 'kubernetes://apis/apps/v1/namespaces/default/deployments/hello',
      ISTIO_META_MESH_ID: 'cluster.local',
      TRUST_DOMAIN: 'cluster.local',
    });
  });

  test('Istio\'s volumes come before the pod\'s own volumes, as istioctl kube-inject orders them', async () => {
    // GIVEN
    const input = deployment({ spec: { volumes: [{ name: 'data', emptyDir: {} }, { name: 'config', configMap: { name: 'hello' } }] } });
    // WHEN
    const out = injectObject(input);
    // THEN
    await validateManifests([out]);
    expect(template(out).spec.volumes).toEqual([
      { name: 'workload-socket' },
      { name: 'credential-socket' },
      { name: 'workload-certs' },
      { name: 'istio-envoy', emptyDir: { medium: 'Memory' } },
      { name: 'istio-data', emptyDir: {} },
      {
        name: 'istio-podinfo',
        downwardAPI: {
          items: [
            { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
            { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
          ],
        },
      },
      { name: 'istio-token', projected: { sources: [{ serviceAccountToken: { path: 'istio-token', expirationSeconds: 43200, audience: 'istio-ca' } }] } },
      { name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert' } },
      { name: 'istio-ca-crl', configMap: { name: 'istio-ca-crl', optional: true } },
      { name: 'data', emptyDir: {} },
      { name: 'config', configMap: { name: 'hello' } },
    ]);
  });

  test('a StatefulSet\'s own volumes follow Istio\'s, and its volumeClaimTemplates are kept', async () => {
    // GIVEN
    const input = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: {
        serviceName: 'db',
        selector: { matchLabels: { app: 'hello' } },
        template: podTemplate({ spec: { volumes: [{ name: 'config', configMap: { name: 'db' } }] } }),
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    };
    // WHEN
    const out = injectObject(input);
    // THEN
    await validateManifests([out]);
    expect(names(template(out).spec.volumes)).toEqual([...VOLUME_NAMES, 'config']);
    // kept, with the empty status Go writes for each claim
    expect(out.spec.volumeClaimTemplates).toEqual(input.spec.volumeClaimTemplates.map(c => ({ ...c, status: {} })));
  });

  test('a pod volume named like one of Istio\'s keeps its place after the Istio volumes before it (strategic merge order)', () => {
    // GIVEN: the pod declares istio-envoy itself, after a volume of its own
    const input = deployment({ spec: { volumes: [{ name: 'data', emptyDir: {} }, { name: 'istio-envoy', emptyDir: {} }] } });
    // WHEN
    const out = injectObject(input);
    // THEN: Istio's volumes before istio-envoy come first, then the pod's data, then istio-envoy (merged) and the rest
    expect(names(template(out).spec.volumes)).toEqual([
      'workload-socket', 'credential-socket', 'workload-certs', 'data', 'istio-envoy', 'istio-data', 'istio-podinfo', 'istio-token',
      'istiod-ca-cert', 'istio-ca-crl',
    ]);
    expect(container(template(out).spec.volumes, 'istio-envoy')).toEqual({ name: 'istio-envoy', emptyDir: { medium: 'Memory' } });
  });

  test('the input object is left untouched', () => {
    // GIVEN
    const input = deployment();
    const before = JSON.parse(JSON.stringify(input));
    // WHEN
    const out = injectObject(input);
    // THEN
    expect(input).toEqual(before);
    expect(out).not.toBe(input);
  });

  test('native sidecars run after istio-init and before the application\'s init containers', async () => {
    // GIVEN
    const input = deployment({ spec: { initContainers: [{ name: 'migrate', image: 'm' }] } });
    // WHEN
    const out = injectObject(input);
    // THEN
    await validateManifests([out]);
    expect(names(template(out).spec.initContainers)).toEqual(['istio-init', 'istio-proxy', 'migrate']);
    expect(container(template(out).spec.initContainers, 'migrate')).toEqual({ name: 'migrate', image: 'm', resources: {} });
  });
});

/* ------------------------------------------------------------------ */
/* classic sidecars                                                    */
/* ------------------------------------------------------------------ */

describe('classic sidecars', () => {
  test('without native sidecars istio-proxy is the last container and istio-init the last init container', async () => {
    // GIVEN
    const input = deployment({
      spec: { initContainers: [{ name: 'migrate', image: 'm' }] },
      containers: [{ name: 'hello', image: 'h' }, { name: 'world', image: 'w' }],
    });
    // WHEN
    const out = injectObject(input, CLASSIC);
    // THEN
    await validateManifests([out]);
    const t = template(out);
    expect(names(t.spec.containers)).toEqual(['hello', 'world', 'istio-proxy']);
    expect(names(t.spec.initContainers)).toEqual(['migrate', 'istio-init']);
    expect(t.metadata.annotations['sidecar.istio.io/status']).toBe(CLASSIC_STATUS);
    const proxy = proxyOf(t);
    expect(proxy.restartPolicy).toBeUndefined();
    expect(proxy.lifecycle).toBeUndefined();
    expect(proxy.startupProbe).toBeDefined();
  });

  test('sidecar.istio.io/nativeSidecar: "false" makes one pod classic', async () => {
    // GIVEN
    const input = pod({ annotations: { 'sidecar.istio.io/nativeSidecar': 'false' } });
    // WHEN
    const out = injectObject(input);
    // THEN
    await validateManifests([out]);
    expect(names(out.spec.containers)).toEqual(['hello', 'istio-proxy']);
    expect(names(out.spec.initContainers)).toEqual(['istio-init']);
    expect(out.metadata.annotations['sidecar.istio.io/nativeSidecar']).toBe('false');
    expect(out.metadata.annotations['sidecar.istio.io/status']).toBe(CLASSIC_STATUS);
    expect(envOf(proxyOf(out)).ISTIO_META_OWNER).toBe('kubernetes://apis/v1/namespaces/default/pods/hellopod');
    expect(envOf(proxyOf(out)).ISTIO_META_WORKLOAD_NAME).toBe('hellopod');
    expect(out.status).toEqual({});
  });

  test('sidecar.istio.io/nativeSidecar: "true" makes one pod native when native sidecars are off', () => {
    // WHEN
    const out = injectObject(pod({ annotations: { 'sidecar.istio.io/nativeSidecar': 'true' } }), CLASSIC);
    // THEN
    expect(names(out.spec.initContainers)).toEqual(['istio-init', 'istio-proxy']);
    expect(names(out.spec.containers)).toEqual(['hello']);
  });

  test('holdApplicationUntilProxyStarts puts a classic proxy first and waits for it in postStart', () => {
    // GIVEN
    const input = deployment({ annotations: { 'proxy.istio.io/config': '{ "holdApplicationUntilProxyStarts": true }' } });
    // WHEN
    const t = template(injectObject(input, CLASSIC));
    // THEN
    expect(names(t.spec.containers)).toEqual(['istio-proxy', 'hello']);
    expect(proxyOf(t).lifecycle).toEqual({ postStart: { exec: { command: ['pilot-agent', 'wait'] } } });
    expect(envOf(proxyOf(t)).PROXY_CONFIG).toBe('{"holdApplicationUntilProxyStarts":true}\n');
  });

  test('holdApplicationUntilProxyStarts has nothing to hold with native sidecars, which start first anyway', () => {
    // GIVEN
    const input = deployment({ annotations: { 'proxy.istio.io/config': 'holdApplicationUntilProxyStarts: true' } });
    // WHEN
    const t = template(injectObject(input));
    // THEN
    expect(names(t.spec.containers)).toEqual(['hello']);
    expect(proxyOf(t).lifecycle).toEqual({ preStop: { exec: { command: ['pilot-agent', 'request', '--debug-port=15020', 'POST', 'drain'] } } });
    expect(envOf(proxyOf(t)).PROXY_CONFIG).toBe('{"holdApplicationUntilProxyStarts":true}\n');
  });

  test('the installation-wide hold setting orders the proxy first without changing PROXY_CONFIG', () => {
    // WHEN
    const t = template(injectObject(deployment(), { ...CLASSIC, proxy: { holdApplicationUntilProxyStarts: true } }));
    // THEN
    expect(names(t.spec.containers)).toEqual(['istio-proxy', 'hello']);
    expect(proxyOf(t).lifecycle.postStart).toBeDefined();
    expect(envOf(proxyOf(t)).PROXY_CONFIG).toBe('{}\n');
  });
});

/* ------------------------------------------------------------------ */
/* kinds                                                               */
/* ------------------------------------------------------------------ */

describe('pod-bearing kinds', () => {
  const base = { selector: { matchLabels: { app: 'hello' } }, template: podTemplate() };
  const cases: Array<[string, string, any, string[], string, any]> = [
    ['Pod', 'v1', { ...pod() }, [], 'pods/hellopod', { status: {} }],
    ['Deployment', 'apps/v1', { spec: base }, ['spec', 'template'], 'deployments/hello', { spec: { strategy: {} }, status: {} }],
    ['StatefulSet', 'apps/v1', { spec: { ...base, serviceName: 'hello' } }, ['spec', 'template'], 'statefulsets/hello',
      { spec: { updateStrategy: {} }, status: { replicas: 0, availableReplicas: 0 } }],
    ['DaemonSet', 'apps/v1', { spec: base }, ['spec', 'template'], 'daemonsets/hello',
      { spec: { updateStrategy: {} }, status: { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 } }],
    ['ReplicaSet', 'apps/v1', { spec: base }, ['spec', 'template'], 'replicasets/hello', { status: { replicas: 0 } }],
    ['ReplicationController', 'v1', { spec: { selector: { app: 'hello' }, template: podTemplate() } }, ['spec', 'template'],
      'replicationcontrollers/hello', { status: { replicas: 0 } }],
    ['Job', 'batch/v1', { spec: { template: podTemplate({ spec: { restartPolicy: 'Never' } }) } }, ['spec', 'template'], 'jobs/hello', { status: {} }],
    ['CronJob', 'batch/v1', { spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: podTemplate({ spec: { restartPolicy: 'OnFailure' } }) } } } },
      ['spec', 'jobTemplate', 'spec', 'template'], 'cronjobs/hello', { spec: { jobTemplate: { metadata: {} } }, status: {} }],
  ];

  test('every pod-bearing kind is covered', () => {
    expect(cases.map(c => c[0]).sort()).toEqual([...POD_BEARING_KINDS].sort());
  });

  test.each(cases)('a %s has its pod template injected', async (kind, apiVersion, body, path, owner, goFields) => {
    // GIVEN
    const input = kind === 'Pod' ? body : { apiVersion, kind, metadata: { name: 'hello', namespace: 'shop' }, ...body };
    if (kind === 'Pod') input.metadata.namespace = 'shop';
    // WHEN
    const out = injectObject(input);
    // THEN
    await validateManifests([out]);
    const t = path.reduce((o: any, k: string) => o[k], out);
    expect(names(t.spec.initContainers)).toEqual(['istio-init', 'istio-proxy']);
    expect(t.metadata.annotations['sidecar.istio.io/status']).toBe(NATIVE_STATUS);
    expect(t.metadata.labels['security.istio.io/tlsMode']).toBe('istio');
    expect(envOf(proxyOf(t)).ISTIO_META_OWNER).toBe(`kubernetes://apis/${apiVersion}/namespaces/shop/${owner}`);
    expect(out).toMatchObject(goFields);
  });

  test('a pod created by a Deployment\'s ReplicaSet is attributed to the Deployment', () => {
    // GIVEN
    const input = pod({ labels: { 'pod-template-hash': '5d8f7' } });
    delete input.metadata.name;
    input.metadata.generateName = 'hello-5d8f7-';
    input.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'hello-5d8f7', uid: 'u', controller: true }];
    // WHEN
    const proxy = proxyOf(injectObject(input));
    // THEN
    expect(envOf(proxy).ISTIO_META_OWNER).toBe('kubernetes://apis/apps/v1/namespaces/default/deployments/hello');
    expect(envOf(proxy).ISTIO_META_WORKLOAD_NAME).toBe('hello');
  });

  test('a pod created by a CronJob\'s Job is attributed to the CronJob', () => {
    // GIVEN
    const input = pod();
    delete input.metadata.name;
    input.metadata.generateName = 'report-28930140-';
    input.metadata.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'Job', name: 'report-28930140', uid: 'u', controller: true }];
    // WHEN
    const proxy = proxyOf(injectObject(input));
    // THEN
    expect(envOf(proxy).ISTIO_META_OWNER).toBe('kubernetes://apis/batch/v1/namespaces/default/cronjobs/report');
  });

  test('the items of a List are injected', () => {
    // GIVEN
    const list = { apiVersion: 'v1', kind: 'List', items: [deployment(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }] };
    // WHEN
    const result = inject(list);
    // THEN
    expect(result.injected).toBe(true);
    expect(names(template(result.object.items[0]).spec.initContainers)).toEqual(['istio-init', 'istio-proxy']);
    expect(result.object.items[1]).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    // Go writes the List's empty ListMeta
    expect(result.object.metadata).toEqual({});
  });

  test('a List of another kind, or with metadata of its own, keeps its metadata as it is', () => {
    const own = inject({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '7' }, items: [] });
    const other = inject({ apiVersion: 'apps/v1', kind: 'DeploymentList', items: [deployment()] });
    expect(own.object.metadata).toEqual({ resourceVersion: '7' });
    expect(other.object.metadata).toBeUndefined();
    expect(other.injected).toBe(true);
  });

  test.each([
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'hello' }, spec: { ports: [{ port: 80 }], selector: { app: 'hello' } } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: 'b' } },
    { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'hello' }, spec: { hosts: ['hello'] } },
  ])('a $kind passes through unchanged', (obj) => {
    // WHEN
    const result = inject(obj);
    // THEN
    expect(result).toEqual({ object: obj, injected: false });
    expect(result.object).not.toBe(obj);
  });

  test('a Deployment without a pod template fails', () => {
    expect(errorOf(() => injectObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: {} })))
      .toBe('Deployment default/x: spec.template is required');
  });

  test('a pod template without containers fails', () => {
    expect(errorOf(() => injectObject(deployment({ containers: [] }))))
      .toBe('Deployment default/hello: spec.template.spec.containers must be a non-empty list of named containers');
  });
});

/* ------------------------------------------------------------------ */
/* opt-outs                                                            */
/* ------------------------------------------------------------------ */

describe('opting out', () => {
  test.each([
    ['annotation "false"', { annotations: { 'sidecar.istio.io/inject': 'false' } }, "sidecar injection is disabled by 'sidecar.istio.io/inject'"],
    ['annotation "no"', { annotations: { 'sidecar.istio.io/inject': 'no' } }, "sidecar injection is disabled by 'sidecar.istio.io/inject'"],
    ['label "false" (the label wins over the annotation)',
      { labels: { 'sidecar.istio.io/inject': 'false' }, annotations: { 'sidecar.istio.io/inject': 'true' } },
      "sidecar injection is disabled by 'sidecar.istio.io/inject'"],
    ['host networking', { spec: { hostNetwork: true } }, 'the pod uses the host network'],
    ['an injected pod', { annotations: { 'sidecar.istio.io/status': '{}' } }, "already injected ('sidecar.istio.io/status' is set)"],
  ])('%s leaves the pod as it is', (_what, o: PodOptions, reason) => {
    // GIVEN
    const input = deployment(o);
    // WHEN
    const result = inject(input);
    // THEN
    expect(result.injected).toBe(false);
    expect(result.object).toEqual(input);
    expect(result.skipped).toBe(`Deployment default/hello: skipped: ${reason}`);
  });

  test('pods in kube-system are never injected', () => {
    // GIVEN
    const input = pod();
    input.metadata.namespace = 'kube-system';
    // WHEN
    const result = inject(input);
    // THEN
    expect(result).toEqual({ object: input, injected: false, skipped: "Pod kube-system/hellopod: skipped: Istio never injects into namespace 'kube-system'" });
  });

  test('injecting twice changes nothing the second time', () => {
    // GIVEN
    const once = injectObject(deployment());
    // WHEN
    const twice = injectObject(once);
    // THEN
    expect(twice).toEqual(once);
  });

  test('an explicit "true" injects', () => {
    expect(inject(deployment({ labels: { 'sidecar.istio.io/inject': 'true' } })).injected).toBe(true);
  });
});

/* ------------------------------------------------------------------ */
/* installation settings                                               */
/* ------------------------------------------------------------------ */

describe('settings', () => {
  test('hub, tag and revision select the images and the control plane', async () => {
    // WHEN
    const out = injectObject(deployment(), { ...DEFAULT_SETTINGS, hub: 'docker.io/istio', tag: '1.24.0', revision: 'canary' });
    // THEN
    await validateManifests([out]);
    const t = template(out);
    expect(initOf(t).image).toBe('docker.io/istio/proxyv2:1.24.0');
    expect(proxyOf(t).image).toBe('docker.io/istio/proxyv2:1.24.0');
    expect(t.metadata.annotations['istio.io/rev']).toBe('canary');
    expect(JSON.parse(t.metadata.annotations['sidecar.istio.io/status']).revision).toBe('canary');
    expect(envOf(proxyOf(t)).CA_ADDR).toBe('istiod-canary.istio-system.svc:15012');
  });

  test('root namespace, cluster domain, trust domain, cluster name and network are configurable', () => {
    // WHEN
    const proxy = proxyOf(template(injectObject(deployment(), {
      ...DEFAULT_SETTINGS,
      rootNamespace: 'istio-control',
      clusterDomain: 'corp.example',
      trustDomain: 'example.org',
      clusterName: 'east',
      network: 'net1',
      imagePullPolicy: 'Always',
    })));
    // THEN
    expect(envOf(proxy)).toMatchObject({
      CA_ADDR: 'istiod.istio-control.svc:15012',
      ISTIO_META_CLUSTER_ID: 'east',
      ISTIO_META_NETWORK: 'net1',
      ISTIO_META_MESH_ID: 'example.org',
      TRUST_DOMAIN: 'example.org',
    });
    expect(proxy.args[3]).toBe('$(POD_NAMESPACE).svc.corp.example');
    expect(proxy.imagePullPolicy).toBe('Always');
  });

  test('proxy defaults come from the settings', () => {
    // WHEN
    const t = template(injectObject(deployment(), {
      ...DEFAULT_SETTINGS,
      proxy: {
        resources: { requests: { cpu: '50m', memory: '64Mi' } },
        logLevel: 'debug',
        componentLogLevel: 'misc:info',
        concurrency: 2,
        excludeInboundPorts: '9000',
        excludeOutboundPorts: '5432',
      },
    }));
    // THEN
    expect(proxyOf(t).resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' } });
    expect(proxyOf(t).args).toContain('--proxyLogLevel=debug');
    expect(proxyOf(t).args).toContain('--proxyComponentLogLevel=misc:info');
    expect(envOf(proxyOf(t)).PROXY_CONFIG).toBe('{"concurrency":2}\n');
    expect(argAfter(initOf(t), '-d')).toBe('15090,15021,9000,15020');
    expect(argAfter(initOf(t), '-o')).toBe('5432');
  });

  test('invalid settings are all reported', () => {
    expect(errorOf(() => resolveSettings({ ...DEFAULT_SETTINGS, hub: '', revision: 'Canary', proxy: { statusPort: 70000, logLevel: 'loud' } })))
      .toBe([
        "setting 'hub' must be a non-empty string, got ''",
        "setting 'revision' must be a DNS-1123 label (lowercase letters, digits and '-'), got 'Canary'",
        "setting 'proxy.statusPort' must be a port number 0-65535, got 70000",
        "setting 'proxy.logLevel' must be one of trace, debug, info, warning, error, critical, off, got 'loud'",
      ].join('\n'));
  });
});

/* ------------------------------------------------------------------ */
/* labels and metadata                                                 */
/* ------------------------------------------------------------------ */

describe('labels and annotations', () => {
  test('canonical labels come from the well-known labels and keep user values', () => {
    // WHEN
    const t = template(injectObject(deployment({
      labels: { 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/version': 'v3', 'security.istio.io/tlsMode': 'disabled' },
    })));
    // THEN
    expect(t.metadata.labels).toMatchObject({
      'security.istio.io/tlsMode': 'disabled',
      'service.istio.io/canonical-name': 'shop',
      'service.istio.io/canonical-revision': 'v3',
    });
  });

  test('the version label is the canonical revision and the workload name the fallback canonical name', () => {
    // GIVEN
    const input = deployment({ labels: { version: 'v2' } });
    delete input.spec.template.metadata.labels.app;
    input.spec.selector.matchLabels = { version: 'v2' };
    // WHEN
    const t = template(injectObject(input));
    // THEN
    expect(t.metadata.labels['service.istio.io/canonical-name']).toBe('hello');
    expect(t.metadata.labels['service.istio.io/canonical-revision']).toBe('v2');
  });

  test('a long workload name is cut to a valid 63-character canonical name', async () => {
    // GIVEN
    const name = `${'a'.repeat(62)}-b`;
    const input = deployment({}, name);
    delete input.spec.template.metadata.labels.app;
    input.spec.selector.matchLabels = { tier: 'x' };
    input.spec.template.metadata.labels.tier = 'x';
    // WHEN
    const out = injectObject(input);
    // THEN
    await validateManifests([out]);
    expect(template(out).metadata.labels['service.istio.io/canonical-name']).toBe('a'.repeat(62));
  });

  test('a workload-name label names the workload in the proxy metadata', () => {
    const proxy = proxyOf(template(injectObject(deployment({ labels: { 'service.istio.io/workload-name': 'checkout' } }))));
    expect(envOf(proxy).ISTIO_META_WORKLOAD_NAME).toBe('checkout');
  });

  test('default-container annotations the pod sets are kept', () => {
    // WHEN
    const t = template(injectObject(deployment({
      annotations: { 'kubectl.kubernetes.io/default-container': 'world' },
      containers: [{ name: 'hello', image: 'h' }, { name: 'world', image: 'w' }],
    })));
    // THEN
    expect(t.metadata.annotations['kubectl.kubernetes.io/default-container']).toBe('world');
    expect(t.metadata.annotations['kubectl.kubernetes.io/default-logs-container']).toBe('hello');
  });

  test('the application\'s Prometheus annotations move to the agent, which merges the metrics', () => {
    // WHEN
    const t = template(injectObject(deployment({ annotations: { 'prometheus.io/port': '9100', 'prometheus.io/path': '/metrics' } })));
    // THEN
    expect(t.metadata.annotations).toMatchObject({ 'prometheus.io/port': '15020', 'prometheus.io/path': '/stats/prometheus', 'prometheus.io/scrape': 'true' });
    expect(envOf(proxyOf(t)).ISTIO_PROMETHEUS_ANNOTATIONS).toBe('{"scrape":"","path":"/metrics","port":"9100"}');
  });

  test.each([
    ['prometheus.io/scrape', 'false'],
    ['prometheus.istio.io/merge-metrics', 'false'],
  ])('%s: "%s" turns off metrics merging', (key, value) => {
    // WHEN
    const t = template(injectObject(deployment({ annotations: { [key]: value } })));
    // THEN
    expect(t.metadata.annotations['prometheus.io/port']).toBeUndefined();
    expect(envOf(proxyOf(t)).ISTIO_PROMETHEUS_ANNOTATIONS).toBeUndefined();
  });
});

/* ------------------------------------------------------------------ */
/* per-pod annotations                                                 */
/* ------------------------------------------------------------------ */

describe('per-pod annotations', () => {
  test('proxy resource annotations replace the default resources of istio-proxy and istio-init', () => {
    // WHEN
    const t = template(injectObject(deployment({
      annotations: {
        'sidecar.istio.io/proxyCPU': '1000m',
        'sidecar.istio.io/proxyMemory': '256Mi',
        'sidecar.istio.io/proxyCPULimit': '1.5',
        'sidecar.istio.io/proxyMemoryLimit': '2048Mi',
      },
    })));
    // THEN
    const expected = { requests: { cpu: '1', memory: '256Mi' }, limits: { cpu: '1500m', memory: '2Gi' } };
    expect(proxyOf(t).resources).toEqual(expected);
    expect(initOf(t).resources).toEqual(expected);
  });

  test('only a CPU request leaves the proxy without limits', () => {
    const t = template(injectObject(deployment({ annotations: { 'sidecar.istio.io/proxyCPU': '250m' } })));
    expect(proxyOf(t).resources).toEqual({ requests: { cpu: '250m' } });
  });

  test('traffic annotations configure istio-iptables', () => {
    // WHEN
    const init = initOf(template(injectObject(deployment({
      annotations: {
        'traffic.sidecar.istio.io/includeInboundPorts': '80,81',
        'traffic.sidecar.istio.io/excludeInboundPorts': '8080',
        'traffic.sidecar.istio.io/includeOutboundIPRanges': '10.0.0.0/8,fd00::/8',
        'traffic.sidecar.istio.io/excludeOutboundIPRanges': '169.254.169.254/32',
        'traffic.sidecar.istio.io/includeOutboundPorts': '443',
        'traffic.sidecar.istio.io/excludeOutboundPorts': '3306,5432',
        'traffic.sidecar.istio.io/excludeInterfaces': 'eth1',
      },
    }))));
    // THEN
    expect(init.args).toEqual([
      'istio-iptables', '-p', '15001', '-z', '15006', '-u', '1337', '-m', 'REDIRECT',
      '-i', '10.0.0.0/8,fd00::/8', '-x', '169.254.169.254/32', '-b', '80,81', '-d', '15090,15021,8080,15020',
      '-q', '443', '-o', '3306,5432', '-c', 'eth1', '--log_output_level=default:info',
    ]);
  });

  test('a revision points PROXY_CONFIG at its istiod; the default revision leaves it out', () => {
    // WHEN
    const canary = proxyOf(template(injectObject(deployment({ annotations: { 'proxy.istio.io/config': 'concurrency: 2' } }), { ...DEFAULT_SETTINGS, revision: 'canary' })));
    const otherNamespace = proxyOf(template(injectObject(deployment(), { ...DEFAULT_SETTINGS, rootNamespace: 'mesh' })));
    const byDefault = proxyOf(template(injectObject(deployment())));
    const annotated = proxyOf(template(injectObject(deployment({ annotations: { 'proxy.istio.io/config': 'discoveryAddress: istiod-blue.istio-system.svc:15012' } }))));
    // THEN
    expect(envOf(canary).PROXY_CONFIG).toBe('{"discoveryAddress":"istiod-canary.istio-system.svc:15012","concurrency":2}\n');
    expect(envOf(otherNamespace).PROXY_CONFIG).toBe('{"discoveryAddress":"istiod.mesh.svc:15012"}\n');
    expect(envOf(byDefault).PROXY_CONFIG).toBe('{}\n');
    expect(envOf(annotated).PROXY_CONFIG).toBe('{"discoveryAddress":"istiod-blue.istio-system.svc:15012"}\n');
  });

  test('an excluded status port is not excluded twice', () => {
    const init = initOf(template(injectObject(deployment({ annotations: { 'traffic.sidecar.istio.io/excludeInboundPorts': '15020,9000' } }))));
    expect(argAfter(init, '-d')).toBe('15090,15021,15020,9000');
  });

  test('log level annotations configure Envoy and the agent', () => {
    // WHEN
    const t = template(injectObject(deployment({
      annotations: {
        'sidecar.istio.io/logLevel': 'debug',
        'sidecar.istio.io/componentLogLevel': 'upstream:debug,connection:trace',
        'sidecar.istio.io/agentLogLevel': 'default:debug,ads:warn',
      },
    })));
    // THEN
    expect(proxyOf(t).args.slice(4)).toEqual([
      '--proxyLogLevel=debug', '--proxyComponentLogLevel=upstream:debug,connection:trace', '--log_output_level=default:debug,ads:warn',
    ]);
    expect(initOf(t).args[initOf(t).args.length - 1]).toBe('--log_output_level=default:debug,ads:warn');
  });

  test('TPROXY interception gives the proxy NET_ADMIN and root', () => {
    // WHEN
    const t = template(injectObject(deployment({ annotations: { 'sidecar.istio.io/interceptionMode': 'TPROXY' } })));
    // THEN
    expect(argAfter(initOf(t), '-m')).toBe('TPROXY');
    expect(proxyOf(t).securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: false,
      runAsUser: 0,
      runAsGroup: 1337,
    });
    expect(envOf(proxyOf(t)).ISTIO_META_INTERCEPTION_MODE).toBe('TPROXY');
  });

  test('interception mode from proxy.istio.io/config applies when the annotation is absent', () => {
    // WHEN
    const t = template(injectObject(deployment({ annotations: { 'proxy.istio.io/config': 'interceptionMode: TPROXY' } })));
    // THEN
    expect(argAfter(initOf(t), '-m')).toBe('TPROXY');
    expect(envOf(proxyOf(t)).PROXY_CONFIG).toBe('{"interceptionMode":"TPROXY"}\n');
  });

  test('NONE interception injects no istio-init', async () => {
    // WHEN
    const native = injectObject(deployment({ annotations: { 'sidecar.istio.io/interceptionMode': 'NONE' } }));
    const classic = injectObject(deployment({ annotations: { 'sidecar.istio.io/interceptionMode': 'NONE' } }), CLASSIC);
    // THEN
    await validateManifests([native]);
    await validateManifests([classic]);
    expect(names(template(native).spec.initContainers)).toEqual(['istio-proxy']);
    expect(JSON.parse(template(native).metadata.annotations['sidecar.istio.io/status']).initContainers).toEqual(['istio-proxy']);
    expect(template(classic).spec.initContainers).toBeUndefined();
    expect(JSON.parse(template(classic).metadata.annotations['sidecar.istio.io/status'])).toMatchObject({ initContainers: null, containers: ['istio-proxy'] });
  });

  test('a custom status port moves the agent\'s endpoints', () => {
    // WHEN
    const t = template(injectObject(deployment({
      annotations: { 'status.sidecar.istio.io/port': '15030' },
      containers: [{ name: 'hello', image: 'h', readinessProbe: { httpGet: { port: 8080, path: '/ready' } } }],
    })));
    // THEN
    expect(argAfter(initOf(t), '-d')).toBe('15090,15021,15030');
    expect(proxyOf(t).lifecycle.preStop.exec.command).toContain('--debug-port=15030');
    expect(container(t.spec.containers, 'hello').readinessProbe).toEqual({ httpGet: { port: 15030, path: '/app-health/hello/readyz' } });
  });

  test('status port 0 removes the proxy\'s probes', () => {
    // WHEN
    const t = template(injectObject(deployment({ annotations: { 'status.sidecar.istio.io/port': '0' } })));
    // THEN
    expect(proxyOf(t).readinessProbe).toBeUndefined();
    expect(proxyOf(t).startupProbe).toBeUndefined();
    expect(argAfter(initOf(t), '-d')).toBe('15090,15021');
  });

  test('readiness annotations tune the proxy\'s readiness probe', () => {
    // WHEN
    const proxy = proxyOf(template(injectObject(deployment({
      annotations: {
        'readiness.status.sidecar.istio.io/initialDelaySeconds': '2',
        'readiness.status.sidecar.istio.io/periodSeconds': '5',
        'readiness.status.sidecar.istio.io/failureThreshold': '10',
      },
    }))));
    // THEN
    expect(proxy.readinessProbe).toEqual({
      httpGet: { path: '/healthz/ready', port: 15021 }, initialDelaySeconds: 2, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 10,
    });
  });

  test('proxyMetadata from proxy.istio.io/config becomes environment of both injected containers', () => {
    // WHEN
    const t = template(injectObject(deployment({ annotations: { 'proxy.istio.io/config': 'proxyMetadata: {B: "2", A: "1"}\nconcurrency: 4' } })));
    // THEN
    expect(initOf(t).env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
    expect(proxyOf(t).env.slice(-2)).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
    expect(envOf(proxyOf(t)).PROXY_CONFIG).toBe('{"concurrency":4,"proxyMetadata":{"A":"1","B":"2"}}\n');
  });

  test('ProxyConfig durations are written as protobuf durations and Istio\'s defaults are left out', () => {
    // WHEN
    const t = template(injectObject(deployment({ annotations: { 'proxy.istio.io/config': 'drainDuration: 45s\nterminationDrainDuration: 0.25s' } })));
    // THEN
    expect(envOf(proxyOf(t)).PROXY_CONFIG).toBe('{"terminationDrainDuration":"0.250s"}\n');
  });

  test('HBONE proxy metadata labels the pod for tunneling', () => {
    const t = template(injectObject(deployment({ annotations: { 'proxy.istio.io/config': 'proxyMetadata: {ISTIO_META_ENABLE_HBONE: "true"}' } })));
    expect(t.metadata.labels['networking.istio.io/tunnel']).toBe('http');
  });

  test('iptables trace logging runs the proxy privileged', () => {
    const t = template(injectObject(deployment({ annotations: { 'proxy.istio.io/config': 'proxyMetadata: {IPTABLES_TRACE_LOGGING: "true"}' } })));
    expect(proxyOf(t).securityContext).toEqual({
      allowPrivilegeEscalation: true,
      capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] },
      privileged: true,
      readOnlyRootFilesystem: true,
      runAsGroup: 1337,
      runAsNonRoot: false,
      runAsUser: 0,
    });
  });

  test('capNetBindService lets the proxy bind low ports', () => {
    const t = template(injectObject(deployment({ annotations: { 'sidecar.istio.io/capNetBindService': 'true' } })));
    expect(proxyOf(t).securityContext).toMatchObject({ capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] }, runAsNonRoot: false, runAsUser: 0 });
  });

  test('virtual interfaces are rerouted, the newer annotation winning', () => {
    // WHEN
    const kubevirt = initOf(template(injectObject(deployment({ annotations: { 'traffic.sidecar.istio.io/kubevirtInterfaces': 'net1' } }))));
    const both = initOf(template(injectObject(deployment({
      annotations: { 'traffic.sidecar.istio.io/kubevirtInterfaces': 'net1', 'istio.io/reroute-virtual-interfaces': 'net2' },
    }))));
    // THEN
    expect(argAfter(kubevirt, '-k')).toBe('net1');
    expect(argAfter(both, '-k')).toBe('net2');
  });

  test('a proxy image annotation replaces both images; an image type picks a flavour of the tag', () => {
    // WHEN
    const custom = template(injectObject(deployment({ annotations: { 'sidecar.istio.io/proxyImage': 'example.com/mesh/proxyv2:1.2' } })));
    const distroless = template(injectObject(deployment({ annotations: { 'sidecar.istio.io/proxyImageType': 'distroless' } })));
    // THEN
    expect([initOf(custom).image, proxyOf(custom).image]).toEqual(['example.com/mesh/proxyv2:1.2', 'example.com/mesh/proxyv2:1.2']);
    expect(proxyOf(distroless).image).toBe('registry.istio.io/testing/proxyv2:latest-distroless');
  });

  test('user volumes and mounts from annotations are added to the proxy', async () => {
    // WHEN
    const out = injectObject(deployment({
      annotations: {
        'sidecar.istio.io/userVolume': '{"certs":{"secret":{"secretName":"my-certs"}}}',
        'sidecar.istio.io/userVolumeMount': '{"certs":{"mountPath":"/etc/certs","readOnly":true}}',
      },
    }));
    // THEN
    await validateManifests([out]);
    expect(template(out).spec.volumes).toContainEqual({ secret: { secretName: 'my-certs' }, name: 'certs' });
    expect(proxyOf(template(out)).volumeMounts).toContainEqual({ mountPath: '/etc/certs', readOnly: true, name: 'certs' });
    expect(JSON.parse(template(out).metadata.annotations['sidecar.istio.io/status']).volumes).toContain('certs');
  });

  test('a bootstrap override mounts the ConfigMap and points the agent at it', () => {
    // WHEN
    const t = template(injectObject(deployment({ annotations: { 'sidecar.istio.io/bootstrapOverride': 'my-bootstrap' } })));
    // THEN
    expect(envOf(proxyOf(t)).ISTIO_BOOTSTRAP_OVERRIDE).toBe('/etc/istio/custom-bootstrap/custom_bootstrap.json');
    expect(t.spec.volumes).toContainEqual({ name: 'custom-bootstrap-volume', configMap: { name: 'my-bootstrap' } });
    expect(proxyOf(t).volumeMounts).toContainEqual({ mountPath: '/etc/istio/custom-bootstrap', name: 'custom-bootstrap-volume' });
  });
});

/* ------------------------------------------------------------------ */
/* probes                                                              */
/* ------------------------------------------------------------------ */

describe('application probe rewriting', () => {
  const probed = () => deployment({
    containers: [
      {
        name: 'hello',
        image: 'h',
        ports: [{ name: 'http', containerPort: 80 }],
        livenessProbe: { httpGet: { port: 'http' } },
        readinessProbe: { httpGet: { port: 3333 } },
        lifecycle: { preStop: { httpGet: { port: 91 } }, postStart: { tcpSocket: { port: 93 } } },
      },
      {
        name: 'world',
        image: 'w',
        ports: [{ name: 'http', containerPort: 90 }],
        livenessProbe: { httpGet: { port: 'http' } },
        readinessProbe: { exec: { command: ['cat', '/tmp/healthy'] } },
      },
    ],
  });

  test('HTTP and TCP probes and hooks go through the agent, exec probes stay', async () => {
    // WHEN
    const out = injectObject(probed());
    // THEN
    await validateManifests([out]);
    const t = template(out);
    expect(t.spec.containers[0]).toEqual({
      name: 'hello',
      image: 'h',
      ports: [{ name: 'http', containerPort: 80 }],
      livenessProbe: { httpGet: { port: 15020, path: '/app-health/hello/livez' } },
      readinessProbe: { httpGet: { port: 15020, path: '/app-health/hello/readyz' } },
      lifecycle: {
        preStop: { httpGet: { port: 15020, path: '/app-lifecycle/hello/prestopz' } },
        postStart: { httpGet: { path: '/app-lifecycle/hello/poststartz', port: 15020 } },
      },
      resources: {},
    });
    expect(t.spec.containers[1].readinessProbe).toEqual({ exec: { command: ['cat', '/tmp/healthy'] } });
    expect(t.spec.containers[1].livenessProbe).toEqual({ httpGet: { port: 15020, path: '/app-health/world/livez' } });
    expect(envOf(proxyOf(t)).ISTIO_KUBE_APP_PROBERS).toBe(
      '{"/app-health/hello/livez":{"httpGet":{"port":80}},"/app-health/hello/readyz":{"httpGet":{"port":3333}},'
      + '"/app-health/world/livez":{"httpGet":{"port":90}},"/app-lifecycle/hello/poststartz":{"tcpSocket":{"port":93}},'
      + '"/app-lifecycle/hello/prestopz":{"httpGet":{"port":91}}}');
    expect(proxyOf(t).env[proxyOf(t).env.length - 1].name).toBe('ISTIO_KUBE_APP_PROBERS');
  });

  test('startup, gRPC and HTTPS probes are rewritten to plain HTTP with their details kept for the agent', () => {
    // WHEN
    const t = template(injectObject(deployment({
      containers: [{
        name: 'api',
        image: 'a',
        startupProbe: { grpc: { port: 9000 }, timeoutSeconds: 2, periodSeconds: 5 },
        livenessProbe: { httpGet: { port: 8443, path: '/live', scheme: 'HTTPS', httpHeaders: [{ name: 'X', value: 'y' }] } },
        readinessProbe: { tcpSocket: { port: 9000 }, initialDelaySeconds: 3 },
      }],
    })));
    // THEN
    const api = container(t.spec.containers, 'api');
    expect(api.startupProbe).toEqual({ httpGet: { path: '/app-health/api/startupz', port: 15020 }, timeoutSeconds: 2, periodSeconds: 5 });
    expect(api.livenessProbe).toEqual({
      httpGet: { port: 15020, path: '/app-health/api/livez', scheme: 'HTTP', httpHeaders: [{ name: 'X', value: 'y' }] },
    });
    expect(api.readinessProbe).toEqual({ httpGet: { path: '/app-health/api/readyz', port: 15020 }, initialDelaySeconds: 3 });
    expect(JSON.parse(envOf(proxyOf(t)).ISTIO_KUBE_APP_PROBERS)).toEqual({
      '/app-health/api/livez': { httpGet: { path: '/live', port: 8443, scheme: 'HTTPS', httpHeaders: [{ name: 'X', value: 'y' }] } },
      '/app-health/api/readyz': { tcpSocket: { port: 9000 } },
      '/app-health/api/startupz': { grpc: { port: 9000, service: null }, timeoutSeconds: 2 },
    });
  });

  test('probes on ports excluded from capture are rewritten too, as Istio rewrites them', () => {
    // WHEN
    const t = template(injectObject(deployment({
      annotations: { 'traffic.sidecar.istio.io/excludeInboundPorts': '8081' },
      containers: [{ name: 'hello', image: 'h', readinessProbe: { httpGet: { port: 8081 } }, livenessProbe: { httpGet: { port: 8080 } } }],
    })));
    // THEN
    const hello = container(t.spec.containers, 'hello');
    expect(hello.readinessProbe).toEqual({ httpGet: { port: 15020, path: '/app-health/hello/readyz' } });
    expect(hello.livenessProbe).toEqual({ httpGet: { port: 15020, path: '/app-health/hello/livez' } });
    expect(envOf(proxyOf(t)).ISTIO_KUBE_APP_PROBERS).toBe('{"/app-health/hello/livez":{"httpGet":{"port":8080}},"/app-health/hello/readyz":{"httpGet":{"port":8081}}}');
  });

  test('a probe already on the status port is not handed to the agent again', () => {
    // WHEN
    const t = template(injectObject(deployment({
      containers: [{ name: 'hello', image: 'h', readinessProbe: { httpGet: { path: '/app-health/hello/readyz', port: 15020 } }, livenessProbe: { httpGet: { port: 15021 } } }],
    })));
    // THEN
    expect(envOf(proxyOf(t)).ISTIO_KUBE_APP_PROBERS).toBe('{"/app-health/hello/livez":{"httpGet":{"port":15021}}}');
  });

  test('sidecar.istio.io/rewriteAppHTTPProbers: "false" leaves probes alone', () => {
    // GIVEN
    const input = probed();
    input.spec.template.metadata.annotations = { 'sidecar.istio.io/rewriteAppHTTPProbers': 'false' };
    // WHEN
    const t = template(injectObject(input));
    // THEN
    expect(t.spec.containers[0].livenessProbe).toEqual({ httpGet: { port: 'http' } });
    expect(envOf(proxyOf(t)).ISTIO_KUBE_APP_PROBERS).toBeUndefined();
  });

  test('classic sidecars rewrite probes too', () => {
    const t = template(injectObject(probed(), CLASSIC));
    expect(t.spec.containers[0].readinessProbe).toEqual({ httpGet: { port: 15020, path: '/app-health/hello/readyz' } });
    expect(envOf(proxyOf(t)).ISTIO_KUBE_APP_PROBERS).toContain('/app-health/hello/readyz');
  });
});

/* ------------------------------------------------------------------ */
/* gateways and customized proxies                                     */
/* ------------------------------------------------------------------ */

describe('the gateway template and customized proxies', () => {
  const gateway = () => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'ingress' },
    spec: {
      selector: { matchLabels: { istio: 'ingressgateway' } },
      template: {
        metadata: { labels: { istio: 'ingressgateway' }, annotations: { 'inject.istio.io/templates': 'gateway' } },
        spec: { containers: [{ name: 'istio-proxy', image: 'auto', imagePullPolicy: 'IfNotPresent' }] },
      },
    },
  });

  test('inject.istio.io/templates: gateway turns the pod\'s istio-proxy into a router', async () => {
    // WHEN
    const out = injectObject(gateway());
    // THEN
    await validateManifests([out]);
    const t = template(out);
    expect(t.metadata.labels).toEqual({
      'istio': 'ingressgateway',
      'service.istio.io/canonical-name': 'ingress',
      'service.istio.io/canonical-revision': 'latest',
    });
    expect(t.metadata.annotations).toEqual({
      'inject.istio.io/templates': 'gateway',
      'istio.io/rev': 'default',
      'prometheus.io/path': '/stats/prometheus',
      'prometheus.io/port': '15020',
      'prometheus.io/scrape': 'true',
      'proxy.istio.io/overrides': '{"containers":[{"name":"istio-proxy","resources":{},"imagePullPolicy":"IfNotPresent"}]}',
      'sidecar.istio.io/status': '{"initContainers":null,"containers":["istio-proxy"],"volumes":["workload-socket","credential-socket",'
        + '"workload-certs","istio-envoy","istio-data","istio-podinfo","istio-token","istiod-ca-cert"],"imagePullSecrets":null,"revision":"default"}',
    });
    expect(t.spec.initContainers).toBeUndefined();
    expect(names(t.spec.containers)).toEqual(['istio-proxy']);
    const proxy = t.spec.containers[0];
    expect(proxy).toMatchObject({
      image: IMAGE,
      imagePullPolicy: 'IfNotPresent',
      args: ['proxy', 'router', '--domain', '$(POD_NAMESPACE).svc.cluster.local', '--proxyLogLevel=warning',
        '--proxyComponentLogLevel=misc:error', '--log_output_level=default:info'],
      securityContext: { runAsUser: 1337, runAsGroup: 1337 },
      resources: {},
      readinessProbe: { httpGet: { path: '/healthz/ready', port: 15021 }, periodSeconds: 15, timeoutSeconds: 3, failureThreshold: 4 },
    });
    expect(proxy.env.map((e: any) => e.name)).toEqual([
      'PILOT_CERT_PROVIDER', 'CA_ADDR', 'POD_NAME', 'POD_NAMESPACE', 'INSTANCE_IP', 'SERVICE_ACCOUNT', 'HOST_IP', 'ISTIO_CPU_LIMIT',
      'PROXY_CONFIG', 'ISTIO_META_POD_PORTS', 'GOMEMLIMIT', 'ISTIO_META_APP_CONTAINERS', 'ISTIO_META_CLUSTER_ID', 'ISTIO_META_NODE_NAME',
      'ISTIO_META_INTERCEPTION_MODE', 'ISTIO_META_WORKLOAD_NAME', 'ISTIO_META_OWNER', 'ISTIO_META_MESH_ID', 'TRUST_DOMAIN',
    ]);
    expect(container(proxy.env, 'ISTIO_META_APP_CONTAINERS')).toEqual({ name: 'ISTIO_META_APP_CONTAINERS' });
    expect(envOf(proxy).ISTIO_META_POD_PORTS).toBe('[\n]');
    expect(proxy.startupProbe).toBeUndefined();
    expect(t.spec.securityContext).toEqual({ sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] });
    expect(t.spec.volumes.slice(0, 3)).toEqual([{ name: 'workload-socket' }, { emptyDir: {}, name: 'credential-socket' }, { emptyDir: {}, name: 'workload-certs' }]);
  });

  test('an istio-proxy container in the pod customizes the injected sidecar', async () => {
    // GIVEN
    const input = deployment({
      containers: [
        { name: 'hello', image: 'h' },
        { name: 'istio-proxy', image: 'auto', resources: { limits: { cpu: '4000m' } }, securityContext: { runAsUser: 1500 } },
      ],
    });
    // WHEN
    const out = injectObject(input);
    // THEN
    await validateManifests([out]);
    const t = template(out);
    expect(names(t.spec.containers)).toEqual(['hello']);
    expect(names(t.spec.initContainers)).toEqual(['istio-init', 'istio-proxy']);
    const proxy = proxyOf(t);
    expect(proxy.image).toBe(IMAGE);
    expect(proxy.resources).toEqual({ limits: { cpu: '4', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' } });
    expect(proxy.securityContext.runAsUser).toBe(1500);
    expect(argAfter(initOf(t), '-u')).toBe('1500');
    expect(t.metadata.annotations['proxy.istio.io/overrides'])
      .toBe('{"initContainers":[{"name":"istio-proxy","resources":{"limits":{"cpu":"4"}},"securityContext":{"runAsUser":1500}}]}');
    expect(envOf(proxy).ISTIO_META_APP_CONTAINERS).toBe('hello');
  });
});

/* ------------------------------------------------------------------ */
/* bad input                                                           */
/* ------------------------------------------------------------------ */

describe('invalid annotations', () => {
  const PORTS = 'a comma-separated list of port numbers 0-65535';
  test.each([
    ['sidecar.istio.io/proxyCPU', 'lots', 'must be a non-negative Kubernetes quantity such as 100m, 0.5 or 2, got \'lots\''],
    ['sidecar.istio.io/proxyCPULimit', '-1', 'must be a non-negative Kubernetes quantity such as 100m, 0.5 or 2, got \'-1\''],
    ['sidecar.istio.io/proxyMemory', '12 GB', 'must be a non-negative Kubernetes quantity such as 128Mi, 1Gi or 500M, got \'12 GB\''],
    ['sidecar.istio.io/proxyMemoryLimit', '1GB', 'must be a non-negative Kubernetes quantity such as 128Mi, 1Gi or 500M, got \'1GB\''],
    ['sidecar.istio.io/interceptionMode', 'FOO', "must be one of REDIRECT, TPROXY, NONE, got 'FOO'"],
    ['traffic.sidecar.istio.io/includeInboundPorts', '80,http', `must be ${PORTS} or '*', got '80,http' ('http' is not a port number)`],
    ['traffic.sidecar.istio.io/excludeInboundPorts', '*', `must be ${PORTS}, got '*' ('*' is not a port number)`],
    ['traffic.sidecar.istio.io/excludeOutboundPorts', '70000', `must be ${PORTS}, got '70000' ('70000' is not a port number)`],
    ['traffic.sidecar.istio.io/includeOutboundPorts', '443;80', `must be ${PORTS}, got '443;80' ('443;80' is not a port number)`],
    ['traffic.sidecar.istio.io/includeOutboundIPRanges', '10.0.0.0',
      "must be a comma-separated list of CIDR ranges such as 10.0.0.0/8 or '*', got '10.0.0.0' ('10.0.0.0' is not a CIDR range)"],
    ['traffic.sidecar.istio.io/excludeOutboundIPRanges', '10.0.0.0/33',
      "must be a comma-separated list of CIDR ranges such as 10.0.0.0/8, got '10.0.0.0/33' ('10.0.0.0/33' is not a CIDR range)"],
    ['status.sidecar.istio.io/port', 'x', "must be a port number 0-65535, got 'x'"],
    ['readiness.status.sidecar.istio.io/periodSeconds', '-1', "must be a non-negative integer, got '-1'"],
    ['readiness.status.sidecar.istio.io/failureThreshold', '2.5', "must be a non-negative integer, got '2.5'"],
    ['readiness.status.sidecar.istio.io/initialDelaySeconds', 'soon', "must be a non-negative integer, got 'soon'"],
    ['sidecar.istio.io/logLevel', 'loud', "must be one of trace, debug, info, warning, error, critical, off, got 'loud'"],
    ['sidecar.istio.io/componentLogLevel', 'misc',
      "must be a comma-separated list of component:level pairs (levels: trace, debug, info, warning, error, critical, off), got 'misc' ('misc' is not component:level)"],
    ['sidecar.istio.io/agentLogLevel', 'default:chatty',
      "must be a comma-separated list of scope:level pairs (levels: debug, info, warn, error, fatal, none), got 'default:chatty' ('default:chatty' is not scope:level)"],
    ['sidecar.istio.io/nativeSidecar', 'yes', "must be true or false, got 'yes'"],
    ['sidecar.istio.io/capNetBindService', 'on', "must be true or false, got 'on'"],
    ['sidecar.istio.io/rewriteAppHTTPProbers', 'maybe', "must be true or false (also 1, t, T, TRUE, True, 0, f, F, FALSE, False), got 'maybe'"],
    ['prometheus.istio.io/merge-metrics', 'nope', "must be true or false (also 1, t, T, TRUE, True, 0, f, F, FALSE, False), got 'nope'"],
    ['sidecar.istio.io/proxyImage', 'proxyv2:1.2', "must be a full image reference including the registry, e.g. docker.io/istio/proxyv2:1.24.0, got 'proxyv2:1.2'"],
    ['sidecar.istio.io/proxyImageType', 'slim', "must be one of default, debug, distroless, got 'slim'"],
    ['sidecar.istio.io/userVolume', '{"x":', "must be a JSON object mapping names to objects, got '{\"x\":'"],
    ['sidecar.istio.io/userVolumeMount', '["a"]', "must be a JSON object mapping names to objects, got '[\"a\"]'"],
    ['sidecar.istio.io/bootstrapOverride', 'My_Config', "must be the name of a ConfigMap (a DNS-1123 subdomain), got 'My_Config'"],
  ])('%s: %p fails', (key, value, expected) => {
    expect(errorOf(() => injectObject(deployment({ annotations: { [key]: value } }))))
      .toBe(`Deployment default/hello: annotation '${key}' ${expected}`);
  });

  test.each([
    ['sidecar.istio.io/inject', 'maybe', "annotation 'sidecar.istio.io/inject' must be one of true, false (also y, yes, on, n, no, off), got 'maybe'"],
    ['inject.istio.io/templates', 'sidecar,waypoint',
      "annotation 'inject.istio.io/templates' must be a comma-separated list of injection templates from sidecar, gateway, got 'sidecar,waypoint'"],
    ['proxy.istio.io/config', 'statsTags: [a]',
      "annotation 'proxy.istio.io/config' field 'statsTags' is not supported by this injector (supported: drainDuration, discoveryAddress, concurrency, "
      + 'interceptionMode, proxyMetadata, terminationDrainDuration, holdApplicationUntilProxyStarts, image)'],
    ['proxy.istio.io/config', 'discoveryAddress: istiod',
      "annotation 'proxy.istio.io/config' field 'discoveryAddress' must be a host:port string, got \"istiod\""],
    ['proxy.istio.io/config', 'holdApplicationUntilProxyStarts: "yes"',
      "annotation 'proxy.istio.io/config' field 'holdApplicationUntilProxyStarts' must be true or false, got \"yes\""],
    ['proxy.istio.io/config', 'terminationDrainDuration: 1m',
      "annotation 'proxy.istio.io/config' field 'terminationDrainDuration' must be a duration in seconds such as '5s' or '0.5s', got \"1m\""],
    ['proxy.istio.io/config', '{ "concurrency": 2',
      "annotation 'proxy.istio.io/config' must be a YAML or JSON ProxyConfig object, got '{ \"concurrency\": 2'"],
  ])('%s: %p fails', (key, value, expected) => {
    expect(errorOf(() => injectObject(deployment({ annotations: { [key]: value } })))).toMatch(`Deployment default/hello: ${expected}`);
  });

  test('an annotation that YAML read as a boolean must be quoted', () => {
    expect(errorOf(() => injectObject(deployment({ annotations: { 'sidecar.istio.io/nativeSidecar': false } }))))
      .toBe("Deployment default/hello: annotation 'sidecar.istio.io/nativeSidecar' must be a string (quote it in YAML), got false");
  });

  test('an inject label that is not a string fails', () => {
    expect(errorOf(() => injectObject(pod({ labels: { 'sidecar.istio.io/inject': true as any } }))))
      .toBe("Pod default/hellopod: label 'sidecar.istio.io/inject' must be a string (quote it), got true");
  });

  test('every problem of an object is reported at once', () => {
    expect(errorOf(() => injectObject(deployment({
      annotations: { 'sidecar.istio.io/proxyCPU': 'lots', 'sidecar.istio.io/interceptionMode': 'FOO' },
    })))).toBe([
      "Deployment default/hello: annotation 'sidecar.istio.io/interceptionMode' must be one of REDIRECT, TPROXY, NONE, got 'FOO'",
      "Deployment default/hello: annotation 'sidecar.istio.io/proxyCPU' must be a non-negative Kubernetes quantity such as 100m, 0.5 or 2, got 'lots'",
    ].join('\n'));
  });

  test('errors of several objects are reported together and name each object', () => {
    // GIVEN
    const bad = (name: string, namespace?: string) => {
      const d = deployment({ annotations: { 'sidecar.istio.io/logLevel': 'loud' } }, name);
      if (namespace) d.metadata.namespace = namespace;
      return d;
    };
    // THEN
    expect(errorOf(() => injectAll([bad('a'), deployment(), bad('b', 'shop')]))).toBe([
      "Deployment default/a: annotation 'sidecar.istio.io/logLevel' must be one of trace, debug, info, warning, error, critical, off, got 'loud'",
      "Deployment shop/b: annotation 'sidecar.istio.io/logLevel' must be one of trace, debug, info, warning, error, critical, off, got 'loud'",
    ].join('\n'));
  });
});

describe('conflicting annotations', () => {
  test.each([
    [{ 'sidecar.istio.io/proxyCPU': '2', 'sidecar.istio.io/proxyCPULimit': '1500m' },
      "annotation 'sidecar.istio.io/proxyCPU' (2) must not exceed annotation 'sidecar.istio.io/proxyCPULimit' (1500m)"],
    [{ 'sidecar.istio.io/proxyMemory': '2Gi', 'sidecar.istio.io/proxyMemoryLimit': '1024Mi' },
      "annotation 'sidecar.istio.io/proxyMemory' (2Gi) must not exceed annotation 'sidecar.istio.io/proxyMemoryLimit' (1Gi)"],
    [{ 'sidecar.istio.io/interceptionMode': 'REDIRECT', 'proxy.istio.io/config': 'interceptionMode: TPROXY' },
      "annotation 'sidecar.istio.io/interceptionMode' ('REDIRECT') conflicts with interceptionMode 'TPROXY' in annotation 'proxy.istio.io/config'"],
    [{ 'status.sidecar.istio.io/port': '15090' },
      "annotation 'status.sidecar.istio.io/port' must not be Envoy's Prometheus telemetry port, got '15090'"],
    [{ 'status.sidecar.istio.io/port': '15000' },
      "annotation 'status.sidecar.istio.io/port' must not be Envoy's admin port, got '15000'"],
    [{ 'status.sidecar.istio.io/port': '0', 'readiness.status.sidecar.istio.io/periodSeconds': '5' },
      "annotation 'readiness.status.sidecar.istio.io/periodSeconds' has no effect: the proxy has no readiness probe when annotation 'status.sidecar.istio.io/port' is '0'"],
  ])('%p fails', (annotations, expected) => {
    expect(errorOf(() => injectObject(deployment({ annotations })))).toBe(`Deployment default/hello: ${expected}`);
  });

  test.each(['15020', '15009', '15010'])('status port %p is not one the proxy takes for itself', (port) => {
    expect(() => injectObject(deployment({ annotations: { 'status.sidecar.istio.io/port': port } }))).not.toThrow();
  });

  test('status port 0 with probes to rewrite fails', () => {
    // GIVEN
    const input = deployment({
      annotations: { 'status.sidecar.istio.io/port': '0' },
      containers: [{ name: 'hello', image: 'h', readinessProbe: { httpGet: { port: 80 } } }],
    });
    // THEN
    expect(errorOf(() => injectObject(input))).toBe(
      "Deployment default/hello: annotation 'status.sidecar.istio.io/port' is '0' (no istio-agent health endpoint) but application probes "
      + "would be rewritten to it: set annotation 'sidecar.istio.io/rewriteAppHTTPProbers' to \"false\" or use a non-zero status port");
  });

  test('equal requests and limits are fine', () => {
    const t = template(injectObject(deployment({ annotations: { 'sidecar.istio.io/proxyCPU': '1', 'sidecar.istio.io/proxyCPULimit': '1000m' } })));
    expect(proxyOf(t).resources).toEqual({ requests: { cpu: '1' }, limits: { cpu: '1' } });
  });
});

/* ------------------------------------------------------------------ */
/* quantities                                                          */
/* ------------------------------------------------------------------ */

describe('Kubernetes quantities', () => {
  test.each([
    ['2000m', '2'], ['100m', '100m'], ['1.5', '1500m'], ['0.5', '500m'], [2, '2'], ['1000', '1k'], ['1500', '1500'],
    ['1024Mi', '1Gi'], ['128Mi', '128Mi'], ['1536Mi', '1536Mi'], ['1.5Gi', '1536Mi'], ['512Ki', '512Ki'], ['0.5Ki', '512'],
    ['1e3', '1e3'], ['1E6', '1e6'], ['12e2', '1200'], ['0', '0'], ['1n', '1n'], ['1.0000000001', '1000000001n'], ['5M', '5M'],
  ])('%p is written as %p', (input, expected) => {
    expect(canonicalQuantity(input)).toBe(expected);
  });

  test.each(['lots', '1GB', '12 Mi', '', '1.2.3', '1e', '1.5e', 'Pi', '.Ei', 'e-10', '1e10001'])('%p is not a quantity', (input) => {
    expect(canonicalQuantity(input)).toBeUndefined();
  });

  test.each([
    // Kubernetes reads a sign, a dot or a suffix without digits as 0
    ['+', '0'], ['-', '0'], ['.', '0'], ['Mi', '0'], ['+.m', '0'], ['e-9', '0'], ['Ti', '0'],
    // 'E' alone is exa; exponents are not limited to 400
    ['1E', '1E'], ['1e400', '10e399'], ['1e-400', '1e-9'],
    // binary quantities are capped at the largest int64
    ['123456789Ti', '9223372036854775807'], ['9223372036854775808Ki', '9223372036854775807'], ['-9Ei', '-9223372036854775807'],
  ])('%p is written as %p, as Kubernetes writes it', (input, expected) => {
    expect(canonicalQuantity(input)).toBe(expected);
  });
});
