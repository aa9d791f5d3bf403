import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ControlPlaneAutoscaling } from './control-plane-autoscaling';
import { InjectionTemplates } from './injection-templates';
import { IstioRelease } from './istio-release';
import { Mesh } from './mesh';
import { AccessLogEncoding, MeshConfigOptions, OutboundTrafficPolicyMode } from './mesh-config';
import { meshModelOf } from './model/mesh';
import { createClusterRoles, createNamespaceRole, createServiceAccounts } from './private/control-plane/access';
import { controlPlaneProblems } from './private/control-plane/checks';
import { createConfigMaps } from './private/control-plane/config-maps';
import { createInstall, createIstiodNamespace, discoveryAddress, installNames } from './private/control-plane/install';
import { createAutoscaler, createDeployment, createDisruptionBudget, createService } from './private/control-plane/istiod';
import { resolveIstiodSpec } from './private/control-plane/istiod-spec';
import { meshProblems } from './private/control-plane/mesh-checks';
import { resolveControlPlaneResources } from './private/control-plane/resources';
import { TemplatesRead } from './private/control-plane/templates';
import { createValidationWebhook, createInjectionWebhook } from './private/control-plane/webhooks';
import { resolveSettings } from './private/inject';
import { bool, checkTypes, containerResources, duration, instance, num, oneOf, optional, shape, str } from './private/props';
import { injectionSettings } from './private/sidecar';
import { throwIfProblems } from './private/validation';
import { checkPodSecurity } from './private/workload-pod-security';
import type { WorkloadResources } from './workload-resources';

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
   * CPU and memory of the istiod container; replaces the default as a whole. cdk8s-plus's
   * `ContainerResources` of any version fit.
   *
   * @default - requests of 500m CPU and 2048Mi memory, no limits (Istio's default)
   */
  readonly resources?: WorkloadResources;

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

const REGISTRY = new WeakMap<Mesh, ControlPlane[]>();

/**
 * Istio's control plane: istiod with everything Istio's default istiod install has (service
 * accounts, RBAC, admission webhooks, the mesh config and injector ConfigMaps, the Deployment, its
 * autoscaler and Service), named by Istio's revision scheme.
 *
 * ```ts
 * new ControlPlane(chart, 'istiod', {
 *   mesh,
 *   autoscaling: { minReplicas: 2, maxReplicas: 5, targetCpuUtilization: 80 },
 *   meshConfig: { accessLogFile: '/dev/stdout', outboundTrafficPolicy: OutboundTrafficPolicyMode.REGISTRY_ONLY },
 * });
 * ```
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

  private readonly meshConfig: MeshConfigOptions;
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
    const resources = props.resources && resolveControlPlaneResources(props.resources);
    const others = ControlPlane.allOf(mesh);
    throwIfProblems(this, [mesh.ownership.ownsMeshWideObjects ? undefined
      : `mesh '${mesh.node.path}' joins an existing mesh (MeshOwnership.appTeam()), whose control plane the platform installs: declare the ControlPlane in the platform's mesh (MeshOwnership.platform())`]);
    throwIfProblems(this, controlPlaneProblems({
      namespace: this.namespace,
      istio: this.istio,
      meshIstio: mesh.istio,
      scaling: props,
      resourceProblems: resources?.problems ?? [],
      meshConfig: props.meshConfig,
      others,
    }));
    REGISTRY.set(mesh, [...others, this]);
    if (this.meshConfig.enableAutoMtls === false) {
      // clients of any revision may call the mesh's services: their DestinationRules carry client TLS
      meshModelOf(mesh)!.autoMtls = false;
    }

    const names = installNames(this.namespace, this.istio.revision);
    this.name = names.istiod;
    this.discoveryAddress = discoveryAddress(names);
    const spec = resolveIstiodSpec({
      mesh,
      namespace: this.namespace,
      release: this.istio,
      discoveryAddress: this.discoveryAddress,
      injection: injectionSettings(mesh, mesh.dataPlane),
      scaling: props,
      resources: resources?.resources,
      meshConfig: this.meshConfig,
    });

    const sharesNamespace = others.some(cp => cp.namespace === this.namespace);
    const namespaceObject = this.namespace === mesh.rootNamespace ? mesh._rootNamespaceObject()
      : sharesNamespace ? undefined : createIstiodNamespace(this, this.namespace);
    const install = createInstall(this, names, this.istio, namespaceObject);
    this.serviceAccount = createServiceAccounts(install, !sharesNamespace);
    createClusterRoles(install);
    this.validationWebhook = createValidationWebhook(install);
    const configMaps = createConfigMaps(install, spec, () => this.templates?.templates ?? {});
    this.meshConfigMap = configMaps.meshConfigMap;
    this.injectorConfigMap = configMaps.injectorConfigMap;
    this.injectionWebhook = createInjectionWebhook(install);
    this.deployment = createDeployment(install, spec);
    // istiod meets baseline; a namespace of the mesh that enforces more says so at synthesis
    checkPodSecurity(this.deployment, mesh, this.namespace);
    createNamespaceRole(install);
    if (spec.scaling.autoscale) {
      this.horizontalPodAutoscaler = createAutoscaler(install, spec.scaling.autoscale);
    }
    this.service = createService(install);
    if (spec.scaling.disruptionBudget) {
      this.podDisruptionBudget = createDisruptionBudget(install);
    }

    this.node.addValidation({ validate: () => this.problems() });
  }

  private problems(): string[] {
    // read here, before synthesis produces the injector config that holds them
    this.templates = this.injectionTemplates._read();
    return [
      ...this.templates.problems,
      ...meshProblems({
        mesh: this.mesh,
        services: this.mesh.services,
        namespace: this.namespace,
        revision: this.revision,
        version: this.istio.version,
        templatesSource: this.injectionTemplates.source,
        meshConfig: this.meshConfig,
        synthTimeSettings: () => resolveSettings(injectionSettings(this.mesh, this.mesh.dataPlane)),
      }),
    ];
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
