import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  IntOrString, KubeClusterRole, KubeClusterRoleBinding, KubeConfigMap, KubeDeployment, KubeHorizontalPodAutoscalerV2,
  KubeMutatingWebhookConfiguration,
  KubeNamespace, KubePodDisruptionBudget, KubeRole, KubeRoleBinding, KubeService, KubeServiceAccount, KubeValidatingWebhookConfiguration, PolicyRule,
} from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { DataPlaneMode } from './data-plane';
import { IstioRelease } from './istio-release';
import { Mesh } from './mesh';
import { AccessLogEncoding, MeshConfigOptions, OutboundTrafficPolicyMode } from './mesh-config';
import {
  discoveryAddress, injectionWebhooks, injectorWebhookName, InstallNames, installNames, istiodPodSpec, podSelector, ResourceStrings, serviceSelector,
  validationWebhook,
} from './private/control-plane/istiod';
import { installLabels } from './private/control-plane/labels';
import { DEFAULT_TRACE_SAMPLING, goJson, helmYaml, meshConfigJson, meshConfigKeysGiven, meshConfigProblems } from './private/control-plane/mesh-config';
import { GATEWAY_CONTROLLER_RULES, ISTIOD_CLUSTER_RULES, ISTIOD_NAMESPACE_RULES, READER_CLUSTER_RULES } from './private/control-plane/rbac';
import { autoscalingProblems, resolveControlPlaneResources } from './private/control-plane/resources';
import { injectorConfig, readTemplates, TemplatesRead } from './private/control-plane/templates';
import { debugValues, injectorValues } from './private/control-plane/values';
import { resolveSettings } from './private/inject';
import type { ResolvedSettings } from './private/inject/settings';
import { lazy } from './private/lazy';
import { bool, checkFactoryTypes, checkTypes, containerResources, duration, instance, num, oneOf, optional, shape, str } from './private/props';
import { injectionSettings } from './private/sidecar';
import { dnsLabelProblem, int32Problem, throwIfProblems } from './private/validation';

/**
 * Istio's Go injection templates for istiod's sidecar injector. Use the static factories.
 *
 * This library does not ship Istio's templates: they are Istio's own text and belong to one Istio
 * release. Take them from the release the mesh is pinned to.
 */
export abstract class InjectionTemplates {
  /**
   * Templates read at synthesis from a YAML file holding Istio's injector config: the `config` of
   * the `istio-sidecar-injector` ConfigMap of the pinned release (a mapping with `templates`,
   * e.g. the chart's `files/*.yaml` gathered under `templates:`), or a manifest holding that
   * ConfigMap. Only `templates` is taken from the file; it must have a `sidecar` template.
   */
  public static fromFile(path: string): InjectionTemplates {
    checkFactoryTypes(path, str, 'path');
    if (path.trim() === '') {
      throw new Error("'path' must name a file, got ''");
    }
    return new FileTemplates(path);
  }

  /**
   * No templates (the default): istiod's webhook cannot inject, so every pod of the mesh must use
   * the synth-time data plane (or none).
   */
  public static none(): InjectionTemplates {
    return new NoTemplates();
  }

  /** The file the templates come from, if any. */
  public abstract readonly source?: string;

  /**
   * Reads the templates.
   *
   * @internal
   */
  public abstract _read(): TemplatesRead;
}

class NoTemplates extends InjectionTemplates {
  public readonly source = undefined;
  public _read(): TemplatesRead {
    return { templates: {}, problems: [] };
  }
}

class FileTemplates extends InjectionTemplates {
  public constructor(public readonly source: string) {
    super();
  }

  public _read(): TemplatesRead {
    return readTemplates(this.source);
  }
}

/**
 * Horizontal autoscaling of istiod on CPU.
 */
export interface ControlPlaneAutoscaling {
  /**
   * Fewest istiod replicas.
   *
   * @default 1
   */
  readonly minReplicas?: number;
  /**
   * Most istiod replicas; at least `minReplicas`.
   *
   * @default 5
   */
  readonly maxReplicas?: number;
  /**
   * Average CPU use, in percent of the CPU request, that the autoscaler keeps istiod at.
   *
   * @default 80
   */
  readonly targetCpuUtilization?: number;
}

