/**
 * Istio's istiod install, object by object, as typed Kubernetes specs: names and labels of the
 * revision scheme, the admission webhooks and the istiod pod.
 */
import {
  Container, EnvVar, IntOrString, LabelSelectorRequirement, MutatingWebhook, PodSpec, Quantity, ResourceRequirements, ValidatingWebhook, Volume,
} from 'cdk8s-plus-27/lib/imports/k8s';

/** Names of one istiod install (one revision in one namespace). */
export interface InstallNames {
  /** The namespace istiod runs in. */
  readonly namespace: string;
  /** The revision as Istio names it (`default` when there is none). */
  readonly revision: string;
  /** `''` for the default revision, else `-<revision>`. */
  readonly suffix: string;
  /** `istiod` or `istiod-<revision>`: Deployment, Service, ServiceAccount, Role, HPA and PDB. */
  readonly istiod: string;
}

export function installNames(namespace: string, revision: string | undefined): InstallNames {
  const suffix = revision ? `-${revision}` : '';
  return { namespace, revision: revision ?? 'default', suffix, istiod: `istiod${suffix}` };
}

/** `istiod[-<rev>].<ns>.svc:15012`: where proxies get configuration and certificates. */
export function discoveryAddress(n: InstallNames): string {
  return `${n.istiod}.${n.namespace}.svc:15012`;
}

/** The injector's MutatingWebhookConfiguration name: Istio adds the namespace outside istio-system. */
export function injectorWebhookName(n: InstallNames): string {
  return n.namespace === 'istio-system' ? `istio-sidecar-injector${n.suffix}` : `istio-sidecar-injector${n.suffix}-${n.namespace}`;
}

/** Labels of istiod's pods, and the subset that selects them (Deployment, Service, PDB). */
export function podSelector(n: InstallNames): { [key: string]: string } {
  return n.suffix === '' ? { istio: 'pilot' } : { 'app': 'istiod', 'istio.io/rev': n.revision };
}

/** The Service's (and PDB's) selector: always `app: istiod`, plus the revision or `istio: pilot`. */
export function serviceSelector(n: InstallNames): { [key: string]: string } {
  return n.suffix === '' ? { app: 'istiod', istio: 'pilot' } : { 'app': 'istiod', 'istio.io/rev': n.revision };
}

function expr(key: string, operator: string, values?: string[]): LabelSelectorRequirement {
  return values ? { key, operator, values } : { key, operator };
}

/**
 * The injection webhooks of Istio's revision scheme: namespaces labelled `istio.io/rev=<revision>`
 * and pods labelled so in unlabelled namespaces; the default revision also serves
 * `istio-injection=enabled` namespaces and pods labelled `sidecar.istio.io/inject=true`.
 */
export function injectionWebhooks(n: InstallNames): MutatingWebhook[] {
  const core = (prefix: string): MutatingWebhook => ({
    name: `${prefix}sidecar-injector.istio.io`,
    admissionReviewVersions: ['v1'],
    clientConfig: { service: { name: n.istiod, namespace: n.namespace, path: '/inject', port: 443 } },
    failurePolicy: 'Fail',
    reinvocationPolicy: 'Never',
    rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }],
    sideEffects: 'None',
  });
  const notDisabled = expr('sidecar.istio.io/inject', 'NotIn', ['false']);
  const hooks: MutatingWebhook[] = [
    {
      ...core('rev.namespace.'),
      namespaceSelector: { matchExpressions: [expr('istio.io/rev', 'In', [n.revision]), expr('istio-injection', 'DoesNotExist')] },
      objectSelector: { matchExpressions: [notDisabled] },
    },
    {
      ...core('rev.object.'),
      namespaceSelector: { matchExpressions: [expr('istio.io/rev', 'DoesNotExist'), expr('istio-injection', 'DoesNotExist')] },
      objectSelector: { matchExpressions: [notDisabled, expr('istio.io/rev', 'In', [n.revision])] },
    },
  ];
  if (n.suffix === '') {
    hooks.push(
      {
        ...core('namespace.'),
        namespaceSelector: { matchExpressions: [expr('istio-injection', 'In', ['enabled'])] },
        objectSelector: { matchExpressions: [notDisabled] },
      },
      {
        ...core('object.'),
        namespaceSelector: { matchExpressions: [expr('istio-injection', 'DoesNotExist'), expr('istio.io/rev', 'DoesNotExist')] },
        objectSelector: { matchExpressions: [expr('sidecar.istio.io/inject', 'In', ['true']), expr('istio.io/rev', 'DoesNotExist')] },
      },
    );
  }
  return hooks;
}

/** The config validation webhook of the revision (fails open until istiod patches it). */
export function validationWebhook(n: InstallNames): ValidatingWebhook {
  return {
    name: 'rev.validation.istio.io',
    admissionReviewVersions: ['v1'],
    clientConfig: { service: { name: n.istiod, namespace: n.namespace, path: '/validate' } },
    failurePolicy: 'Ignore',
    objectSelector: { matchExpressions: [expr('istio.io/rev', 'In', [n.revision])] },
    rules: [{
      apiGroups: ['security.istio.io', 'networking.istio.io', 'telemetry.istio.io', 'extensions.istio.io'],
      apiVersions: ['*'],
      operations: ['CREATE', 'UPDATE'],
      resources: ['*'],
    }],
    sideEffects: 'None',
  };
}

