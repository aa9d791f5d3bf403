/**
 * Istio's `sidecar` injection template, rendered as a partial pod that is then strategically
 * merged into the workload's pod (see merge.ts): istio-init (unless interception is off) and the
 * istio-proxy sidecar, native (an init container that keeps running) or classic.
 */
import { clone, Json } from './json';
import { PodOptions } from './pod-options';
import {
  agentEnv, appContainerNames, canonicalName, canonicalRevision, DEFAULT_CONTAINER, DEFAULT_LOGS_CONTAINER, env, fieldEnv, HEALTH_PORT,
  meshEnv, ownerEnv, PODINFO_VOLUME, proxyMetadataEnv, readinessProbe, resourceEnv, resources, TemplateInput, tokenVolume, withPullPolicy,
} from './template-parts';
import { ANNOTATION, LABEL } from '../istio-names';
import { PROXY_CONTAINER } from '../proxy-ports';

/** The `sidecar` template: istio-init plus the istio-proxy sidecar (native or classic). */
export function sidecarTemplate(input: TemplateInput): Json {
  const { metadata, spec, workload, settings, options: o } = input;
  const labels = metadata.labels ?? {};
  const annotations = metadata.annotations ?? {};
  const apps = appContainerNames(spec);
  const tproxy = o.interceptionMode === 'TPROXY';
  const holdProxy = o.holdApplication && !o.nativeSidecar;

  const podLabels: Json = { [LABEL.tlsMode]: labels[LABEL.tlsMode] || 'istio' };
  if (o.proxyConfig.proxyMetadata?.ISTIO_META_ENABLE_HBONE === 'true') {
    podLabels[LABEL.tunnel] = labels[LABEL.tunnel] || 'http';
  }
  podLabels[LABEL.canonicalName] = canonicalName(labels, workload, true);
  podLabels[LABEL.canonicalRevision] = canonicalRevision(labels);

  const podAnnotations: Json = { [ANNOTATION.revision]: settings.revision || 'default' };
  if (apps.length >= 1) {
    if (!(DEFAULT_LOGS_CONTAINER in annotations)) podAnnotations[DEFAULT_LOGS_CONTAINER] = apps[0];
    if (!(DEFAULT_CONTAINER in annotations)) podAnnotations[DEFAULT_CONTAINER] = apps[0];
  }
  if (settings.cni) Object.assign(podAnnotations, cniAnnotations(input));

  const initContainers: Json[] = [];
  if (o.interceptionMode !== 'NONE') initContainers.push(initContainer(input));

  const proxy: Json = { name: PROXY_CONTAINER, image: o.proxyImage };
  if (o.nativeSidecar) proxy.restartPolicy = 'Always';
  proxy.ports = [{ containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' }];
  proxy.args = [
    'proxy', 'sidecar', '--domain', `$(POD_NAMESPACE).svc.${settings.clusterDomain}`,
    `--proxyLogLevel=${o.logLevel}`, `--proxyComponentLogLevel=${o.componentLogLevel}`, `--log_output_level=${o.agentLogLevel}`,
  ];
  if (holdProxy) {
    proxy.lifecycle = { postStart: { exec: { command: ['pilot-agent', 'wait'] } } };
  } else if (o.nativeSidecar) {
    proxy.lifecycle = { preStop: { exec: { command: ['pilot-agent', 'request', `--debug-port=${o.statusPort}`, 'POST', 'drain'] } } };
  }
  proxy.env = [
    ...agentEnv(settings, o, spec),
    env('ISTIO_META_APP_CONTAINERS', apps.join(',')),
    resourceEnv('GOMEMLIMIT', 'limits.memory'),
    env('ISTIO_META_CLUSTER_ID', settings.clusterName || 'Kubernetes'),
    fieldEnv('ISTIO_META_NODE_NAME', 'spec.nodeName'),
    env('ISTIO_META_INTERCEPTION_MODE', o.metaInterceptionMode),
    ...(settings.network ? [env('ISTIO_META_NETWORK', settings.network)] : []),
    ...((labels[LABEL.workloadName] || workload.name) ? [env('ISTIO_META_WORKLOAD_NAME', labels[LABEL.workloadName] || workload.name)] : []),
    ...ownerEnv(workload),
    ...(o.bootstrapOverride ? [env('ISTIO_BOOTSTRAP_OVERRIDE', '/etc/istio/custom-bootstrap/custom_bootstrap.json')] : []),
    ...meshEnv(input),
    ...proxyMetadataEnv(o),
  ];
  if (o.statusPort !== '0') {
    if (settings.proxy.startupProbe) {
      proxy.startupProbe = {
        httpGet: { path: '/healthz/ready', port: HEALTH_PORT },
        periodSeconds: 1,
        timeoutSeconds: 3,
        ...(settings.proxy.startupProbeFailureThreshold ? { failureThreshold: settings.proxy.startupProbeFailureThreshold } : {}),
      };
    }
    proxy.readinessProbe = readinessProbe(o.readinessInitialDelaySeconds, o.readinessPeriodSeconds, o.readinessFailureThreshold);
  }
  proxy.securityContext = proxySecurityContext(o, tproxy);
  proxy.resources = resources(o.resources);
  proxy.volumeMounts = [
    { name: 'workload-socket', mountPath: '/var/run/secrets/workload-spiffe-uds' },
    { name: 'credential-socket', mountPath: '/var/run/secrets/credential-uds' },
    { name: 'workload-certs', mountPath: '/var/run/secrets/workload-spiffe-credentials' },
    { mountPath: '/var/run/secrets/istio', name: 'istiod-ca-cert' },
    { mountPath: '/var/run/secrets/istio/crl', name: 'istio-ca-crl' },
    { mountPath: '/var/lib/istio/data', name: 'istio-data' },
    ...(o.bootstrapOverride ? [{ mountPath: '/etc/istio/custom-bootstrap', name: 'custom-bootstrap-volume' }] : []),
    { mountPath: '/etc/istio/proxy', name: 'istio-envoy' },
    { mountPath: '/var/run/secrets/tokens', name: 'istio-token' },
    { name: 'istio-podinfo', mountPath: '/etc/istio/pod' },
    ...o.userVolumeMounts.map(([name, mount]) => ({ ...mount, name })),
  ];

  const podSpec: Json = {};
  if (o.nativeSidecar) {
    podSpec.initContainers = [...initContainers, withPullPolicy(proxy, settings)];
  } else {
    podSpec.initContainers = initContainers;
    podSpec.containers = [withPullPolicy(proxy, settings)];
  }
  podSpec.volumes = [
    { name: 'workload-socket' },
    { name: 'credential-socket' },
    { name: 'workload-certs' },
    ...(o.bootstrapOverride ? [{ name: 'custom-bootstrap-volume', configMap: { name: o.bootstrapOverride } }] : []),
    { emptyDir: { medium: 'Memory' }, name: 'istio-envoy' },
    { name: 'istio-data', emptyDir: {} },
    clone(PODINFO_VOLUME),
    tokenVolume(),
    { name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert' } },
    { name: 'istio-ca-crl', configMap: { name: 'istio-ca-crl', optional: true } },
    ...o.userVolumes.map(([name, volume]) => ({ ...volume, name })),
  ];
  return { metadata: { labels: podLabels, annotations: podAnnotations }, spec: podSpec };
}

function initContainer(input: TemplateInput): Json {
  const { settings, options: o } = input;
  const args = [
    'istio-iptables',
    '-p', '15001',
    '-z', '15006',
    '-u', '1337',
    '-m', o.interceptionMode,
    '-i', o.includeIPRanges,
    '-x', o.excludeIPRanges,
    '-b', o.includeInboundPorts,
    '-d', o.excludeInboundPorts ? `15090,15021,${o.excludeInboundPorts}` : '15090,15021',
  ];
  if (o.includeOutboundPorts !== undefined) args.push('-q', o.includeOutboundPorts);
  if (o.excludeOutboundPorts !== undefined) args.push('-o', o.excludeOutboundPorts);
  if (o.rerouteInterfaces !== undefined) args.push('-k', o.rerouteInterfaces);
  if (o.excludeInterfaces !== undefined) args.push('-c', o.excludeInterfaces);
  args.push(`--log_output_level=${o.agentLogLevel}`);
  // with Istio's CNI node agent the rules are set up before the pod starts: the init container only checks them
  if (settings.cni) args.push('--run-validation', '--skip-rule-apply');
  const c: Json = { name: settings.cni ? 'istio-validation' : 'istio-init', image: o.proxyImage, args };
  if (settings.imagePullPolicy) c.imagePullPolicy = settings.imagePullPolicy;
  const metadata = proxyMetadataEnv(o);
  if (metadata.length) c.env = metadata;
  c.resources = resources(o.resources);
  c.securityContext = settings.cni
    ? { allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsGroup: 1337, runAsUser: 1337, runAsNonRoot: true }
    : {
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] },
      readOnlyRootFilesystem: false,
      runAsGroup: 0,
      runAsNonRoot: false,
      runAsUser: 0,
    };
  return c;
}

/**
 * What Istio's CNI node agent reads of the pod to set up its traffic capture: the template's
 * interception settings, as annotations (the optional ones only when set).
 */
function cniAnnotations(input: TemplateInput): Json {
  const { metadata, options: o } = input;
  const given = metadata.annotations ?? {};
  const out: Json = { [ANNOTATION.interceptionMode]: o.metaInterceptionMode };
  if (o.includeIPRanges) out[ANNOTATION.includeOutboundIPRanges] = o.includeIPRanges;
  if (o.excludeIPRanges) out[ANNOTATION.excludeOutboundIPRanges] = o.excludeIPRanges;
  out[ANNOTATION.includeInboundPorts] = o.includeInboundPorts;
  out[ANNOTATION.excludeInboundPorts] = o.excludeInboundPorts;
  if (o.includeOutboundPorts !== undefined) out[ANNOTATION.includeOutboundPorts] = o.includeOutboundPorts;
  if (o.excludeOutboundPorts !== undefined) out[ANNOTATION.excludeOutboundPorts] = o.excludeOutboundPorts;
  for (const key of [ANNOTATION.kubevirtInterfaces, ANNOTATION.rerouteVirtualInterfaces, ANNOTATION.excludeInterfaces]) {
    if (given[key]) out[key] = given[key];
  }
  return out;
}

function proxySecurityContext(o: PodOptions, tproxy: boolean): Json {
  if (o.proxyConfig.proxyMetadata?.IPTABLES_TRACE_LOGGING === 'true') {
    return {
      allowPrivilegeEscalation: true,
      capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] },
      privileged: true,
      readOnlyRootFilesystem: true,
      runAsGroup: 1337,
      runAsNonRoot: false,
      runAsUser: 0,
    };
  }
  const add = [...(tproxy ? ['NET_ADMIN'] : []), ...(o.capNetBindService ? ['NET_BIND_SERVICE'] : [])];
  const root = tproxy || o.capNetBindService;
  return {
    allowPrivilegeEscalation: false,
    capabilities: add.length ? { add, drop: ['ALL'] } : { drop: ['ALL'] },
    privileged: false,
    readOnlyRootFilesystem: true,
    ...(root ? { runAsNonRoot: false, runAsUser: 0, runAsGroup: 1337 } : { runAsNonRoot: true, runAsUser: 1337, runAsGroup: 1337 }),
  };
}