/**
 * Properties of a `ControlPlane`.
 */
export interface ControlPlaneProps {
  /** The mesh istiod serves. */
  readonly mesh: Mesh;

  /**
   * The namespace istiod runs in (Istio's `global.istioNamespace`). A namespace other than the
   * mesh's root namespace gets a Namespace object of its own.
   *
   * @default - the mesh's root namespace
   */
  readonly namespace?: string;

  /**
   * The Istio release of this control plane. Give a release with its own revision to run a
   * canary control plane next to the mesh's.
   *
   * @default - the mesh's release (`mesh.istio`)
   */
  readonly istio?: IstioRelease;

  /**
   * A fixed number of istiod replicas, without a HorizontalPodAutoscaler. Excludes `autoscaling`.
   *
   * @default - autoscaled (see `autoscaling`)
   */
  readonly replicas?: number;

  /**
   * Horizontal autoscaling of istiod. Excludes `replicas`.
   *
   * @default - 1 to 5 replicas at 80% CPU, unless `replicas` is given
   */
  readonly autoscaling?: ControlPlaneAutoscaling;

  /**
   * CPU and memory of the istiod container; replaces the default as a whole.
   *
   * @default - requests of 500m CPU and 2048Mi memory, no limits (Istio's default)
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Emit a PodDisruptionBudget keeping one istiod pod available during voluntary disruptions.
   * With a single replica it blocks node drains until istiod is scaled up.
   *
   * @default - true when istiod runs more than one replica (`replicas` or
   * `autoscaling.minReplicas` above 1)
   */
  readonly disruptionBudget?: boolean;

  /**
   * Mesh-wide settings (Istio's MeshConfig).
   *
   * @default - Istio's defaults
   */
  readonly meshConfig?: MeshConfigOptions;

  /**
   * Istio's injection templates for the sidecar injector webhook. Without templates the webhook
   * data plane cannot be used: namespaces and services of the mesh then need
   * `DataPlane.synthTime()` (or `DataPlane.none()`).
   *
   * @default InjectionTemplates.none()
   */
  readonly injectionTemplates?: InjectionTemplates;
}

const DEFAULT_RESOURCES: ResourceStrings = { requests: { cpu: '500m', memory: '2048Mi' } };
const REGISTRY = new WeakMap<Mesh, ControlPlane[]>();

/**
 * Istio's control plane: istiod with everything Istio's default istiod install has (service
 * accounts, RBAC, admission webhooks, the mesh config and injector ConfigMaps, the Deployment, its
 * autoscaler and Service), named by Istio's revision scheme.
 */
export class ControlPlane extends Construct {
  /**
   * The control plane of a mesh for a revision.
   *
   * @param revision Istio's revision name (`default` when there is none)
   * @default - the revision of the mesh's release
   */
  public static of(mesh: Mesh, revision?: string): ControlPlane | undefined {
    const wanted = revision ?? mesh.istio.revisionName;
    return (REGISTRY.get(mesh) ?? []).find(cp => cp.revision === wanted);
  }

  /** Every control plane of a mesh, in the order they were created. */
  public static allOf(mesh: Mesh): ControlPlane[] {
    return [...(REGISTRY.get(mesh) ?? [])];
  }

  /** The mesh istiod serves. */
  public readonly mesh: Mesh;
  /** The namespace istiod runs in. */
  public readonly namespace: string;
  /** The Istio release of this control plane. */
  public readonly istio: IstioRelease;
  /** The revision as Istio names it (`default` when there is none). */
  public readonly revision: string;
  /** `istiod`, or `istiod-<revision>`: the Deployment, Service and ServiceAccount name. */
  public readonly name: string;
  /** Where proxies reach istiod: `istiod[-<revision>].<namespace>.svc:15012`. */
  public readonly discoveryAddress: string;
  /** The injection templates of the sidecar injector. */
  public readonly injectionTemplates: InjectionTemplates;
  /** istiod's ServiceAccount. */
  public readonly serviceAccount: ApiObject;
  /** The `istio` ConfigMap holding the mesh config. */
  public readonly meshConfigMap: ApiObject;
  /** The `istio-sidecar-injector` ConfigMap. */
  public readonly injectorConfigMap: ApiObject;
  /** The sidecar injector's MutatingWebhookConfiguration. */
  public readonly injectionWebhook: ApiObject;
  /** The config validation ValidatingWebhookConfiguration. */
  public readonly validationWebhook: ApiObject;
  /** The istiod Deployment. */
  public readonly deployment: ApiObject;
  /** The istiod Service. */
  public readonly service: ApiObject;
  /** The HorizontalPodAutoscaler, unless `replicas` fixes the replica count. */
  public readonly horizontalPodAutoscaler?: ApiObject;
  /** The PodDisruptionBudget, if any. */
  public readonly podDisruptionBudget?: ApiObject;

