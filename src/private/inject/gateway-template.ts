/**
 * Istio's `gateway` injection template, rendered as a partial pod that is then strategically
 * merged into the workload's pod (see merge.ts): the pod's own `istio-proxy` container becomes an
 * Envoy router.
 */
import { clone, Json } from './json';
import {
  agentEnv, appContainerNames, canonicalName, canonicalRevision, DEFAULT_CONTAINER, DEFAULT_LOGS_CONTAINER, env, fieldEnv, meshEnv, ownerEnv,
  PODINFO_VOLUME, proxyMetadataEnv, readinessProbe, resourceEnv, TemplateInput, tokenVolume, withPullPolicy,
} from './template-parts';
import { ANNOTATION, LABEL } from '../istio-names';
import { PROXY_CONTAINER } from '../proxy-ports';

/** The `gateway` template: the pod's own `istio-proxy` container becomes an Envoy router. */
export function gatewayTemplate(input: TemplateInput): Json {
  const { metadata, spec, workload, settings, options: o } = input;
  const labels = metadata.labels ?? {};
  const apps = appContainerNames(spec);
  const podAnnotations: Json = { [ANNOTATION.revision]: settings.revision || 'default' };
  if (apps.length === 1) {
    podAnnotations[DEFAULT_LOGS_CONTAINER] = apps[0];
    podAnnotations[DEFAULT_CONTAINER] = apps[0];
  }
  const proxy: Json = {
    name: PROXY_CONTAINER,
    image: o.proxyImage,
    ports: [{ containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' }],
    args: [
      'proxy', 'router', '--domain', `$(POD_NAMESPACE).svc.${settings.clusterDomain}`,
      `--proxyLogLevel=${o.logLevel}`, `--proxyComponentLogLevel=${o.componentLogLevel}`, `--log_output_level=${o.agentLogLevel}`,
    ],
    securityContext: { runAsUser: 1337, runAsGroup: 1337 },
    env: [
      ...agentEnv(settings, o, spec),
      resourceEnv('GOMEMLIMIT', 'limits.memory'),
      env('ISTIO_META_APP_CONTAINERS', apps.join(',')),
      env('ISTIO_META_CLUSTER_ID', settings.clusterName || 'Kubernetes'),
      fieldEnv('ISTIO_META_NODE_NAME', 'spec.nodeName'),
      env('ISTIO_META_INTERCEPTION_MODE', o.proxyConfig.interceptionMode ?? 'REDIRECT'),
      ...(settings.network ? [env('ISTIO_META_NETWORK', settings.network)] : []),
      ...(workload.name ? [env('ISTIO_META_WORKLOAD_NAME', workload.name)] : []),
      ...ownerEnv(workload),
      ...meshEnv(input),
      ...proxyMetadataEnv(o),
    ],
    readinessProbe: readinessProbe(
      settings.proxy.readinessInitialDelaySeconds, settings.proxy.readinessPeriodSeconds, settings.proxy.readinessFailureThreshold),
    volumeMounts: [
      { name: 'workload-socket', mountPath: '/var/run/secrets/workload-spiffe-uds' },
      { name: 'credential-socket', mountPath: '/var/run/secrets/credential-uds' },
      { name: 'workload-certs', mountPath: '/var/run/secrets/workload-spiffe-credentials' },
      { mountPath: '/var/run/secrets/istio', name: 'istiod-ca-cert' },
      { mountPath: '/var/lib/istio/data', name: 'istio-data' },
      { mountPath: '/etc/istio/proxy', name: 'istio-envoy' },
      { mountPath: '/var/run/secrets/tokens', name: 'istio-token' },
      { name: 'istio-podinfo', mountPath: '/etc/istio/pod' },
    ],
  };
  return {
    metadata: {
      labels: {
        [LABEL.canonicalName]: canonicalName(labels, workload, false),
        [LABEL.canonicalRevision]: canonicalRevision(labels),
      },
      annotations: podAnnotations,
    },
    spec: {
      securityContext: { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] },
      containers: [withPullPolicy(proxy, settings)],
      volumes: [
        { name: 'workload-socket' },
        { emptyDir: {}, name: 'credential-socket' },
        { emptyDir: {}, name: 'workload-certs' },
        { emptyDir: { medium: 'Memory' }, name: 'istio-envoy' },
        { name: 'istio-data', emptyDir: {} },
        clone(PODINFO_VOLUME),
        tokenVolume(),
        { name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert' } },
      ],
    },
  };
}
