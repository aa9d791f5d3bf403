import { Construct } from 'constructs';
import { IMesh } from './interfaces/mesh';
import { IMeshHost } from './interfaces/mesh-host';
import { MESH_PROP, meshModelOf, MeshModel } from './model/mesh';
import { ReferenceModel, registerReferenceModel } from './model/reference';
import { expectInCluster } from './private/cluster-objects';
import { checkTypes, childPath, shape, str } from './private/props';
import { protocolFromPortName, protocolPrefix } from './private/protocol';
import { namePorts, portProblems } from './private/service-ports';
import { SERVICE_REFERENCE_OPTIONS_FIELDS } from './private/service-reference-schema';
import { dns1035LabelProblem, dnsLabelProblem, dnsSubdomainProblem, throwIfProblems } from './private/validation';
import { Protocol } from './protocol';

/**
 * A port of a service declared elsewhere, as its Kubernetes Service declares it.
 */
export interface ServiceReferencePort {
  /** The Service port. */
  readonly port: number;

  /**
   * The port's protocol.
   *
   * @default - the protocol the name tells Istio (`grpc-…`), else Protocol.HTTP
   */
  readonly protocol?: Protocol;

  /**
   * The Service port's name.
   *
   * @default - the protocol's prefix (`http`, `grpc`, `tcp`…), with `-<port>` when several ports share a protocol
   */
  readonly name?: string;
}

/**
 * A version of a service declared elsewhere: a subset of the DestinationRule its owner emits.
 */
export interface ServiceReferenceVersion {
  /** The subset name (what routes name as `version`). */
  readonly name: string;

  /**
   * The labels of the subset (its owner's DestinationRule selects the version's pods by them).
   *
   * @default { version: <name> } (what a MeshService's versions use)
   */
  readonly labels?: { [key: string]: string };
}

/**
 * Options of a reference to a service declared elsewhere.
 */
export interface ServiceReferenceOptions {
  /**
   * The service's namespace.
   *
   * @default - the mesh's default namespace
   */
  readonly namespace?: string;

  /**
   * The ServiceAccount the service's pods run as: its identity when it calls services of this
   * app (`Caller.service`).
   *
   * @default - unknown: the service cannot be named as a caller
   */
  readonly serviceAccountName?: string;

  /** The service's ports, with their protocols. Routes to the service are checked against them. */
  readonly ports: ServiceReferencePort[];

  /**
   * The service's versions: the subsets of the DestinationRule the service's owner emits for it
   * (this app does not emit it, and the analysis takes it as existing). Routes may name them.
   *
   * @default - no versions: routes send to the whole service
   */
  readonly versions?: ServiceReferenceVersion[];

  /**
   * The name of the owner's DestinationRule that declares `versions`.
   *
   * @default - the service name (as a MeshService names its DestinationRule)
   */
  readonly destinationRuleName?: string;
}

/**
 * Properties of a `ServiceReference`.
 */
export interface ServiceReferenceProps extends ServiceReferenceOptions {
  /** The mesh whose routes send to the service (a `Mesh`). */
  readonly mesh: IMesh;

  /** The Kubernetes Service name of the service. A DNS-1035 label. */
  readonly name: string;
}

/**
 * A service of the mesh that another app declares (another team's, another repository's): a
 * route destination, like a `MeshService`, that emits nothing. Its Service (and, when it has
 * versions, its owner's DestinationRule with their subsets) is taken as existing in the cluster by
 * the synth-time analysis.
 *
 * ```ts
 * const ratings = mesh.referenceService('ratings', {
 *   namespace: 'team-b',
 *   ports: [{ port: 9080 }],
 *   versions: [{ name: 'v1' }],
 * });
 * productpage.addRoute({ destinations: [{ host: ratings, version: 'v1' }] });
 * ```
 *
 * renders `host: ratings.team-b.svc.cluster.local` (the short name only inside its namespace,
 * when no other service of the mesh has the name) with `subset: v1`.
 */
export class ServiceReference extends Construct implements IMeshHost {
  /** The Kubernetes Service name. */
  public readonly name: string;
  /** The service's namespace. */
  public readonly namespace: string;
  /** The mesh the reference belongs to. */
  public readonly mesh: IMesh;
  /** The service's ports, with their names and protocols resolved. */
  public readonly ports: ServiceReferencePort[];
  /** The service's versions, with their subset labels resolved. */
  public readonly versions: ServiceReferenceVersion[];
  /** The name of the owner's DestinationRule that declares the versions. */
  public readonly destinationRuleName: string;

