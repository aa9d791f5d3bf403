import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as YAML from 'yaml';
import { ControlPlane, ControlPlaneProps, DataPlane, InjectionTemplates, IstioRelease, Mesh, MeshProps } from '../src';
import { exactly, findAll, findObject, synthErrors, synthValid } from './util/validate';
import { canonicalQuantity } from '../src/private/inject';

type Omitted = Omit<ControlPlaneProps, 'mesh'>;

/** A mesh whose pods are injected at synthesis, so the template-less default control plane is valid. */
function setup(cp: Omitted = {}, meshProps: MeshProps = { dataPlane: DataPlane.synthTime() }, chartNamespace?: string) {
  const chart = new Chart(Testing.app(), 'test', { namespace: chartNamespace });
  const mesh = new Mesh(chart, 'mesh', meshProps);
  const controlPlane = new ControlPlane(chart, 'cp', { mesh, ...cp });
  return { chart, mesh, controlPlane };
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'control-plane-test-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Writes a file for InjectionTemplates.fromFile (made-up templates: this library ships none of Istio's). */
function templatesFile(name: string, content: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
}

const TEMPLATES_CONFIG = [
  'defaultTemplates: [sidecar]',
  'policy: disabled',
  'templates:',
  '  sidecar: |',
  '    spec:',
  '      containers:',
  '      - name: istio-proxy',
  '  gateway: |',
  '    metadata: {}',
  '',
].join('\n');

const web = { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'example/web:1' }] };

const LABELS_1_30_3 = {
  'app.kubernetes.io/instance': 'istio',
  'app.kubernetes.io/managed-by': 'cdk8s-mesh',
  'app.kubernetes.io/name': 'istiod',
  'app.kubernetes.io/part-of': 'istio',
  'app.kubernetes.io/version': '1.30.3',
  'helm.sh/chart': 'istiod-1.30.3',
};
const PILOT_LABELS = { 'install.operator.istio.io/owning-resource': 'unknown', 'istio.io/rev': 'default', 'operator.istio.io/component': 'Pilot' };

