import { arrayOf, checkFactoryTypes, optional, shape, str } from './private/props';
import { dnsLabelProblem, throwValueProblems } from './private/validation';

/**
 * Who owns the mesh-wide objects of a cluster's mesh.
 */
export enum MeshOwnershipMode {
  /**
   * The app is the mesh's platform: it emits the root namespace, the mesh-wide PeerAuthentication,
   * every namespace of its services (labelled for injection), and may install the control plane
   * and the CRDs.
   */
  PLATFORM = 'platform',
  /**
   * The app is one team's part of a mesh the cluster already has: it emits its services and the
   * namespaces it owns, and only refers to the rest (root namespace, mesh-wide policy, other
   * teams' namespaces, the control plane and its CRDs).
   */
  APP_TEAM = 'app-team',
}

/**
 * Options of `MeshOwnership.appTeam`.
 */
export interface AppTeamOwnershipOptions {
  /**
   * The namespaces the team owns: the app emits their Namespace objects, labelled for the data
   * plane of the namespace. Every other namespace the mesh's services live in already exists in
   * the cluster, labelled by the platform: it is referred to, never emitted or relabelled.
   *
   * @default - none: every namespace already exists
   */
  readonly ownedNamespaces?: string[];
}

/**
 * Which objects a `Mesh` owns: all of the mesh's (platform, the default) or only a team's
 * services and namespaces in a mesh the cluster already runs (app team). Use the static
 * factories.
 *
 * ```ts
 * new Mesh(chart, 'mesh', { ownership: MeshOwnership.appTeam({ ownedNamespaces: ['shop'] }) });
 * ```
 */
export class MeshOwnership {
  /**
   * The app owns the mesh: root namespace, mesh-wide PeerAuthentication, every namespace of its
   * services (today's behaviour, the default).
   */
  public static platform(): MeshOwnership {
    return new MeshOwnership(MeshOwnershipMode.PLATFORM, []);
  }

  /**
   * The app joins a mesh the cluster already has (its root namespace, revision and installed
   * gateways): it emits no mesh-wide object, and Namespace objects only for `ownedNamespaces`.
   * What it refers to and does not emit is taken as existing by the synth-time analysis.
   */
  public static appTeam(options: AppTeamOwnershipOptions = {}): MeshOwnership {
    checkFactoryTypes(options, shape({ ownedNamespaces: optional(arrayOf(str)) }));
    const owned = options.ownedNamespaces ?? [];
    throwValueProblems(owned.map((ns, i) => dnsLabelProblem(`ownedNamespaces[${i}]`, ns)));
    return new MeshOwnership(MeshOwnershipMode.APP_TEAM, owned);
  }

  private constructor(
    /** Platform or app team. */
    public readonly mode: MeshOwnershipMode,
    /** The namespaces an app team owns (empty for the platform, which owns them all). */
    public readonly ownedNamespaces: string[],
  ) {}

  /** Whether the app emits the mesh-wide objects (root namespace, mesh-wide PeerAuthentication). */
  public get ownsMeshWideObjects(): boolean {
    return this.mode === MeshOwnershipMode.PLATFORM;
  }

  /** Whether the app emits the Namespace object of `namespace`. */
  public ownsNamespace(namespace: string): boolean {
    return this.mode === MeshOwnershipMode.PLATFORM || this.ownedNamespaces.includes(namespace);
  }
}
