/**
 * istiod's workload as Istio's istiod chart installs it: the Deployment of its `discovery`
 * container, the Service proxies and webhooks reach it at, and the HorizontalPodAutoscaler and
 * PodDisruptionBudget that keep it running.
 */
import { ApiObject } from 'cdk8s';
import {
  Container, EnvVar, IntOrString, KubeDeployment, KubeHorizontalPodAutoscalerV2, KubePodDisruptionBudget, KubeService, PodSpec, Quantity,
  ResourceRequirements, Volume,
} from 'cdk8s-plus-27/lib/imports/k8s';
import { Install, InstallNames } from './install';
import type { IstiodSpec } from './istiod-spec';
import type { ResourceStrings } from './resources';
import type { IstiodAutoscale } from './scaling';
import { ANNOTATION, LABEL } from '../istio-names';
import { quantityMap } from '../resources';

/** Labels of istiod's pods, and the subset that selects them (Deployment, Service, PDB). */
function podSelector(n: InstallNames): { [key: string]: string } {
  return n.suffix === '' ? { istio: 'pilot' } : { app: 'istiod', [LABEL.revision]: n.revision };
}

/** The Service's (and PDB's) selector: always `app: istiod`, plus the revision or `istio: pilot`. */
function serviceSelector(n: InstallNames): { [key: string]: string } {
  return n.suffix === '' ? { app: 'istiod', istio: 'pilot' } : { app: 'istiod', [LABEL.revision]: n.revision };
}

/** What shapes the istiod pod besides its names. */
interface IstiodPodOptions {
  readonly image: string;
  readonly imagePullPolicy?: string;
  readonly clusterDomain: string;
  readonly logLevel: string;
  readonly clusterId: string;
  readonly traceSampling: number;
  readonly resources: ResourceStrings;
}

function fieldEnv(name: string, fieldPath: string): EnvVar {
  return { name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } };
}

/** The `discovery` container and pod of Istio's istiod Deployment. */
function istiodPodSpec(n: InstallNames, o: IstiodPodOptions): PodSpec {
  const resources: ResourceRequirements = { requests: quantityMap(o.resources.requests), limits: quantityMap(o.resources.limits) };
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

/** The istiod Deployment: `replicas` pods, or as many as the autoscaler sets when not given. */
export function createDeployment(install: Install, spec: IstiodSpec): ApiObject {
  const { scope, names: n, labels: l } = install;
  const settings = spec.settings;
  return install.namespaced(new KubeDeployment(scope, 'Deployment', {
    metadata: { name: n.istiod, namespace: n.namespace, labels: l.workload },
    spec: {
      replicas: spec.scaling.replicas,
      selector: { matchLabels: podSelector(n) },
      strategy: { rollingUpdate: { maxSurge: IntOrString.fromString('100%'), maxUnavailable: IntOrString.fromString('25%') } },
      template: {
        metadata: {
          annotations: {
            ...(spec.meshConfig.enablePrometheusMerge ? { 'prometheus.io/port': '15014', 'prometheus.io/scrape': 'true' } : {}),
            [ANNOTATION.inject]: 'false',
          },
          labels: l.pod,
        },
        spec: istiodPodSpec(n, {
          image: spec.release.pilotImage,
          imagePullPolicy: settings.imagePullPolicy || undefined,
          clusterDomain: settings.clusterDomain,
          logLevel: settings.proxy.agentLogLevel,
          clusterId: settings.clusterName || 'Kubernetes',
          traceSampling: spec.traceSampling,
          resources: spec.resources,
        }),
      },
    },
  }));
}

/** The HorizontalPodAutoscaler scaling istiod on CPU. */
export function createAutoscaler(install: Install, a: IstiodAutoscale): ApiObject {
  const { scope, names: n, labels: l } = install;
  return install.namespaced(new KubeHorizontalPodAutoscalerV2(scope, 'Autoscaler', {
    metadata: { name: n.istiod, namespace: n.namespace, labels: { ...l.istiod, ...l.pilot } },
    spec: {
      maxReplicas: a.max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: a.cpu } } }],
      minReplicas: a.min,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: n.istiod },
    },
  }));
}

/** The istiod Service: xDS (plain and TLS), the webhooks and monitoring. */
export function createService(install: Install): ApiObject {
  const { scope, names: n, labels: l } = install;
  return install.namespaced(new KubeService(scope, 'Service', {
    metadata: { name: n.istiod, namespace: n.namespace, labels: l.workload },
    spec: {
      ports: [
        { name: 'grpc-xds', port: 15010, protocol: 'TCP' },
        { name: 'https-dns', port: 15012, protocol: 'TCP' },
        { name: 'https-webhook', port: 443, protocol: 'TCP', targetPort: IntOrString.fromNumber(15017) },
        { name: 'http-monitoring', port: 15014, protocol: 'TCP' },
      ],
      selector: serviceSelector(n),
    },
  }));
}

/** The PodDisruptionBudget keeping one istiod pod available. */
export function createDisruptionBudget(install: Install): ApiObject {
  const { scope, names: n, labels: l } = install;
  return install.namespaced(new KubePodDisruptionBudget(scope, 'DisruptionBudget', {
    metadata: { name: n.istiod, namespace: n.namespace, labels: l.workload },
    spec: { minAvailable: IntOrString.fromNumber(1), selector: { matchLabels: serviceSelector(n) } },
  }));
}