describe('the default install', () => {
  test('emits every object of Istio\'s istiod install, plus the reader service account of its base chart', async () => {
    // GIVEN / WHEN
    const { chart, controlPlane } = setup();
    // THEN
    const objects = await synthValid(chart);
    const ours = objects.filter(o => !['Namespace', 'PeerAuthentication'].includes(o.kind)).map(o => `${o.kind}/${o.metadata.name}`);
    expect(ours.sort()).toEqual([
      'ClusterRole/istio-reader-clusterrole-istio-system',
      'ClusterRole/istiod-clusterrole-istio-system',
      'ClusterRole/istiod-gateway-controller-istio-system',
      'ClusterRoleBinding/istio-reader-clusterrole-istio-system',
      'ClusterRoleBinding/istiod-clusterrole-istio-system',
      'ClusterRoleBinding/istiod-gateway-controller-istio-system',
      'ConfigMap/istio',
      'ConfigMap/istio-sidecar-injector',
      'ConfigMap/values',
      'Deployment/istiod',
      'HorizontalPodAutoscaler/istiod',
      'MutatingWebhookConfiguration/istio-sidecar-injector',
      'Role/istiod',
      'RoleBinding/istiod',
      'Service/istiod',
      'ServiceAccount/istio-reader-service-account',
      'ServiceAccount/istiod',
      'ValidatingWebhookConfiguration/istio-validator-istio-system',
    ]);
    expect(objects.filter(o => o.metadata.namespace !== undefined).every(o => o.metadata.namespace === 'istio-system' || o.kind === 'PeerAuthentication')).toBe(true);
    expect([controlPlane.name, controlPlane.namespace, controlPlane.revision, controlPlane.discoveryAddress])
      .toEqual(['istiod', 'istio-system', 'default', 'istiod.istio-system.svc:15012']);
    expect(controlPlane.injectionTemplates.source).toBeUndefined();
  });

  test('service accounts carry Istio\'s labels, managed by this library with the real Istio version', async () => {
    const { chart } = setup();
    const objects = await synthValid(chart);
    expect(findObject(objects, 'ServiceAccount', 'istiod', 'istio-system').metadata.labels).toEqual({ app: 'istiod', ...LABELS_1_30_3, release: 'istio' });
    expect(findObject(objects, 'ServiceAccount', 'istio-reader-service-account', 'istio-system').metadata.labels).toEqual({
      ...LABELS_1_30_3, 'app': 'istio-reader', 'app.kubernetes.io/name': 'istio-reader', 'helm.sh/chart': 'base-1.30.3', 'release': 'istio',
    });
  });

  test('cluster roles grant exactly Istio\'s rules, bound to istiod and the reader account', async () => {
    const { chart } = setup();
    const objects = await synthValid(chart);
    const rules = (name: string) => findObject(objects, 'ClusterRole', name).rules;
    const read = ['get', 'list', 'watch'];
    const gwl = ['get', 'watch', 'list'];
    const all = ['get', 'watch', 'list', 'update', 'patch', 'create', 'delete'];
    const istioGroups = ['config.istio.io', 'security.istio.io', 'networking.istio.io', 'authentication.istio.io', 'rbac.istio.io', 'telemetry.istio.io', 'extensions.istio.io'];
    expect(rules('istio-reader-clusterrole-istio-system')).toEqual([
      { apiGroups: istioGroups, resources: ['*'], verbs: read },
      { apiGroups: [''], resources: ['endpoints', 'pods', 'services', 'nodes', 'replicationcontrollers', 'namespaces', 'secrets', 'configmaps'], verbs: read },
      { apiGroups: ['networking.istio.io'], resources: ['workloadentries'], verbs: gwl },
      { apiGroups: ['networking.x-k8s.io', 'gateway.networking.k8s.io'], resources: ['gateways'], verbs: gwl },
      { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: read },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: read },
      { apiGroups: ['multicluster.x-k8s.io'], resources: ['serviceexports'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
      { apiGroups: ['multicluster.x-k8s.io'], resources: ['serviceimports'], verbs: read },
      { apiGroups: ['apps'], resources: ['replicasets'], verbs: read },
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
      { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
    ]);
    expect(rules('istiod-clusterrole-istio-system')).toEqual([
      { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
      { apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations'], verbs: ['get', 'list', 'watch', 'update'] },
      { apiGroups: istioGroups, resources: ['*'], verbs: gwl },
      { apiGroups: ['networking.istio.io'], resources: ['workloadentries'], verbs: all },
      { apiGroups: ['networking.istio.io'], resources: ['workloadentries/status', 'serviceentries/status'], verbs: all },
      { apiGroups: ['security.istio.io'], resources: ['authorizationpolicies/status'], verbs: all },
      { apiGroups: [''], resources: ['services/status'], verbs: all },
      { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: read },
      { apiGroups: [''], resources: ['pods', 'nodes', 'services', 'namespaces', 'endpoints'], verbs: read },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: read },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingressclasses'], verbs: read },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses/status'], verbs: ['*'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'get', 'list', 'watch', 'update'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
      { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
      { apiGroups: ['gateway.networking.k8s.io', 'gateway.networking.x-k8s.io'], resources: ['*'], verbs: gwl },
      { apiGroups: ['gateway.networking.x-k8s.io'], resources: ['xbackendtrafficpolicies/status'], verbs: ['update', 'patch'] },
      {
        apiGroups: ['gateway.networking.k8s.io'],
        resources: ['backendtlspolicies/status', 'gatewayclasses/status', 'gateways/status', 'grpcroutes/status', 'httproutes/status',
          'referencegrants/status', 'tcproutes/status', 'tlsroutes/status', 'udproutes/status', 'listenersets/status'],
        verbs: ['update', 'patch'],
      },
      { apiGroups: ['gateway.networking.k8s.io'], resources: ['gatewayclasses'], verbs: ['create', 'update', 'patch', 'delete'] },
      { apiGroups: ['inference.networking.k8s.io'], resources: ['inferencepools'], verbs: gwl },
      { apiGroups: ['inference.networking.k8s.io'], resources: ['inferencepools/status'], verbs: ['update', 'patch'] },
      { apiGroups: [''], resources: ['secrets'], verbs: gwl },
      { apiGroups: ['multicluster.x-k8s.io'], resources: ['serviceexports'], verbs: ['get', 'watch', 'list', 'create', 'delete'] },
      { apiGroups: ['multicluster.x-k8s.io'], resources: ['serviceimports'], verbs: gwl },
    ]);
    expect(rules('istiod-gateway-controller-istio-system')).toEqual(
      [['apps', 'deployments'], ['autoscaling', 'horizontalpodautoscalers'], ['policy', 'poddisruptionbudgets'], ['', 'services'], ['', 'serviceaccounts']]
        .map(([group, resource]) => ({ apiGroups: [group], resources: [resource], verbs: all })),
    );
    const binding = (name: string) => findObject(objects, 'ClusterRoleBinding', name);
    expect(binding('istio-reader-clusterrole-istio-system')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'istio-reader-clusterrole-istio-system' },
      subjects: [{ kind: 'ServiceAccount', name: 'istio-reader-service-account', namespace: 'istio-system' }],
    });
    for (const name of ['istiod-clusterrole-istio-system', 'istiod-gateway-controller-istio-system']) {
      expect(binding(name).roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name });
      expect(binding(name).subjects).toEqual([{ kind: 'ServiceAccount', name: 'istiod', namespace: 'istio-system' }]);
    }
    expect(findObject(objects, 'ClusterRole', 'istio-reader-clusterrole-istio-system').metadata.labels)
      .toEqual({ ...LABELS_1_30_3, 'app': 'istio-reader', 'app.kubernetes.io/name': 'istio-reader', 'release': 'istio' });
  });

  test('the namespaced role grants Istio\'s rules in istiod\'s namespace only', async () => {
    const { chart } = setup();
    const objects = await synthValid(chart);
    expect(findObject(objects, 'Role', 'istiod', 'istio-system').rules).toEqual([
      { apiGroups: ['networking.istio.io'], resources: ['gateways'], verbs: ['create'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['create', 'get', 'watch', 'list', 'update', 'delete'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['delete'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update', 'patch', 'create'] },
    ]);
    expect(findObject(objects, 'RoleBinding', 'istiod', 'istio-system')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'istiod' },
      subjects: [{ kind: 'ServiceAccount', name: 'istiod', namespace: 'istio-system' }],
    });
  });

  test('the validation webhook checks Istio config of the revision and fails open', async () => {
    const { chart } = setup();
    const vwc = findObject(await synthValid(chart), 'ValidatingWebhookConfiguration', 'istio-validator-istio-system');
    expect(vwc.metadata.labels).toEqual({ 'app': 'istiod', ...LABELS_1_30_3, 'istio': 'istiod', 'istio.io/rev': 'default', 'release': 'istio' });
    expect(vwc.webhooks).toEqual([{
      admissionReviewVersions: ['v1'],
      clientConfig: { service: { name: 'istiod', namespace: 'istio-system', path: '/validate' } },
      failurePolicy: 'Ignore',
      name: 'rev.validation.istio.io',
      objectSelector: { matchExpressions: [{ key: 'istio.io/rev', operator: 'In', values: ['default'] }] },
      rules: [{
        apiGroups: ['security.istio.io', 'networking.istio.io', 'telemetry.istio.io', 'extensions.istio.io'],
        apiVersions: ['*'],
        operations: ['CREATE', 'UPDATE'],
        resources: ['*'],
      }],
      sideEffects: 'None',
    }]);
  });

  test('the injection webhook has Istio\'s four webhooks: by revision label and by istio-injection, on namespaces and pods', async () => {
    const { chart } = setup();
    const mwc = findObject(await synthValid(chart), 'MutatingWebhookConfiguration', 'istio-sidecar-injector');
    expect(mwc.metadata.labels).toEqual({ ...LABELS_1_30_3, app: 'sidecar-injector', ...PILOT_LABELS, release: 'istio' });
    const notDisabled = { key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] };
    expect(mwc.webhooks.map((w: any) => [w.name, w.namespaceSelector, w.objectSelector])).toEqual([
      ['rev.namespace.sidecar-injector.istio.io',
        { matchExpressions: [{ key: 'istio.io/rev', operator: 'In', values: ['default'] }, { key: 'istio-injection', operator: 'DoesNotExist' }] },
        { matchExpressions: [notDisabled] }],
      ['rev.object.sidecar-injector.istio.io',
        { matchExpressions: [{ key: 'istio.io/rev', operator: 'DoesNotExist' }, { key: 'istio-injection', operator: 'DoesNotExist' }] },
        { matchExpressions: [notDisabled, { key: 'istio.io/rev', operator: 'In', values: ['default'] }] }],
      ['namespace.sidecar-injector.istio.io',
        { matchExpressions: [{ key: 'istio-injection', operator: 'In', values: ['enabled'] }] },
        { matchExpressions: [notDisabled] }],
      ['object.sidecar-injector.istio.io',
        { matchExpressions: [{ key: 'istio-injection', operator: 'DoesNotExist' }, { key: 'istio.io/rev', operator: 'DoesNotExist' }] },
        { matchExpressions: [{ key: 'sidecar.istio.io/inject', operator: 'In', values: ['true'] }, { key: 'istio.io/rev', operator: 'DoesNotExist' }] }],
    ]);
    for (const w of mwc.webhooks) {
      expect(w).toMatchObject({
        admissionReviewVersions: ['v1'],
        clientConfig: { service: { name: 'istiod', namespace: 'istio-system', path: '/inject', port: 443 } },
        failurePolicy: 'Fail',
        reinvocationPolicy: 'Never',
        rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }],
        sideEffects: 'None',
      });
    }
  });

  test('the mesh config names the root namespace, trust domain and istiod address', async () => {
    const { chart } = setup({}, { dataPlane: DataPlane.synthTime(), rootNamespace: 'istio-system', trustDomain: 'example.org' });
    const cm = findObject(await synthValid(chart), 'ConfigMap', 'istio', 'istio-system');
    expect(cm.metadata.labels).toEqual({ ...LABELS_1_30_3, ...PILOT_LABELS, release: 'istio' });
    expect(cm.data).toEqual({
      mesh: [
        'defaultConfig:',
        '  discoveryAddress: istiod.istio-system.svc:15012',
        'defaultProviders:',
        '  metrics:',
        '  - prometheus',
        'enablePrometheusMerge: true',
        'rootNamespace: istio-system',
        'trustDomain: example.org',
      ].join('\n'),
      meshNetworks: 'networks: {}',
    });
  });

  test('the injector config has no templates by default, and values from the synth-time injection settings', async () => {
    const { chart } = setup({}, { dataPlane: DataPlane.synthTime(), clusterDomain: 'corp.local', istio: IstioRelease.of({ hub: 'registry.example.com/istio', tag: '1.30.3-distroless' }) });
    const cm = findObject(await synthValid(chart), 'ConfigMap', 'istio-sidecar-injector', 'istio-system');
    expect(YAML.parse(cm.data.config)).toEqual({
      alwaysInjectSelector: [],
      defaultTemplates: ['sidecar'],
      injectedAnnotations: null,
      neverInjectSelector: [],
      policy: 'enabled',
      template: '{{ Template_Version_And_Istio_Version_Mismatched_Check_Installation }}',
      templates: {},
    });
    const values = JSON.parse(cm.data.values);
    expect(Object.keys(values)).toEqual(['gateways', 'global', 'pilot', 'revision', 'sidecarInjectorWebhook']);
    expect(values.revision).toBe('');
    expect(values.global).toMatchObject({
      hub: 'registry.example.com/istio',
      tag: '1.30.3-distroless',
      istioNamespace: 'istio-system',
      logging: { level: 'default:info' },
      meshID: '',
      multiCluster: { clusterName: '' },
      network: '',
      imagePullPolicy: '',
    });
    expect(values.global.proxy).toMatchObject({
      clusterDomain: 'corp.local',
      componentLogLevel: 'misc:error',
      excludeIPRanges: '',
      excludeInboundPorts: '',
      excludeOutboundPorts: '',
      image: 'proxyv2',
      includeIPRanges: '*',
      includeInboundPorts: '*',
      includeOutboundPorts: '',
      logLevel: 'warning',
      readinessFailureThreshold: 4,
      readinessInitialDelaySeconds: 0,
      readinessPeriodSeconds: 15,
      resources: { limits: { cpu: '2000m', memory: '1024Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
      startupProbe: { enabled: true, failureThreshold: 600 },
      statusPort: 15020,
    });
    expect(values.sidecarInjectorWebhook).toMatchObject({ rewriteAppHTTPProbe: true, templates: {}, reinvocationPolicy: 'Never' });
    // Go's json.MarshalIndent layout: sorted keys, two spaces
    expect(cm.data.values.split('\n').slice(0, 3)).toEqual(['{', '  "gateways": {', '    "seccompProfile": {},']);
  });

  test("the injector values say whether the cluster runs Istio's CNI node agent, as the release states", async () => {
    for (const cni of [false, true]) {
      // GIVEN / WHEN
      const { chart } = setup({}, { dataPlane: DataPlane.synthTime(), istio: IstioRelease.of({ cni }) });
      const objects = await synthValid(chart);
      // THEN the webhook renders istio-validation rather than istio-init exactly when the release says so
      expect(JSON.parse(findObject(objects, 'ConfigMap', 'istio-sidecar-injector', 'istio-system').data.values).pilot.cni.enabled).toBe(cni);
      expect(JSON.parse(findObject(objects, 'ConfigMap', 'values', 'istio-system').data['merged-values']).pilot.cni.enabled).toBe(cni);
    }
  });

  test('the debug values record the chart values of the install and what was given', async () => {
    const { chart } = setup({ replicas: 2 });
    const cm = findObject(await synthValid(chart), 'ConfigMap', 'values', 'istio-system');
    expect(cm.metadata.annotations['kubernetes.io/description']).toContain('modifying these values has no effect');
    const merged = JSON.parse(cm.data['merged-values']);
    expect(merged).toMatchObject({
      autoscaleEnabled: false,
      replicaCount: 2,
      resources: { requests: { cpu: '500m', memory: '2048Mi' } },
      meshConfig: { enablePrometheusMerge: true, rootNamespace: 'istio-system' },
      global: { hub: 'docker.io/istio', tag: '1.30.3', istioNamespace: 'istio-system' },
      traceSampling: 1,
    });
    expect(JSON.parse(cm.data['original-values'])).toEqual({
      autoscaleEnabled: false,
      global: { hub: 'docker.io/istio', istioNamespace: 'istio-system', tag: '1.30.3' },
      meshConfig: { rootNamespace: 'istio-system' },
      replicaCount: 2,
    });
  });

  test('the istiod deployment runs Istio\'s pilot image with Istio\'s args, env, ports, probe, volumes and security context', async () => {
    const { chart } = setup({}, { dataPlane: DataPlane.synthTime(), istio: IstioRelease.of({ hub: 'registry.istio.io/release', tag: '1.1.4' }) });
    const deployment = findObject(await synthValid(chart), 'Deployment', 'istiod', 'istio-system');
    expect(deployment.metadata.labels).toEqual({ app: 'istiod', ...LABELS_1_30_3, ...PILOT_LABELS, istio: 'pilot', release: 'istio' });
    expect(deployment.spec.replicas).toBeUndefined();
    expect(deployment.spec.selector).toEqual({ matchLabels: { istio: 'pilot' } });
    expect(deployment.spec.strategy).toEqual({ rollingUpdate: { maxSurge: '100%', maxUnavailable: '25%' } });
    const pod = deployment.spec.template;
    expect(pod.metadata.annotations).toEqual({ 'prometheus.io/port': '15014', 'prometheus.io/scrape': 'true', 'sidecar.istio.io/inject': 'false' });
    expect(pod.metadata.labels).toEqual({
      'app': 'istiod', ...LABELS_1_30_3, ...PILOT_LABELS, 'istio': 'pilot', 'istio.io/dataplane-mode': 'none', 'sidecar.istio.io/inject': 'false',
    });
    expect(pod.spec.serviceAccountName).toBe('istiod');
    expect(pod.spec.tolerations).toEqual([{ key: 'cni.istio.io/not-ready', operator: 'Exists' }]);
    expect(pod.spec.containers).toHaveLength(1);
    const c = pod.spec.containers[0];
    expect(c.name).toBe('discovery');
    expect(c.image).toBe('registry.istio.io/release/pilot:1.1.4');
    expect(c.args).toEqual(['discovery', '--monitoringAddr=:15014', '--log_output_level=default:info', '--domain', 'cluster.local', '--keepaliveMaxServerConnectionAge', '30m']);
    const fieldRef = (fieldPath: string) => ({ fieldRef: { apiVersion: 'v1', fieldPath } });
    expect(c.env).toEqual([
      { name: 'REVISION', value: 'default' },
      { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
      { name: 'POD_NAME', valueFrom: fieldRef('metadata.name') },
      { name: 'POD_NAMESPACE', valueFrom: fieldRef('metadata.namespace') },
      { name: 'SERVICE_ACCOUNT', valueFrom: fieldRef('spec.serviceAccountName') },
      { name: 'KUBECONFIG', value: '/var/run/secrets/remote/config' },
      { name: 'CA_TRUSTED_NODE_ACCOUNTS', value: 'istio-system/ztunnel' },
      { name: 'PILOT_TRACE_SAMPLING', value: '1' },
      { name: 'PILOT_ENABLE_ANALYSIS', value: 'false' },
      { name: 'CLUSTER_ID', value: 'Kubernetes' },
      { name: 'GOMAXPROCS', valueFrom: { resourceFieldRef: { divisor: '1', resource: 'limits.cpu' } } },
      { name: 'PLATFORM', value: '' },
    ]);
    expect(c.ports).toEqual([
      { containerPort: 8080, name: 'http-debug', protocol: 'TCP' },
      { containerPort: 15010, name: 'grpc-xds', protocol: 'TCP' },
      { containerPort: 15012, name: 'tls-xds', protocol: 'TCP' },
      { containerPort: 15017, name: 'https-webhooks', protocol: 'TCP' },
      { containerPort: 15014, name: 'http-monitoring', protocol: 'TCP' },
    ]);
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 8080 }, initialDelaySeconds: 1, periodSeconds: 3, timeoutSeconds: 5 });
    expect(c.livenessProbe).toBeUndefined();
    expect(c.resources).toEqual({ requests: { cpu: '500m', memory: '2048Mi' } });
    expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true });
    expect(c.volumeMounts.map((m: any) => [m.name, m.mountPath, m.readOnly])).toEqual([
      ['istio-token', '/var/run/secrets/tokens', true],
      ['local-certs', '/var/run/secrets/istio-dns', undefined],
      ['cacerts', '/etc/cacerts', true],
      ['istio-kubeconfig', '/var/run/secrets/remote', true],
      ['istio-csr-dns-cert', '/var/run/secrets/istiod/tls', true],
      ['istio-csr-ca-configmap', '/var/run/secrets/istiod/ca', true],
    ]);
    expect(pod.spec.volumes).toEqual([
      { emptyDir: { medium: 'Memory' }, name: 'local-certs' },
      { name: 'istio-token', projected: { sources: [{ serviceAccountToken: { audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token' } }] } },
      { name: 'cacerts', secret: { optional: true, secretName: 'cacerts' } },
      { name: 'istio-kubeconfig', secret: { optional: true, secretName: 'istio-kubeconfig' } },
      { name: 'istio-csr-dns-cert', secret: { optional: true, secretName: 'istiod-tls' } },
      { configMap: { defaultMode: 420, name: 'istio-ca-root-cert', optional: true }, name: 'istio-csr-ca-configmap' },
    ]);
    expect(pod.spec.securityContext).toBeUndefined();
  });

  test('istiod autoscales from 1 to 5 replicas at 80% CPU, without a disruption budget', async () => {
    const { chart, controlPlane } = setup();
    const objects = await synthValid(chart);
    const hpa = findObject(objects, 'HorizontalPodAutoscaler', 'istiod', 'istio-system');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.metadata.labels).toEqual({ app: 'istiod', ...LABELS_1_30_3, ...PILOT_LABELS, release: 'istio' });
    expect(hpa.spec).toEqual({
      maxReplicas: 5,
      metrics: [{ resource: { name: 'cpu', target: { averageUtilization: 80, type: 'Utilization' } }, type: 'Resource' }],
      minReplicas: 1,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'istiod' },
    });
    expect(findAll(objects, 'PodDisruptionBudget')).toEqual([]);
    expect(controlPlane.podDisruptionBudget).toBeUndefined();
    expect(controlPlane.horizontalPodAutoscaler).toBeDefined();
  });

  test('the istiod service exposes xDS, the webhooks on 443 and monitoring', async () => {
    const { chart } = setup();
    const service = findObject(await synthValid(chart), 'Service', 'istiod', 'istio-system');
    expect(service.metadata.labels).toEqual({ app: 'istiod', ...LABELS_1_30_3, ...PILOT_LABELS, istio: 'pilot', release: 'istio' });
    expect(service.spec).toEqual({
      ports: [
        { name: 'grpc-xds', port: 15010, protocol: 'TCP' },
        { name: 'https-dns', port: 15012, protocol: 'TCP' },
        { name: 'https-webhook', port: 443, protocol: 'TCP', targetPort: 15017 },
        { name: 'http-monitoring', port: 15014, protocol: 'TCP' },
      ],
      selector: { app: 'istiod', istio: 'pilot' },
    });
  });

  test('a chart namespace does not end up on cluster-scoped objects', async () => {
    const { chart } = setup({}, { dataPlane: DataPlane.synthTime() }, 'apps');
    const objects = await synthValid(chart);
    for (const kind of ['ClusterRole', 'ClusterRoleBinding', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']) {
      expect(findAll(objects, kind).map(o => o.metadata.namespace)).not.toContain('apps');
      expect(findAll(objects, kind).length).toBeGreaterThan(0);
    }
    expect(findObject(objects, 'Deployment', 'istiod', 'istio-system')).toBeDefined();
  });
});

describe('revisions', () => {
  test('a revision names istiod, its config and its webhooks after it, and selects its own pods', async () => {
    // GIVEN / WHEN
    const { chart, controlPlane } = setup({}, { dataPlane: DataPlane.synthTime(), istio: IstioRelease.of({ revision: 'canary' }) });
    // THEN
    const objects = await synthValid(chart);
    expect([controlPlane.name, controlPlane.revision, controlPlane.discoveryAddress]).toEqual(['istiod-canary', 'canary', 'istiod-canary.istio-system.svc:15012']);
    const names = objects.filter(o => !['Namespace', 'PeerAuthentication'].includes(o.kind)).map(o => `${o.kind}/${o.metadata.name}`).sort();
    expect(names).toEqual([
      'ClusterRole/istio-reader-clusterrole-canary-istio-system',
      'ClusterRole/istiod-clusterrole-canary-istio-system',
      'ClusterRole/istiod-gateway-controller-canary-istio-system',
      'ClusterRoleBinding/istio-reader-clusterrole-canary-istio-system',
      'ClusterRoleBinding/istiod-clusterrole-canary-istio-system',
      'ClusterRoleBinding/istiod-gateway-controller-canary-istio-system',
      'ConfigMap/istio-canary',
      'ConfigMap/istio-sidecar-injector-canary',
      'ConfigMap/values-canary',
      'Deployment/istiod-canary',
      'HorizontalPodAutoscaler/istiod-canary',
      'MutatingWebhookConfiguration/istio-sidecar-injector-canary',
      'Role/istiod-canary',
      'RoleBinding/istiod-canary',
      'Service/istiod-canary',
      'ServiceAccount/istio-reader-service-account',
      'ServiceAccount/istiod-canary',
      'ValidatingWebhookConfiguration/istio-validator-canary-istio-system',
    ]);
    const deployment = findObject(objects, 'Deployment', 'istiod-canary', 'istio-system');
    expect(deployment.spec.selector.matchLabels).toEqual({ 'app': 'istiod', 'istio.io/rev': 'canary' });
    expect(deployment.spec.template.metadata.labels).toMatchObject({ 'istio': 'istiod', 'istio.io/rev': 'canary' });
    expect(deployment.spec.template.spec.serviceAccountName).toBe('istiod-canary');
    expect(deployment.spec.template.spec.containers[0].env[0]).toEqual({ name: 'REVISION', value: 'canary' });
    expect(findObject(objects, 'Service', 'istiod-canary', 'istio-system').spec.selector).toEqual({ 'app': 'istiod', 'istio.io/rev': 'canary' });
    expect(YAML.parse(findObject(objects, 'ConfigMap', 'istio-canary', 'istio-system').data.mesh).defaultConfig)
      .toEqual({ discoveryAddress: 'istiod-canary.istio-system.svc:15012' });
    expect(JSON.parse(findObject(objects, 'ConfigMap', 'istio-sidecar-injector-canary', 'istio-system').data.values).revision).toBe('canary');
    expect(findObject(objects, 'RoleBinding', 'istiod-canary', 'istio-system').subjects).toEqual([{ kind: 'ServiceAccount', name: 'istiod-canary', namespace: 'istio-system' }]);
    expect(findObject(objects, 'ClusterRoleBinding', 'istio-reader-clusterrole-canary-istio-system').subjects)
      .toEqual([{ kind: 'ServiceAccount', name: 'istio-reader-service-account', namespace: 'istio-system' }]);
    const vwc = findObject(objects, 'ValidatingWebhookConfiguration', 'istio-validator-canary-istio-system');
    expect(vwc.webhooks[0].clientConfig.service.name).toBe('istiod-canary');
    expect(vwc.webhooks[0].objectSelector.matchExpressions).toEqual([{ key: 'istio.io/rev', operator: 'In', values: ['canary'] }]);
  });

  test('a revision gets only the two revision webhooks: istio-injection=enabled stays with the default revision', async () => {
    const { chart } = setup({}, { dataPlane: DataPlane.synthTime(), istio: IstioRelease.of({ revision: 'canary' }) });
    const mwc = findObject(await synthValid(chart), 'MutatingWebhookConfiguration', 'istio-sidecar-injector-canary');
    expect(mwc.metadata.labels['istio.io/rev']).toBe('canary');
    const summary = (w: any) => [w.name, w.clientConfig.service.name, w.namespaceSelector.matchExpressions[0], w.objectSelector.matchExpressions];
    expect(mwc.webhooks.map(summary)).toEqual([
      ['rev.namespace.sidecar-injector.istio.io', 'istiod-canary', { key: 'istio.io/rev', operator: 'In', values: ['canary'] },
        [{ key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] }]],
      ['rev.object.sidecar-injector.istio.io', 'istiod-canary', { key: 'istio.io/rev', operator: 'DoesNotExist' },
        [{ key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] }, { key: 'istio.io/rev', operator: 'In', values: ['canary'] }]],
    ]);
  });

  test('outside istio-system the injection webhook name carries the namespace, as Istio names it', async () => {
    const plain = setup({}, { dataPlane: DataPlane.synthTime(), rootNamespace: 'mesh-system' });
    const revised = setup({}, { dataPlane: DataPlane.synthTime(), rootNamespace: 'mesh-system', istio: IstioRelease.of({ revision: 'v2' }) });
    expect(findAll(await synthValid(plain.chart), 'MutatingWebhookConfiguration').map(o => o.metadata.name)).toEqual(['istio-sidecar-injector-mesh-system']);
    expect(findAll(await synthValid(revised.chart), 'MutatingWebhookConfiguration').map(o => o.metadata.name)).toEqual(['istio-sidecar-injector-v2-mesh-system']);
  });

  test('a canary control plane runs next to the mesh\'s, sharing the reader account of the namespace', async () => {
    // GIVEN
    const { chart, mesh, controlPlane } = setup();
    // WHEN
    const canary = new ControlPlane(chart, 'canary', { mesh, istio: IstioRelease.of({ version: '1.31.0', revision: '1-31-0' }) });
    // THEN
    const objects = await synthValid(chart);
    expect(findAll(objects, 'ServiceAccount').map(o => o.metadata.name).sort()).toEqual(['istio-reader-service-account', 'istiod', 'istiod-1-31-0']);
    expect(findObject(objects, 'Deployment', 'istiod-1-31-0', 'istio-system').spec.template.spec.containers[0].image).toBe('docker.io/istio/pilot:1.31.0');
    expect(ControlPlane.of(mesh)).toBe(controlPlane);
    expect(ControlPlane.of(mesh, 'default')).toBe(controlPlane);
    expect(ControlPlane.of(mesh, '1-31-0')).toBe(canary);
    expect(ControlPlane.of(mesh, 'other')).toBeUndefined();
    expect(ControlPlane.allOf(mesh)).toEqual([controlPlane, canary]);
  });

  test('a mesh without a control plane has none', () => {
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh');
    expect(ControlPlane.of(mesh)).toBeUndefined();
    expect(ControlPlane.allOf(mesh)).toEqual([]);
  });

  test('two control planes of one revision fail', () => {
    const { chart, mesh } = setup();
    expect(() => new ControlPlane(chart, 'again', { mesh })).toThrow(
      "[test/again] the mesh already has a control plane of revision 'default' (test/cp): give this one another revision with 'istio: IstioRelease.of({ revision: ... })'");
  });

  test('a release other than the mesh\'s needs a revision of its own', () => {
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh', { dataPlane: DataPlane.synthTime() });
    expect(() => new ControlPlane(chart, 'cp', { mesh, istio: IstioRelease.of({ version: '1.29.1' }) })).toThrow(
      "[test/cp] 'istio' docker.io/istio/pilot:1.29.1 (Istio 1.29.1) differs from the mesh's release docker.io/istio/pilot:1.30.3 (Istio 1.30.3) "
      + "but has the same revision 'default': leave 'istio' out to install the mesh's release, or give it a revision of its own for a canary control plane");
    expect(() => new ControlPlane(chart, 'same', { mesh, istio: IstioRelease.default() })).not.toThrow();
  });

  test('a revision too long for istiod\'s Service name fails', () => {
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh', { dataPlane: DataPlane.synthTime() });
    const ok = 'r'.repeat(56);
    const long = 'r'.repeat(57);
    expect(() => new ControlPlane(chart, 'ok', { mesh, istio: IstioRelease.of({ revision: ok }) })).not.toThrow();
    expect(() => new ControlPlane(chart, 'long', { mesh, istio: IstioRelease.of({ revision: long }) })).toThrow(
      `[test/long] 'istio' revision '${long}' is too long: istiod's Service 'istiod-${long}' must have at most 63 characters`);
  });
});