  private readonly names: InstallNames;
  private readonly meshConfig: MeshConfigOptions;
  private readonly settings: ResolvedSettings;
  private templates?: TemplatesRead;

  public constructor(scope: Construct, id: string, props: ControlPlaneProps) {
    super(scope, id);
    checkTypes(this, props, PROPS);
    const mesh = props.mesh;
    this.mesh = mesh;
    this.namespace = props.namespace ?? mesh.rootNamespace;
    this.istio = props.istio ?? mesh.istio;
    this.revision = this.istio.revisionName;
    this.meshConfig = props.meshConfig ?? {};
    this.injectionTemplates = props.injectionTemplates ?? InjectionTemplates.none();
    const autoscaling = props.replicas === undefined ? props.autoscaling ?? {} : undefined;
    const resolvedResources = props.resources && resolveControlPlaneResources(props.resources);

    throwIfProblems(this, [
      dnsLabelProblem('namespace', this.namespace),
      `istiod${this.istio.revision ? `-${this.istio.revision}` : ''}`.length > 63
        ? `'istio' revision '${this.istio.revision}' is too long: istiod's Service 'istiod-${this.istio.revision}' must have at most 63 characters` : undefined,
      props.replicas !== undefined && props.autoscaling !== undefined ? "'replicas' and 'autoscaling' exclude each other: give one" : undefined,
      int32Problem('replicas', props.replicas, 1),
      ...autoscalingProblems(props.autoscaling),
      ...resolvedResources?.problems ?? [],
      ...meshConfigProblems(props.meshConfig),
      sameRevisionDifferentRelease(this.istio, mesh.istio),
      ...(REGISTRY.get(mesh) ?? []).filter(cp => cp.revision === this.revision).map(cp =>
        `the mesh already has a control plane of revision '${this.revision}' (${cp.node.path}): give this one another revision with 'istio: IstioRelease.of({ revision: ... })'`),
    ]);

    const others = REGISTRY.get(mesh) ?? [];
    REGISTRY.set(mesh, [...others, this]);
    const sharesNamespace = others.some(cp => cp.namespace === this.namespace);

    this.names = installNames(this.namespace, this.istio.revision);
    this.name = this.names.istiod;
    this.discoveryAddress = discoveryAddress(this.names);
    this.settings = resolveSettings({
      ...injectionSettings(mesh, mesh.dataPlane),
      hub: this.istio.hub,
      tag: this.istio.tag,
      revision: this.revision,
      rootNamespace: this.namespace,
    });

    const namespaceObject = this.namespace === mesh.rootNamespace
      ? mesh.node.tryFindChild(`Namespace-${mesh.rootNamespace}`) as ApiObject | undefined
      : sharesNamespace ? undefined : clusterScoped(new KubeNamespace(this, 'Namespace', { metadata: { name: this.namespace } }));
    const ns = <T extends ApiObject>(obj: T): T => {
      if (namespaceObject) obj.addDependency(namespaceObject);
      return obj;
    };
    const n = this.names;
    const l = installLabels(this.istio);

    // Istio's base chart: the identity remote clusters and tools read the mesh with
    if (!sharesNamespace) {
      ns(new KubeServiceAccount(this, 'ReaderServiceAccount', {
        metadata: { name: 'istio-reader-service-account', namespace: n.namespace, labels: l.reader('base') },
      }));
    }
    this.serviceAccount = ns(new KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: n.istiod, namespace: n.namespace, labels: l.istiod },
    }));
    this.clusterRole('Reader', `istio-reader-clusterrole${n.suffix}-${n.namespace}`, l.reader('istiod'), READER_CLUSTER_RULES, 'istio-reader-service-account');
    this.clusterRole('Istiod', `istiod-clusterrole${n.suffix}-${n.namespace}`, l.istiod, ISTIOD_CLUSTER_RULES, n.istiod);
    this.clusterRole('GatewayController', `istiod-gateway-controller${n.suffix}-${n.namespace}`, l.istiod, GATEWAY_CONTROLLER_RULES, n.istiod);

    this.validationWebhook = clusterScoped(new KubeValidatingWebhookConfiguration(this, 'ValidationWebhook', {
      metadata: { name: `istio-validator${n.suffix}-${n.namespace}`, labels: { ...l.istiod, 'istio': 'istiod', 'istio.io/rev': n.revision } },
      webhooks: [validationWebhook(n)],
    }));

    const meshJson = meshConfigJson(this.meshConfig, {
      rootNamespace: mesh.rootNamespace,
      trustDomain: mesh.trustDomain,
      discoveryAddress: this.discoveryAddress,
    });
    this.meshConfigMap = ns(new KubeConfigMap(this, 'MeshConfig', {
      metadata: { name: `istio${n.suffix}`, namespace: n.namespace, labels: l.config },
      data: { mesh: helmYaml(meshJson), meshNetworks: 'networks: {}' },
    }));
    this.injectorConfigMap = ns(new KubeConfigMap(this, 'InjectorConfig', {
      metadata: { name: `istio-sidecar-injector${n.suffix}`, namespace: n.namespace, labels: l.config },
      data: {
        // the templates are read during validation, which runs before this is produced
        config: lazy(() => injectorConfig(this.templates?.templates ?? {})),
        values: goJson(injectorValues(this.settings)),
      },
    }));
    const traceSampling = this.meshConfig.tracingSampling ?? DEFAULT_TRACE_SAMPLING;
    const resources = resolvedResources?.resources ?? DEFAULT_RESOURCES;
    const autoscale = autoscaling && {
      min: autoscaling.minReplicas ?? 1,
      max: autoscaling.maxReplicas ?? 5,
      cpu: autoscaling.targetCpuUtilization ?? 80,
    };
    ns(new KubeConfigMap(this, 'Values', {
      metadata: {
        name: `values${n.suffix}`,
        namespace: n.namespace,
        labels: l.config,
        annotations: {
          'kubernetes.io/description': 'This ConfigMap contains the Helm values used during chart rendering. This ConfigMap is rendered for debugging purposes and external tooling; modifying these values has no effect.',
        },
      },
      data: debugValues({
        settings: this.settings,
        meshConfig: meshJson,
        replicas: props.replicas,
        autoscaling: autoscale,
        resources,
        traceSampling,
        meshConfigGiven: meshConfigKeysGiven(this.meshConfig),
        trustDomainGiven: mesh.trustDomain !== 'cluster.local',
        given: {
          global: { hub: this.istio.hub, istioNamespace: this.namespace, tag: this.istio.tag },
          ...(this.istio.revision ? { revision: this.istio.revision } : {}),
          ...(props.replicas !== undefined ? { autoscaleEnabled: false, replicaCount: props.replicas } : {}),
          ...(props.autoscaling?.minReplicas !== undefined ? { autoscaleMin: props.autoscaling.minReplicas } : {}),
          ...(props.autoscaling?.maxReplicas !== undefined ? { autoscaleMax: props.autoscaling.maxReplicas } : {}),
          ...(props.autoscaling?.targetCpuUtilization !== undefined
            ? { cpu: { targetAverageUtilization: props.autoscaling.targetCpuUtilization } } : {}),
          ...(props.resources ? { resources } : {}),
          ...(this.meshConfig.tracingSampling !== undefined ? { traceSampling } : {}),
        },
      }),
    }));

    this.injectionWebhook = clusterScoped(new KubeMutatingWebhookConfiguration(this, 'InjectionWebhook', {
      metadata: { name: injectorWebhookName(n), labels: { ...l.common('istiod'), app: 'sidecar-injector', ...l.pilot, release: 'istio' } },
      webhooks: injectionWebhooks(n),
    }));

    const selector = podSelector(n);
    this.deployment = ns(new KubeDeployment(this, 'Deployment', {
      metadata: { name: n.istiod, namespace: n.namespace, labels: l.workload },
      spec: {
        replicas: props.replicas,
        selector: { matchLabels: selector },
        strategy: { rollingUpdate: { maxSurge: IntOrString.fromString('100%'), maxUnavailable: IntOrString.fromString('25%') } },
        template: {
          metadata: {
            annotations: {
              ...(meshJson.enablePrometheusMerge ? { 'prometheus.io/port': '15014', 'prometheus.io/scrape': 'true' } : {}),
              'sidecar.istio.io/inject': 'false',
            },
            labels: l.pod,
          },
          spec: istiodPodSpec(n, {
            image: this.istio.pilotImage,
            imagePullPolicy: this.settings.imagePullPolicy || undefined,
            clusterDomain: this.settings.clusterDomain,
            logLevel: this.settings.proxy.agentLogLevel,
            clusterId: this.settings.clusterName || 'Kubernetes',
            traceSampling,
            resources,
          }),
        },
      },
    }));

    const role = ns(new KubeRole(this, 'Role', { metadata: { name: n.istiod, namespace: n.namespace, labels: l.istiod }, rules: ISTIOD_NAMESPACE_RULES }));
    ns(new KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: n.istiod, namespace: n.namespace, labels: l.istiod },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: n.istiod },
      subjects: [{ kind: 'ServiceAccount', name: n.istiod, namespace: n.namespace }],
    })).addDependency(role);

    if (autoscale) {
      this.horizontalPodAutoscaler = ns(new KubeHorizontalPodAutoscalerV2(this, 'Autoscaler', {
        metadata: { name: n.istiod, namespace: n.namespace, labels: { ...l.istiod, ...l.pilot } },
        spec: {
          maxReplicas: autoscale.max,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: autoscale.cpu } } }],
          minReplicas: autoscale.min,
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: n.istiod },
        },
      }));
    }

    this.service = ns(new KubeService(this, 'Service', {
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

    const minReplicas = props.replicas ?? autoscale?.min ?? 1;
    if (props.disruptionBudget ?? minReplicas > 1) {
      this.podDisruptionBudget = ns(new KubePodDisruptionBudget(this, 'DisruptionBudget', {
        metadata: { name: n.istiod, namespace: n.namespace, labels: l.workload },
        spec: { minAvailable: IntOrString.fromNumber(1), selector: { matchLabels: serviceSelector(n) } },
      }));
    }

    this.node.addValidation({ validate: () => this.problems() });
  }

  private clusterRole(id: string, name: string, labels: { [key: string]: string }, rules: PolicyRule[], serviceAccount: string): void {
    const role = clusterScoped(new KubeClusterRole(this, `${id}ClusterRole`, { metadata: { name, labels }, rules }));
    clusterScoped(new KubeClusterRoleBinding(this, `${id}ClusterRoleBinding`, {
      metadata: { name, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount, namespace: this.namespace }],
    })).addDependency(role);
  }

  private problems(): string[] {
    this.templates = this.injectionTemplates._read();
    const problems = [...this.templates.problems];
    const mesh = this.mesh;
    if (mesh.namespaces.includes(this.namespace) && this.namespace !== mesh.rootNamespace) {
      problems.push(`namespace '${this.namespace}' is an application namespace of the mesh: run istiod in the root namespace or a namespace of its own`);
    }
    if (this.revision !== mesh.istio.revisionName) {
      // a canary control plane: the mesh's namespaces and pods select the mesh's revision
      return problems;
    }
    const webhook = this.dataPlaneUsers(DataPlaneMode.WEBHOOK);
    if (webhook.length > 0 && this.injectionTemplates.source === undefined) {
      problems.push(`the webhook data plane (${webhook.join(', ')}) needs Istio's injection templates, but 'injectionTemplates' is InjectionTemplates.none(): `
        + `give 'injectionTemplates: InjectionTemplates.fromFile(...)' with the injector config of Istio ${this.istio.version} `
        + "(the 'config' of its istio-sidecar-injector ConfigMap), or use DataPlane.synthTime()");
    }
    const synthTime = this.dataPlaneUsers(DataPlaneMode.SYNTH_TIME);
    if (synthTime.length > 0) {
      problems.push(...this.synthTimeDisagreements(synthTime.join(', ')));
    }
    return problems;
  }

  /** Namespaces and services of the mesh whose pods use a data plane mode. */
  private dataPlaneUsers(mode: DataPlaneMode): string[] {
    const mesh = this.mesh;
    const namespaces = mesh.namespaces.filter(ns => ns !== mesh.rootNamespace && mesh.namespaceDataPlane(ns).mode === mode);
    const services = mesh.services.filter(s => s.dataPlane.mode === mode && !namespaces.includes(s.namespace));
    return [...namespaces.map(ns => `namespace '${ns}'`), ...services.map(s => `service '${s.name}.${s.namespace}'`)];
  }

  /** Where synth-time injected proxies would not get what this control plane tells webhook-injected ones. */
  private synthTimeDisagreements(users: string): string[] {
    const synth = resolveSettings(injectionSettings(this.mesh, this.mesh.dataPlane));
    const problems: string[] = [];
    if (synth.rootNamespace !== this.namespace) {
      problems.push(`synth-time injection (${users}) points proxies at istiod in the root namespace '${synth.rootNamespace}', `
        + `but this control plane runs in '${this.namespace}': leave 'namespace' out, or use the webhook data plane`);
    }
    const c = this.meshConfig;
    const checks: Array<[string, unknown, unknown, string]> = [
      ['proxyConcurrency', c.proxyConcurrency, synth.proxy.concurrency, "set it per service with 'proxy.concurrency', or "],
      ['holdApplicationUntilProxyStarts', c.holdApplicationUntilProxyStarts, synth.proxy.holdApplicationUntilProxyStarts,
        "set it per service with 'proxy.holdApplicationUntilProxyStarts', or "],
      ['enablePrometheusMerge', c.enablePrometheusMerge, synth.enablePrometheusMerge, ''],
    ];
    for (const [prop, wanted, synthesized, alternative] of checks) {
      if (wanted !== undefined && wanted !== synthesized) {
        problems.push(`'meshConfig.${prop}' (${wanted}) does not reach synth-time injected proxies (${users}): ${alternative}use the webhook data plane`);
      }
    }
    return problems;
  }
}

