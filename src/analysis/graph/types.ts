/**
 * The vocabulary of mesh diagrams: nodes (gateways, services, their versions, external hosts,
 * callers) keyed by what they stand for, and edges (routes, mirrors, allowed calls) between them.
 */

/** What a node stands for. */
export type NodeKind = 'gateway' | 'service' | 'version' | 'external' | 'callers' | 'workload';

/** One node of the diagram. */
export interface GraphNode {
  /**
   * What the node stands for, unique: `service:ns/name`, `version:ns/name/subset`,
   * `gateway:ns/name` (Istio), `k8s-gateway:ns/name` (Gateway API), `external:ns/name`
   * (a ServiceEntry), `host:name` (a host nothing declares), `callers:any` (any caller),
   * `callers:ns/NS` (any workload of a namespace), `workload:ns/name` (a caller without a Service).
   */
  readonly key: string;
  readonly kind: NodeKind;
  /** The text shown, one entry per line. */
  readonly lines: readonly string[];
  /** The namespace whose box holds the node; none for external hosts and any-caller nodes. */
  readonly namespace?: string;
  /** For a version: the key of its service, whose box holds it. */
  readonly service?: string;
}

/** What an edge stands for. */
export type EdgeKind = 'route' | 'mirror' | 'allowed' | 'serves';

/** One edge of the diagram. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  /** The edge's text (weight, match, fault …); none for `serves`. */
  readonly label?: string;
}

/** A diagram before it is drawn. */
export interface GraphData {
  /** Sorted by key. */
  readonly nodes: readonly GraphNode[];
  /** Routes (gateways' first, in each object's rule order), mirrors, then allowed calls. */
  readonly edges: readonly GraphEdge[];
}
