/**
 * The mesh as its members share it: its settings (through `IMesh`), its routing backend, and the
 * registry of what its members declared (services, ServiceAccounts), which host names and
 * duplicate checks read. `Mesh` creates it; members find it with `meshModelOf`.
 */
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { CallGraph } from './call-graph';
import { GatewayModel } from './gateway';
import { RoutingBackend } from './routing-backend';
import { SecurityModel } from './security';
import { ServiceModel } from './service';
import { IMesh } from '../interfaces/mesh';
import { IMeshHost } from '../interfaces/mesh-host';
import { MtlsMode } from '../mtls';
import { push } from '../private/multimap';
import { instance } from '../private/props';

export class MeshModel {
  private readonly _services: ServiceModel[] = [];
  /** Services by name, for constant-time host-name and duplicate look-ups. */
  private readonly byName = new Map<string, ServiceModel[]>();
  /** Hosts declared elsewhere that routes send to (ServiceReference), by name. */
  private readonly referencesByName = new Map<string, IMeshHost[]>();
  /** The ServiceAccounts of services, by `namespace/name`: services may share one. */
  private readonly accounts = new Map<string, kplus.ServiceAccount>();
  /** The mTLS mode given for a namespace (`NamespaceOptions.mtls`), by namespace. */
  private readonly namespaceModes = new Map<string, MtlsMode>();
  /**
   * Whether clients pick mutual TLS by themselves (MeshConfig `enableAutoMtls`, on unless a
   * ControlPlane of the mesh turns it off).
   */
  public autoMtls = true;

  /** Who may call whom, as declared. */
  public readonly callGraph = new CallGraph();
  private readonly _gateways: GatewayModel[] = [];

  public constructor(
    /** The mesh's settings. */
    public readonly mesh: IMesh,
    /** The routing backend chosen for the mesh's `routingApi`. */
    public readonly backend: RoutingBackend,
    /** The security settings of the mesh and its namespaces. */
    public readonly security: SecurityModel,
  ) {}

  /** The gateways of the mesh, in declaration order. */
  public get gateways(): readonly GatewayModel[] {
    return this._gateways;
  }

  /** Registers a gateway. */
  public registerGateway(gateway: GatewayModel): void {
    this._gateways.push(gateway);
  }

  /** The declared services, in declaration order. */
  public get services(): readonly ServiceModel[] {
    return this._services;
  }

  /**
   * The Namespace object of an application namespace (added to the mesh when new); none when the
   * app does not own the namespace (it exists in the cluster).
   */
  public namespaceObject(namespace: string): ApiObject | undefined {
    return this.mesh.addNamespace(namespace);
  }

  /** The mTLS mode given for a namespace, if any. */
  public namespaceMtls(namespace: string): MtlsMode | undefined {
    return this.namespaceModes.get(namespace);
  }

  /** Records the mTLS mode given for a namespace. */
  public setNamespaceMtls(namespace: string, mode: MtlsMode): void {
    this.namespaceModes.set(namespace, mode);
  }

  /** Registers a declared service. */
  public registerService(service: ServiceModel): void {
    this._services.push(service);
    const same = this.byName.get(service.name);
    if (same) {
      same.push(service);
    } else {
      this.byName.set(service.name, [service]);
    }
  }

  /** Registers a reference to a service declared elsewhere (it emits nothing, but shares host names). */
  public registerReference(host: IMeshHost): void {
    push(this.referencesByName, host.name, host);
  }

  /** The reference to the service named `name` in `namespace`, if any. */
  public findReference(name: string, namespace: string): IMeshHost | undefined {
    return (this.referencesByName.get(name) ?? []).find(h => h.namespace === namespace);
  }

  /** The service named `name` in `namespace`, if declared. */
  public findService(name: string, namespace: string): ServiceModel | undefined {
    return (this.byName.get(name) ?? []).find(s => s.namespace === namespace);
  }

  /**
   * How an Istio object in `fromNamespace` names `service`: the short name when the object lives
   * in the service's namespace and no other service of the mesh has the same name (so the short
   * name cannot be misread), else the fully qualified `name.namespace.svc.<clusterDomain>`.
   */
  public hostName(service: { name: string; namespace: string; fqdn: string }, fromNamespace: string): string {
    const shortIsClear = service.namespace === fromNamespace
      && [...this.byName.get(service.name) ?? [], ...this.referencesByName.get(service.name) ?? []].every(s => s.namespace === service.namespace);
    return shortIsClear ? service.name : service.fqdn;
  }

  /** The ServiceAccount a service of the mesh already emits in `namespace` under `name`, if any. */
  public serviceAccount(namespace: string, name: string): kplus.ServiceAccount | undefined {
    return this.accounts.get(`${namespace}/${name}`);
  }

  /** Registers the ServiceAccount a service emits, for services that name it later. */
  public registerServiceAccount(namespace: string, account: kplus.ServiceAccount): void {
    this.accounts.set(`${namespace}/${account.name}`, account);
  }
}

const MODELS = new WeakMap<IConstruct, MeshModel>();

/** Attaches a mesh's model to the mesh construct (done once, by `Mesh`). */
export function attachMeshModel(model: MeshModel): void {
  MODELS.set(model.mesh, model);
}

/** The model of a mesh, or undefined when `mesh` is not a `Mesh` of this library. */
export function meshModelOf(mesh: unknown): MeshModel | undefined {
  return typeof mesh === 'object' && mesh !== null ? MODELS.get(mesh as IConstruct) : undefined;
}

/** The prop type of a mesh that members are given: an `IMesh` that is a `Mesh` of this library. */
export const MESH_PROP = instance('Mesh', v => meshModelOf(v) !== undefined);