describe('namespace', () => {
  test('istiod in a namespace other than the root namespace gets a Namespace object and names everything after it', async () => {
    // GIVEN / WHEN
    const { chart, controlPlane } = setup({ namespace: 'istio-system' }, { dataPlane: DataPlane.none(), rootNamespace: 'istio-control' });
    // THEN
    const objects = await synthValid(chart);
    expect(findObject(objects, 'Namespace', 'istio-system').metadata.labels).toBeUndefined();
    expect(controlPlane.discoveryAddress).toBe('istiod.istio-system.svc:15012');
    expect(findObject(objects, 'ClusterRole', 'istiod-clusterrole-istio-system')).toBeDefined();
    const mesh = YAML.parse(findObject(objects, 'ConfigMap', 'istio', 'istio-system').data.mesh);
    expect([mesh.rootNamespace, mesh.defaultConfig.discoveryAddress]).toEqual(['istio-control', 'istiod.istio-system.svc:15012']);
    expect(JSON.parse(findObject(objects, 'ConfigMap', 'istio-sidecar-injector', 'istio-system').data.values).global.istioNamespace).toBe('istio-system');
  });

  test("istiod's namespaced objects wait for the Namespace object of their namespace, the mesh's root namespace or one of their own", () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh', { dataPlane: DataPlane.synthTime() });
    // WHEN
    const root = new ControlPlane(chart, 'root', { mesh });
    const own = new ControlPlane(chart, 'own', { mesh, namespace: 'istiod-canary', istio: IstioRelease.of({ revision: 'canary' }) });
    // THEN
    const namespacesWaitedFor = (obj: ApiObject) => obj.node.dependencies
      .filter((d): d is ApiObject => d instanceof ApiObject && d.kind === 'Namespace').map(d => d.name).join(',');
    const namespaced = (cp: ControlPlane) =>
      [cp.serviceAccount, cp.meshConfigMap, cp.injectorConfigMap, cp.deployment, cp.service, cp.horizontalPodAutoscaler!].map(namespacesWaitedFor);
    expect(namespaced(root)).toEqual(Array(6).fill('istio-system'));
    expect(namespaced(own)).toEqual(Array(6).fill('istiod-canary'));
    expect([root.injectionWebhook, root.validationWebhook, own.injectionWebhook].map(namespacesWaitedFor)).toEqual(['', '', '']);
  });

  test('an invalid namespace fails', () => {
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh', { dataPlane: DataPlane.synthTime() });
    expect(() => new ControlPlane(chart, 'cp', { mesh, namespace: 'Istio' })).toThrow(
      "[test/cp] 'namespace' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'Istio'");
  });

  test('istiod in an application namespace fails', () => {
    const { chart, mesh } = setup({ namespace: 'shop' }, { dataPlane: DataPlane.none() });
    mesh.addNamespace('shop');
    expect(synthErrors(chart)).toContain("[test/cp] namespace 'shop' is an application namespace of the mesh: run istiod in the root namespace or a namespace of its own");
  });

  test('synth-time injection with istiod outside the root namespace fails: its proxies would look for istiod in the root namespace', () => {
    const { chart, mesh } = setup({ namespace: 'istiod-ns' }, { dataPlane: DataPlane.synthTime(), rootNamespace: 'istio-control' });
    mesh.addService('web', web);
    expect(synthErrors(chart)).toContain(
      "[test/cp] synth-time injection (namespace 'default') points proxies at istiod in the root namespace 'istio-control', "
      + "but this control plane runs in 'istiod-ns': leave 'namespace' out, or use the webhook data plane");
  });
});