  private readonly _meshModel: MeshModel;
  private readonly _model: ReferenceModel;

  public constructor(scope: Construct, id: string, props: ServiceReferenceProps) {
    super(scope, id);
    checkTypes(childPath(scope, id), props, PROPS);
    this.mesh = props.mesh;
    this._meshModel = meshModelOf(props.mesh)!;
    this.name = props.name;
    this.namespace = props.namespace ?? props.mesh.defaultNamespace;
    this.destinationRuleName = props.destinationRuleName ?? this.name;
    const declared = this._meshModel.findService(this.name, this.namespace);
    const referenced = this._meshModel.findReference(this.name, this.namespace);
    const versions = props.versions ?? [];
    throwIfProblems(this, [
      dns1035LabelProblem('name', this.name),
      dnsLabelProblem('namespace', this.namespace),
      dnsSubdomainProblem('destinationRuleName', this.destinationRuleName),
      props.serviceAccountName === undefined ? undefined : dnsSubdomainProblem('serviceAccountName', props.serviceAccountName),
      props.ports.length === 0 ? `'ports' must name at least one port of service '${this.name}', got none` : undefined,
      ...portProblems(props.ports),
      ...versions.map((v, i) => dnsLabelProblem(`versions[${i}].name`, v.name)),
      ...versions.map((v, i) => versions.findIndex(o => o.name === v.name) !== i ? `'versions[${i}].name' '${v.name}' is declared twice` : undefined),
      declared ? `service '${this.name}' in namespace '${this.namespace}' is declared by this app (at ${declared.host.node.path}): route to it, not to a reference` : undefined,
      referenced ? `service '${this.name}' in namespace '${this.namespace}' is already referenced (at ${referenced.node.path})` : undefined,
    ]);
    this.ports = namePorts(props.ports).map(p => ({ port: p.port, protocol: p.protocol, name: p.name }));
    this.versions = versions.map(v => ({ name: v.name, labels: { ...v.labels ?? { version: v.name } } }));
    this._meshModel.registerReference(this);
    this._model = {
      host: this,
      name: this.name,
      namespace: this.namespace,
      ports: this.ports.map(p => ({
        name: p.name!,
        port: p.port,
        ...p.protocol === Protocol.UDP ? { protocol: 'UDP' } : {},
        ...protocolFromPortName(p.name!) === p.protocol ? {} : { appProtocol: protocolPrefix(p.protocol!) },
      })),
      versions: this.versionNames,
      serviceAccountName: props.serviceAccountName,
    };
    registerReferenceModel(this._model);
    expectInCluster(this, () => this.expectedObjects());
  }

  /** The versions (subsets) routes may name. */
  public get versionNames(): string[] {
    return this.versions.map(v => v.name);
  }

  /** The port numbers. */
  public get portNumbers(): number[] {
    return this.ports.map(p => p.port);
  }

  /** `<name>.<namespace>.svc.<clusterDomain>`. */
  public get fqdn(): string {
    return `${this.name}.${this.namespace}.svc.${this.mesh.clusterDomain}`;
  }

  /**
   * How an Istio object in `namespace` names the service: the short name when that is
   * unambiguous (same namespace, no other service of the mesh with this name), else the FQDN.
   */
  public hostFrom(namespace: string): string {
    return this._meshModel.hostName(this, namespace);
  }

  /**
   * The Service, the DestinationRule of the versions, and what the mesh's routing backend needs
   * besides (Gateway API: the versions' Services): what the cluster holds for the service.
   */
  private expectedObjects(): any[] {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: this.name, namespace: this.namespace },
      spec: { ports: this._model.ports.map(p => ({ ...p })) },
    };
    const routing = this._meshModel.backend.referencedObjects?.(this._model) ?? [];
    if (this.versions.length === 0) {
      return [service, ...routing];
    }
    return [service, {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: this.destinationRuleName, namespace: this.namespace },
      spec: { host: this.fqdn, subsets: this.versions.map(v => ({ name: v.name, labels: v.labels })) },
    }, ...routing];
  }
}

const PROPS = shape({ mesh: MESH_PROP, name: str, ...SERVICE_REFERENCE_OPTIONS_FIELDS });