const PROPS = shape({
  mesh: instance('Mesh', v => v instanceof Mesh),
  namespace: optional(str),
  istio: optional(instance("IstioRelease (e.g. IstioRelease.of({ revision: 'canary' }))", v => v instanceof IstioRelease)),
  replicas: optional(num),
  autoscaling: optional(shape({ minReplicas: optional(num), maxReplicas: optional(num), targetCpuUtilization: optional(num) })),
  resources: optional(containerResources),
  disruptionBudget: optional(bool),
  meshConfig: optional(shape({
    accessLogFile: optional(str),
    accessLogEncoding: optional(oneOf(AccessLogEncoding)),
    accessLogFormat: optional(str),
    outboundTrafficPolicy: optional(oneOf(OutboundTrafficPolicyMode)),
    enableAutoMtls: optional(bool),
    holdApplicationUntilProxyStarts: optional(bool),
    tracingSampling: optional(num),
    proxyConcurrency: optional(num),
    enablePrometheusMerge: optional(bool),
    connectTimeout: optional(duration),
    protocolDetectionTimeout: optional(duration),
  })),
  injectionTemplates: optional(instance('InjectionTemplates (e.g. InjectionTemplates.fromFile(path))', v => v instanceof InjectionTemplates)),
});

/** Removes the namespace a Chart's `namespace` prop would stamp on a cluster-scoped object. */
function clusterScoped<T extends ApiObject>(obj: T): T {
  if (Chart.of(obj).namespace !== undefined) {
    obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  return obj;
}

/** A control plane with the mesh's revision must install the mesh's release. */
function sameRevisionDifferentRelease(mine: IstioRelease, mesh: IstioRelease): string | undefined {
  const describe = (r: IstioRelease) => `${r.hub}/pilot:${r.tag} (Istio ${r.version})`;
  if (mine.revisionName !== mesh.revisionName || describe(mine) === describe(mesh)) {
    return undefined;
  }
  return `'istio' ${describe(mine)} differs from the mesh's release ${describe(mesh)} but has the same revision '${mine.revisionName}': `
    + 'leave \'istio\' out to install the mesh\'s release, or give it a revision of its own for a canary control plane';
}