describe('replicas, autoscaling and disruption budget', () => {
  test('fixed replicas replace the autoscaler; more than one gets Istio\'s disruption budget', async () => {
    const { chart, controlPlane } = setup({ replicas: 3 });
    const objects = await synthValid(chart);
    expect(findObject(objects, 'Deployment', 'istiod', 'istio-system').spec.replicas).toBe(3);
    expect(findAll(objects, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(controlPlane.horizontalPodAutoscaler).toBeUndefined();
    const pdb = findObject(objects, 'PodDisruptionBudget', 'istiod', 'istio-system');
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.metadata.labels).toEqual({ app: 'istiod', ...LABELS_1_30_3, ...PILOT_LABELS, istio: 'pilot', release: 'istio' });
    expect(pdb.spec).toEqual({ minAvailable: 1, selector: { matchLabels: { app: 'istiod', istio: 'pilot' } } });
  });

  test('one replica gets no disruption budget unless asked', async () => {
    const one = setup({ replicas: 1 });
    const asked = setup({ replicas: 1, disruptionBudget: true });
    expect(findAll(await synthValid(one.chart), 'PodDisruptionBudget')).toEqual([]);
    expect(findObject(await synthValid(asked.chart), 'PodDisruptionBudget', 'istiod', 'istio-system').spec.minAvailable).toBe(1);
  });

  test('autoscaling from more than one replica gets a disruption budget unless declined', async () => {
    const two = setup({ autoscaling: { minReplicas: 2, maxReplicas: 10, targetCpuUtilization: 60 } });
    const declined = setup({ autoscaling: { minReplicas: 2 }, disruptionBudget: false });
    const objects = await synthValid(two.chart);
    expect(findObject(objects, 'HorizontalPodAutoscaler', 'istiod', 'istio-system').spec).toMatchObject({
      minReplicas: 2, maxReplicas: 10, metrics: [{ resource: { target: { averageUtilization: 60 } } }],
    });
    expect(findObject(objects, 'PodDisruptionBudget', 'istiod', 'istio-system')).toBeDefined();
    expect(findAll(await synthValid(declined.chart), 'PodDisruptionBudget')).toEqual([]);
  });

  test('a revision\'s disruption budget selects its own pods', async () => {
    const { chart } = setup({ replicas: 2 }, { dataPlane: DataPlane.synthTime(), istio: IstioRelease.of({ revision: 'canary' }) });
    expect(findObject(await synthValid(chart), 'PodDisruptionBudget', 'istiod-canary', 'istio-system').spec.selector)
      .toEqual({ matchLabels: { 'app': 'istiod', 'istio.io/rev': 'canary' } });
  });

  test('replicas and autoscaling exclude each other', () => {
    expect(() => setup({ replicas: 2, autoscaling: {} })).toThrow("[test/cp] 'replicas' and 'autoscaling' exclude each other: give one");
  });

  test.each([
    [{ replicas: 0 }, "'replicas' must be an integer of at least 1, got 0"],
    [{ replicas: 1.5 }, "'replicas' must be an integer of at least 1, got 1.5"],
    [{ autoscaling: { minReplicas: 0 } }, "'autoscaling.minReplicas' must be an integer of at least 1, got 0"],
    [{ autoscaling: { maxReplicas: 0 } }, "'autoscaling.maxReplicas' must be an integer of at least 1, got 0"],
    [{ autoscaling: { minReplicas: 3, maxReplicas: 2 } }, "'autoscaling.maxReplicas' must be at least 'autoscaling.minReplicas' (3), got 2"],
    [{ autoscaling: { minReplicas: 6 } }, "'autoscaling.maxReplicas' must be at least 'autoscaling.minReplicas' (6), got 5"],
    [{ autoscaling: { targetCpuUtilization: 0 } }, "'autoscaling.targetCpuUtilization' must be an integer of at least 1, got 0"],
    [{ autoscaling: { targetCpuUtilization: 79.5 } }, "'autoscaling.targetCpuUtilization' must be an integer of at least 1, got 79.5"],
  ])('%j fails', (props, message) => {
    expect(() => setup(props as Omitted)).toThrow(`[test/cp] ${message}`);
  });

  test.each([
    [{ replicas: 1 }],
    [{ replicas: 100 }],
    [{ autoscaling: { minReplicas: 1, maxReplicas: 1 } }],
    [{ autoscaling: { minReplicas: 5 } }],
    [{ autoscaling: { targetCpuUtilization: 1 } }],
    [{ autoscaling: { targetCpuUtilization: 150 } }],
  ])('%j is accepted', async (props) => {
    const { chart } = setup(props as Omitted);
    await expect(synthValid(chart)).resolves.toBeDefined();
  });
});

describe('resources', () => {
  test('given resources replace Istio\'s requests', async () => {
    const { chart } = setup({
      resources: {
        cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(2) },
        memory: { request: Size.gibibytes(1), limit: Size.gibibytes(4) },
        ephemeralStorage: { limit: Size.gibibytes(1) },
      },
    });
    const c = findObject(await synthValid(chart), 'Deployment', 'istiod', 'istio-system').spec.template.spec.containers[0];
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '1024Mi' }, limits: { 'cpu': '2', 'memory': '4096Mi', 'ephemeral-storage': '1024Mi' } });
  });

  test('empty resources leave the container without requests', async () => {
    const { chart } = setup({ resources: {} });
    expect(findObject(await synthValid(chart), 'Deployment', 'istiod', 'istio-system').spec.template.spec.containers[0].resources).toBeUndefined();
  });

  test('requests above limits fail', () => {
    const resources = {
      cpu: { request: kplus.Cpu.units(2), limit: kplus.Cpu.millis(1500) },
      memory: { request: Size.gibibytes(2), limit: Size.gibibytes(1) },
    };
    expect(() => setup({ resources }))
      .toThrow([
        "[test/cp] 'resources.cpu.request' 2 must not exceed 'resources.cpu.limit' 1500m",
        "[test/cp] 'resources.memory.request' 2048Mi must not exceed 'resources.memory.limit' 1024Mi",
      ].join('\n'));
  });

  test('requests equal to limits are accepted', async () => {
    const resources = {
      cpu: { request: kplus.Cpu.units(1), limit: kplus.Cpu.millis(1000) },
      memory: { request: Size.gibibytes(1), limit: Size.mebibytes(1024) },
    };
    const { chart } = setup({ resources });
    await expect(synthValid(chart)).resolves.toBeDefined();
  });
});

