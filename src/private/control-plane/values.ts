/**
 * The `values` of the injector ConfigMap: the Helm values Istio's injection templates read, filled
 * from the same resolved settings the synth-time injector uses, so that webhook and synth-time
 * injection produce the same proxies.
 */
import { goJson } from './mesh-config';
import type { ResourceStrings } from './resources';
import type { IstiodScaling } from './scaling';
import type { ControlPlaneAutoscaling } from '../../control-plane-autoscaling';
import type { IstioRelease } from '../../istio-release';
import type { ResolvedSettings } from '../inject/settings';

/** The chart's name for the revision: empty for the default revision. */
function chartRevision(revision: string): string {
  return revision === 'default' ? '' : revision;
}

/** Istio's `values` JSON object (before key sorting) for resolved injection settings. */
export function injectorValues(s: ResolvedSettings): { [key: string]: unknown } {
  const p = s.proxy;
  return {
    gateways: { seccompProfile: {}, securityContext: {} },
    global: {
      caAddress: '',
      caName: '',
      certSigners: [],
      configCluster: false,
      configValidation: true,
      defaultPodDisruptionBudget: { enabled: true },
      defaultResources: { requests: { cpu: '10m' } },
      externalIstiod: false,
      hub: s.hub,
      imagePullPolicy: s.imagePullPolicy,
      imagePullSecrets: [],
      istioNamespace: s.rootNamespace,
      istiod: { enableAnalysis: false },
      logAsJson: false,
      logging: { level: p.agentLogLevel },
      meshID: s.meshId,
      meshNetworks: {},
      mountMtlsCerts: false,
      multiCluster: { clusterName: s.clusterName },
      nativeNftables: false,
      network: s.network,
      networkPolicy: { enabled: false },
      omitSidecarInjectorConfigMap: false,
      operatorManageWebhooks: false,
      pilotCertProvider: 'istiod',
      priorityClassName: '',
      proxy: {
        autoInject: 'enabled',
        clusterDomain: s.clusterDomain,
        componentLogLevel: p.componentLogLevel,
        excludeIPRanges: p.excludeIPRanges,
        excludeInboundPorts: p.excludeInboundPorts,
        excludeOutboundPorts: p.excludeOutboundPorts,
        image: 'proxyv2',
        includeIPRanges: p.includeIPRanges,
        includeInboundPorts: p.includeInboundPorts,
        includeOutboundPorts: p.includeOutboundPorts,
        logLevel: p.logLevel,
        outlierLogPath: '',
        privileged: false,
        readinessFailureThreshold: p.readinessFailureThreshold,
        readinessInitialDelaySeconds: p.readinessInitialDelaySeconds,
        readinessPeriodSeconds: p.readinessPeriodSeconds,
        resources: {
          ...(p.resources.limits ? { limits: { ...p.resources.limits } } : {}),
          ...(p.resources.requests ? { requests: { ...p.resources.requests } } : {}),
        },
        seccompProfile: {},
        startupProbe: { enabled: p.startupProbe, failureThreshold: p.startupProbeFailureThreshold },
        statusPort: p.statusPort,
        tracer: 'none',
      },
      proxy_init: { forceApplyIptables: false, image: 'proxyv2' },
      remotePilotAddress: '',
      resourceScope: 'all',
      sds: { token: { aud: 'istio-ca' } },
      sts: { servicePort: 0 },
      tag: s.tag,
      variant: '',
      waypoint: {
        affinity: {},
        nodeSelector: {},
        resources: { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' } },
        tolerations: [],
        topologySpreadConstraints: [],
      },
    },
    pilot: { cni: { enabled: s.cni, provider: 'default' }, env: {} },
    revision: chartRevision(s.revision),
    sidecarInjectorWebhook: {
      alwaysInjectSelector: [],
      defaultTemplates: [],
      enableNamespacesByDefault: false,
      injectedAnnotations: {},
      neverInjectSelector: [],
      reinvocationPolicy: 'Never',
      rewriteAppHTTPProbe: s.rewriteAppHTTPProbe,
      templates: {},
    },
  };
}

/** What the debug copy of the values describes. */
export interface DebugValuesInput {
  readonly settings: ResolvedSettings;
  /** The rendered mesh config. */
  readonly meshConfig: { [key: string]: unknown };
  /** The mesh config keys (top level, or `defaultConfig.<key>`) the user set, besides `rootNamespace`. */
  readonly meshConfigGiven: string[];
  /** Whether the mesh sets a trust domain other than Istio's default. */
  readonly trustDomainGiven: boolean;
  readonly scaling: IstiodScaling;
  readonly resources: ResourceStrings;
  readonly traceSampling: number;
  /** What the user set, in the chart's value names (only keys that were given). */
  readonly given: { [key: string]: unknown };
}

/** What a control plane was given, for `givenValues`. */
export interface GivenInput {
  readonly istio: IstioRelease;
  readonly namespace: string;
  readonly replicas?: number;
  readonly autoscaling?: ControlPlaneAutoscaling;
  /** The resources, if given. */
  readonly resources?: ResourceStrings;
  /** The trace sampling, if given. */
  readonly traceSampling?: number;
}

/** The chart values a control plane was given (the `given` of `DebugValuesInput`), in the chart's value names. */
export function givenValues(g: GivenInput): { [key: string]: unknown } {
  return {
    global: { hub: g.istio.hub, istioNamespace: g.namespace, tag: g.istio.tag },
    ...(g.istio.revision ? { revision: g.istio.revision } : {}),
    ...(g.replicas !== undefined ? { autoscaleEnabled: false, replicaCount: g.replicas } : {}),
    ...(g.autoscaling?.minReplicas !== undefined ? { autoscaleMin: g.autoscaling.minReplicas } : {}),
    ...(g.autoscaling?.maxReplicas !== undefined ? { autoscaleMax: g.autoscaling.maxReplicas } : {}),
    ...(g.autoscaling?.targetCpuUtilization !== undefined ? { cpu: { targetAverageUtilization: g.autoscaling.targetCpuUtilization } } : {}),
    ...(g.resources ? { resources: g.resources } : {}),
    ...(g.traceSampling !== undefined ? { traceSampling: g.traceSampling } : {}),
  };
}

/**
 * istiod chart values for what this library does not configure, at the chart's defaults: the
 * install has no extra pod settings, no remote istiod, no revision tags, no taint controller.
 */
const UNCONFIGURED_CHART_VALUES = {
  affinity: {},
  autoscaleBehavior: {},
  base: { enableIstioConfigCRDs: true },
  cni: { enabled: false, provider: 'default' },
  configMap: true,
  defaultRevision: '',
  deploymentAnnotations: {},
  deploymentLabels: {},
  enabled: true,
  env: {},
  envVarFrom: [],
  experimental: { stableValidationPolicy: false },
  extraContainerArgs: [],
  gatewayClasses: {},
  hub: '',
  image: 'pilot',
  initContainers: [],
  ipFamilies: [],
  ipFamilyPolicy: '',
  istiodRemote: { enabled: false, enabledLocalInjectorIstiod: false, injectionCABundle: '', injectionPath: '/inject', injectionURL: '' },
  jwksResolverExtraRootCA: '',
  keepaliveMaxServerConnectionAge: '30m',
  memory: {},
  nodeSelector: {},
  ownerName: '',
  pdb: { minAvailable: 1, unhealthyPodEvictionPolicy: '' },
  podAnnotations: {},
  podLabels: {},
  revisionTags: [],
  rollingMaxSurge: '100%',
  rollingMaxUnavailable: '25%',
  seccompProfile: {},
  serviceAccountAnnotations: {},
  serviceAnnotations: {},
  sidecarInjectorWebhookAnnotations: {},
  tag: '',
  taint: { enabled: false, namespace: '' },
  telemetry: { enabled: true, v2: { enabled: true, prometheus: { enabled: true }, stackdriver: { enabled: false } } },
  tolerations: [],
  topologySpreadConstraints: [],
  trustedZtunnelName: '',
  trustedZtunnelNamespace: '',
  variant: '',
  volumeMounts: [],
  volumes: [],
  ztunnel: { resourceName: 'ztunnel' },
};

/**
 * The `values` ConfigMap: Istio writes the chart values it rendered with there, for tools and
 * debugging. Here: the istiod chart values this install corresponds to (`merged-values`) and what
 * the ControlPlane was given (`original-values`), in the chart's value names.
 */
export function debugValues(input: DebugValuesInput): { [key: string]: string } {
  const a = input.scaling.autoscale;
  const mesh = input.meshConfig;
  const givenMesh: { [key: string]: unknown } = { rootNamespace: mesh.rootNamespace };
  if (input.trustDomainGiven) {
    givenMesh.trustDomain = mesh.trustDomain;
  }
  const defaultConfig: { [key: string]: unknown } = {};
  for (const key of input.meshConfigGiven) {
    if (key.startsWith('defaultConfig.')) {
      const k = key.slice('defaultConfig.'.length);
      defaultConfig[k] = (mesh.defaultConfig as { [key: string]: unknown })[k];
    } else {
      givenMesh[key] = mesh[key];
    }
  }
  if (Object.keys(defaultConfig).length > 0) {
    givenMesh.defaultConfig = defaultConfig;
  }
  const injector = injectorValues(input.settings);
  const merged = {
    ...UNCONFIGURED_CHART_VALUES,
    ...injector,
    autoscaleEnabled: a !== undefined,
    autoscaleMax: a?.max ?? 5,
    autoscaleMin: a?.min ?? 1,
    cpu: { targetAverageUtilization: a?.cpu ?? 80 },
    gateways: { 'istio-egressgateway': {}, 'istio-ingressgateway': {}, ...(injector.gateways as object) },
    // the chart's own meshConfig value: what was set, with the chart's enablePrometheusMerge
    meshConfig: { enablePrometheusMerge: mesh.enablePrometheusMerge, ...givenMesh },
    pilot: { cni: { enabled: input.settings.cni }, enabled: true },
    replicaCount: input.scaling.replicas ?? 1,
    resources: input.resources,
    traceSampling: input.traceSampling,
  };
  return {
    'merged-values': goJson(merged),
    'original-values': goJson({ ...input.given, meshConfig: givenMesh }),
  };
}
