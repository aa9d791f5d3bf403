/**
 * Whether requests a workload's policies do not mention are let through: Istio's default (open),
 * or denied unless an ALLOW policy derived from the declared call graph (or your own) matches.
 */
export enum AuthorizationMode {
  /** No allow-nothing policy: calls the graph does not declare still pass (Istio's default). */
  OPEN = 'OPEN',
  /**
   * Only declared calls pass: an allow-nothing AuthorizationPolicy at the setting's scope (mesh:
   * the root namespace; namespace; service: its own ALLOW policy), and one ALLOW policy per
   * service listing its declared callers.
   */
  DENY_BY_DEFAULT = 'DENY_BY_DEFAULT',
}