describe('injection templates', () => {
  const noTemplates = (users: string) => `[test/cp] the webhook data plane (${users}) needs Istio's injection templates, but 'injectionTemplates' is InjectionTemplates.none(): `
    + "give 'injectionTemplates: InjectionTemplates.fromFile(...)' with the injector config of Istio 1.30.3 (the 'config' of its istio-sidecar-injector ConfigMap), "
    + 'or use DataPlane.synthTime()';

  test('the webhook data plane without templates fails, naming the namespaces', () => {
    // GIVEN
    const { chart, mesh } = setup({}, { namespaces: ['shop'] });
    // WHEN
    mesh.addService('web', web);
    // THEN
    expect(synthErrors(chart)).toContain(noTemplates("namespace 'default', namespace 'shop'"));
  });

  test('a webhook service in a synth-time namespace without templates fails, naming the service', () => {
    const { chart, mesh } = setup();
    mesh.addService('web', { ...web, namespace: 'shop', dataPlane: DataPlane.webhook() });
    mesh.addService('api', web);
    expect(synthErrors(chart)).toContain(noTemplates("service 'web.shop'"));
  });

  test('a canary control plane without templates is fine: the mesh\'s pods select the mesh\'s revision', async () => {
    const file = templatesFile('canary.yaml', TEMPLATES_CONFIG);
    const { chart, mesh } = setup({ injectionTemplates: InjectionTemplates.fromFile(file) }, {});
    new ControlPlane(chart, 'canary', { mesh, istio: IstioRelease.of({ revision: 'canary' }) });
    mesh.addService('web', web);
    await expect(synthValid(chart)).resolves.toBeDefined();
  });

  test('templates from a config file are used; the rest of the config stays this library\'s', async () => {
    // GIVEN
    const file = templatesFile('config.yaml', TEMPLATES_CONFIG);
    // WHEN
    const { chart, mesh, controlPlane } = setup({ injectionTemplates: InjectionTemplates.fromFile(file) }, {});
    mesh.addService('web', web);
    // THEN
    const config = YAML.parse(findObject(await synthValid(chart), 'ConfigMap', 'istio-sidecar-injector', 'istio-system').data.config);
    expect(config).toMatchObject({ defaultTemplates: ['sidecar'], policy: 'enabled' });
    expect(config.templates).toEqual({
      sidecar: 'spec:\n  containers:\n  - name: istio-proxy\n',
      gateway: 'metadata: {}\n',
    });
    expect(controlPlane.injectionTemplates.source).toBe(file);
  });

  test('templates from a manifest holding Istio\'s injector ConfigMap are used', async () => {
    const configMap = YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio-sidecar-injector' }, data: { config: TEMPLATES_CONFIG, values: '{}' } });
    const other = YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio' }, data: { mesh: 'x: 1' } });
    const file = templatesFile('manifest.yaml', `${other}---\n${configMap}`);
    const { chart } = setup({ injectionTemplates: InjectionTemplates.fromFile(file) }, {});
    const config = YAML.parse(findObject(await synthValid(chart), 'ConfigMap', 'istio-sidecar-injector', 'istio-system').data.config);
    expect(Object.keys(config.templates)).toEqual(['gateway', 'sidecar']);
  });

  test.each([
    ['no-sidecar.yaml', 'templates:\n  gateway: x\n', "'FILE' has no 'sidecar' template, the one injected pods get (templates: gateway)"],
    ['empty-templates.yaml', 'templates: {}\n', "'FILE' has no 'sidecar' template, the one injected pods get (templates: none)"],
    ['not-a-map.yaml', 'templates: [sidecar]\n', "'FILE': 'templates' must map template names to Go template text, got a list"],
    ['not-text.yaml', 'templates:\n  sidecar: {spec: {}}\n  gateway: ""\n',
      "'FILE': template 'sidecar' must be Go template text, got a mapping", "'FILE': template 'gateway' must be Go template text, got an empty string"],
    ['no-config.yaml', 'policy: enabled\n',
      "'FILE' holds no injector config: expected the 'config' of Istio's istio-sidecar-injector ConfigMap (a mapping with 'templates'), or that ConfigMap"],
    ['two-configs.yaml', 'templates: {sidecar: a}\n---\ntemplates: {sidecar: b}\n', "'FILE' holds 2 injector configs: keep one"],
    ['bad.yaml', 'templates: [unclosed\n', "'FILE' is not valid YAML: "],
    ['bad-config.yaml', 'kind: ConfigMap\nmetadata: {name: x}\ndata:\n  config: "a: [b"\n', "'FILE': the 'config' of ConfigMap 'x' is not valid YAML: "],
  ])('a templates file %s fails at synthesis', (name, content, ...messages) => {
    const file = templatesFile(name, content);
    const { chart } = setup({ injectionTemplates: InjectionTemplates.fromFile(file) });
    const errors = synthErrors(chart);
    for (const message of messages) {
      expect(errors).toContain(`[test/cp] ${message.replace(/FILE/g, file)}`);
    }
  });

  test('a missing templates file fails at synthesis, not before', () => {
    const file = path.join(tmp, 'missing.yaml');
    const { chart } = setup({ injectionTemplates: InjectionTemplates.fromFile(file) });
    expect(synthErrors(chart)).toContain(`[test/cp] cannot read injection templates from '${file}': ENOENT: no such file or directory`);
  });

  test('an empty templates path fails', () => {
    expect(() => InjectionTemplates.fromFile(' ')).toThrow("'path' must name a file, got ''");
  });
});

