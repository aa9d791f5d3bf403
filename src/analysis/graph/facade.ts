/**
 * The mesh diagram's public face (jsii-compatible); the package's index exports it.
 */
import { buildGraph } from './build';
import { toMarkdown, toMermaid } from './mermaid';
import { GraphData } from './types';

/** What to assume about the cluster the manifests are for. */
export interface MeshGraphOptions {
  /**
   * Istio's namespace and (unless the mesh config sets `rootNamespace`) the mesh's root
   * namespace, whose AuthorizationPolicies apply in every namespace.
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;
  /** @default 'cluster.local' */
  readonly clusterDomain?: string;
  /**
   * Take namespaces the manifests do not declare to be labelled `istio-injection=enabled` (else
   * `disabled`): their workloads run Istio's proxy and count as services of the mesh.
   * @default true
   */
  readonly assumeInjected?: boolean;
  /**
   * The mesh config (MeshConfig YAML): `rootNamespace` and `trustDomain` (of the identities
   * AuthorizationPolicies name) are read.
   * @default - the `mesh` key of the ConfigMap `istio` in Istio's namespace, else Istio's defaults
   */
  readonly meshConfig?: string;
  /**
   * Manifests of objects the cluster holds that the input does not (Services, ServiceEntries …
   * that routes name).
   * @default - none
   */
  readonly clusterObjects?: any[];
}

/**
 * A diagram of a mesh from its manifests: ingress and egress gateways with their hosts, services
 * (by namespace) with their versions, routes with their weights in percent (mirrors and faults
 * noted), external services, and the callers AuthorizationPolicies allow.
 *
 * ```ts
 * const mermaid = MeshGraph.of(Testing.synth(chart)).toMermaid(); // flowchart LR …
 * ```
 */
export class MeshGraph {
  /** The diagram of a set of manifests (plain objects, e.g. `ApiObject.toJson()` results or parsed YAML documents). */
  public static of(manifests: any[], options: MeshGraphOptions = {}): MeshGraph {
    return new MeshGraph(buildGraph(manifests, options));
  }

  private readonly graph: GraphData;

  private constructor(graph: GraphData) {
    this.graph = graph;
  }

  /** The diagram as Mermaid text (`flowchart LR`), ending with a newline. */
  public toMermaid(): string {
    return toMermaid(this.graph);
  }

  /**
   * The diagram as a Markdown document: a heading and a `mermaid` code block, which GitHub draws in
   * files, pull-request descriptions and comments.
   * @param title the heading @default 'Mesh'
   */
  public toMarkdown(title: string = 'Mesh'): string {
    return toMarkdown(this.graph, title);
  }
}