/** Resource requests and limits as strings (`500m`, `2048Mi`). */
export interface ResourceStrings {
  readonly requests?: { [resource: string]: string };
  readonly limits?: { [resource: string]: string };
}

/** What shapes the istiod pod besides its names. */
export interface IstiodPodOptions {
  readonly image: string;
  readonly imagePullPolicy?: string;
  readonly clusterDomain: string;
  readonly logLevel: string;
  readonly clusterId: string;
  readonly traceSampling: number;
  readonly resources: ResourceStrings;
}

function quantities(map: { [resource: string]: string } | undefined): { [key: string]: Quantity } | undefined {
  return map && Object.keys(map).length > 0
    ? Object.fromEntries(Object.entries(map).map(([k, v]) => [k, Quantity.fromString(v)]))
    : undefined;
}

function fieldEnv(name: string, fieldPath: string): EnvVar {
  return { name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } };
}

/** The `discovery` container and pod of Istio's istiod Deployment. */
export function istiodPodSpec(n: InstallNames, o: IstiodPodOptions): PodSpec {
  const resources: ResourceRequirements = { requests: quantities(o.resources.requests), limits: quantities(o.resources.limits) };
  const container: Container = {
    name: 'discovery',
    image: o.image,
    imagePullPolicy: o.imagePullPolicy,
    args: [
      'discovery',
      '--monitoringAddr=:15014',
      `--log_output_level=${o.logLevel}`,
      '--domain',
      o.clusterDomain,
      '--keepaliveMaxServerConnectionAge',
      '30m',
    ],
    env: [
      { name: 'REVISION', value: n.revision },
      { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
      fieldEnv('POD_NAME', 'metadata.name'),
      fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
      fieldEnv('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
      { name: 'KUBECONFIG', value: '/var/run/secrets/remote/config' },
      { name: 'CA_TRUSTED_NODE_ACCOUNTS', value: `${n.namespace}/ztunnel` },
      { name: 'PILOT_TRACE_SAMPLING', value: String(o.traceSampling) },
      { name: 'PILOT_ENABLE_ANALYSIS', value: 'false' },
      { name: 'CLUSTER_ID', value: o.clusterId },
      { name: 'GOMAXPROCS', valueFrom: { resourceFieldRef: { divisor: Quantity.fromString('1'), resource: 'limits.cpu' } } },
      { name: 'PLATFORM', value: '' },
    ],
    ports: [
      { containerPort: 8080, name: 'http-debug', protocol: 'TCP' },
      { containerPort: 15010, name: 'grpc-xds', protocol: 'TCP' },
      { containerPort: 15012, name: 'tls-xds', protocol: 'TCP' },
      { containerPort: 15017, name: 'https-webhooks', protocol: 'TCP' },
      { containerPort: 15014, name: 'http-monitoring', protocol: 'TCP' },
    ],
    readinessProbe: {
      httpGet: { path: '/ready', port: IntOrString.fromNumber(8080) },
      initialDelaySeconds: 1,
      periodSeconds: 3,
      timeoutSeconds: 5,
    },
    resources: resources.requests || resources.limits ? resources : undefined,
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    },
    volumeMounts: [
      { mountPath: '/var/run/secrets/tokens', name: 'istio-token', readOnly: true },
      { mountPath: '/var/run/secrets/istio-dns', name: 'local-certs' },
      { mountPath: '/etc/cacerts', name: 'cacerts', readOnly: true },
      { mountPath: '/var/run/secrets/remote', name: 'istio-kubeconfig', readOnly: true },
      { mountPath: '/var/run/secrets/istiod/tls', name: 'istio-csr-dns-cert', readOnly: true },
      { mountPath: '/var/run/secrets/istiod/ca', name: 'istio-csr-ca-configmap', readOnly: true },
    ],
  };
  const volumes: Volume[] = [
    { name: 'local-certs', emptyDir: { medium: 'Memory' } },
    {
      name: 'istio-token',
      projected: { sources: [{ serviceAccountToken: { audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token' } }] },
    },
    { name: 'cacerts', secret: { optional: true, secretName: 'cacerts' } },
    { name: 'istio-kubeconfig', secret: { optional: true, secretName: 'istio-kubeconfig' } },
    { name: 'istio-csr-dns-cert', secret: { optional: true, secretName: 'istiod-tls' } },
    { name: 'istio-csr-ca-configmap', configMap: { defaultMode: 420, name: 'istio-ca-root-cert', optional: true } },
  ];
  return {
    containers: [container],
    serviceAccountName: n.istiod,
    tolerations: [{ key: 'cni.istio.io/not-ready', operator: 'Exists' }],
    volumes,
  };
}