describe('webhook and synth-time injection agree', () => {
  test('synth-time injected proxies talk to this istiod, with the images and settings of the injector values', async () => {
    // GIVEN
    const { chart, mesh, controlPlane } = setup({}, { dataPlane: DataPlane.synthTime(), istio: IstioRelease.of({ revision: 'blue', hub: 'registry.example.com/istio' }) });
    // WHEN
    mesh.addService('web', web);
    // THEN
    const objects = await synthValid(chart);
    const pod = findObject(objects, 'Deployment', 'web-v1', 'default').spec.template.spec;
    const proxy = [...(pod.initContainers ?? []), ...pod.containers].find((c: any) => c.name === 'istio-proxy');
    const values = JSON.parse(findObject(objects, 'ConfigMap', 'istio-sidecar-injector-blue', 'istio-system').data.values);
    expect(proxy.image).toBe(`${values.global.hub}/${values.global.proxy.image}:${values.global.tag}`);
    expect(proxy.env.find((e: any) => e.name === 'CA_ADDR').value).toBe(controlPlane.discoveryAddress);
    expect(values.revision).toBe('blue');
    // Go's round trip writes quantities canonically (2000m as 2), for the webhook as for synth-time injection
    const canonical = (r: { [k: string]: string }) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, canonicalQuantity(v)]));
    const { limits, requests } = values.global.proxy.resources;
    expect(proxy.resources).toEqual({ limits: canonical(limits), requests: canonical(requests) });
  });

  test.each([
    [{ proxyConcurrency: 4 }, "'meshConfig.proxyConcurrency' (4) does not reach synth-time injected proxies (namespace 'default'): set it per service with 'proxy.concurrency', or use the webhook data plane"],
    [{ holdApplicationUntilProxyStarts: true },
      "'meshConfig.holdApplicationUntilProxyStarts' (true) does not reach synth-time injected proxies (namespace 'default'): set it per service with 'proxy.holdApplicationUntilProxyStarts', or use the webhook data plane"],
    [{ enablePrometheusMerge: false }, "'meshConfig.enablePrometheusMerge' (false) does not reach synth-time injected proxies (namespace 'default'): use the webhook data plane"],
  ])('mesh config %j that synth-time injection does not follow fails', (meshConfig, message) => {
    const { chart } = setup({ meshConfig });
    expect(synthErrors(chart)).toContain(`[test/cp] ${message}`);
  });

  test('mesh config that synth-time injection follows anyway is accepted', async () => {
    const { chart } = setup({ meshConfig: { enablePrometheusMerge: true, holdApplicationUntilProxyStarts: false } });
    await expect(synthValid(chart)).resolves.toBeDefined();
  });

  test('proxy defaults of the mesh config are fine for the webhook data plane', async () => {
    const file = templatesFile('agree.yaml', TEMPLATES_CONFIG);
    const meshConfig = { proxyConcurrency: 4, enablePrometheusMerge: false };
    const { chart } = setup({ injectionTemplates: InjectionTemplates.fromFile(file), meshConfig }, {});
    await expect(synthValid(chart)).resolves.toBeDefined();
  });
});

describe('control plane: what Kubernetes rejects', () => {
  test('ephemeral storage above its limit and negative CPU fail', () => {
    const resources = {
      cpu: { request: kplus.Cpu.millis(-500) },
      ephemeralStorage: { request: Size.mebibytes(1025), limit: Size.gibibytes(1) },
    };
    expect(() => setup({ resources })).toThrow(exactly([
      "[test/cp] 'resources.cpu.request' must not be negative, got -500m",
      "[test/cp] 'resources.ephemeralStorage.request' 1025Mi must not exceed 'resources.ephemeralStorage.limit' 1024Mi",
    ].join('\n')));
  });

  test('replicas are 32-bit', async () => {
    expect(() => setup({ replicas: 2 ** 31 })).toThrow(exactly(
      "[test/cp] 'replicas' must be at most 2147483647 (Kubernetes stores it as a 32-bit integer), got 2147483648"));
    const { chart } = setup({ replicas: 2 ** 31 - 1 });
    expect(findObject(await synthValid(chart), 'Deployment', 'istiod', 'istio-system').spec.replicas).toBe(2 ** 31 - 1);
  });
});

describe('control plane: untyped callers', () => {
  test.each([
    [{ replicas: '2' }, "'replicas' must be a number, got '2'"],
    [{ disruptionBudget: 'yes' }, "'disruptionBudget' must be a boolean, got 'yes'"],
    [{ meshConfig: { outboundTrafficPolicy: 'registry_only' } },
      "'meshConfig.outboundTrafficPolicy' must be one of ALLOW_ANY, REGISTRY_ONLY, got 'registry_only'"],
    [{ meshConfig: { connectTimeout: '10s' } }, "'meshConfig.connectTimeout' must be a Duration (e.g. Duration.seconds(5)), got '10s'"],
    [{ resources: { memory: { request: '1Gi' } } }, "'resources.memory.request' must be a Size (e.g. Size.mebibytes(128)), got '1Gi'"],
    [{ injectionTemplates: 'templates.yaml' },
      "'injectionTemplates' must be an InjectionTemplates (e.g. InjectionTemplates.fromFile(path)), got 'templates.yaml'"],
  ])('props %j fail before anything reads them', (props, message) => {
    expect(() => setup(props as any)).toThrow(exactly(`[test/cp] ${message}`));
  });

  test('InjectionTemplates.fromFile takes a path string', () => {
    expect(() => InjectionTemplates.fromFile(5 as any)).toThrow(exactly("'path' must be a string, got 5"));
  });
});
