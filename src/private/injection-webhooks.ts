/**
 * The sidecar injection webhooks of Istio's `istiod` chart: which namespaces and pods each one
 * selects. The control plane renders them; the analysis assumes them for a cluster whose
 * manifests declare none.
 */
import { IGNORED_NAMESPACES, LABEL } from './istio-names';

/** A label selector requirement (`matchExpressions` entry). */
export interface SelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: string[];
}

/** One injection webhook: its name and the label requirements of its namespace and object selectors. */
export interface InjectionWebhookSelectors {
  /** `rev.namespace.sidecar-injector.istio.io` … */
  readonly name: string;
  readonly namespaceSelector: SelectorRequirement[];
  readonly objectSelector: SelectorRequirement[];
}

function expr(key: string, operator: string, values?: string[]): SelectorRequirement {
  return values ? { key, operator, values } : { key, operator };
}

/**
 * The injection webhooks of one revision: namespaces labelled `istio.io/rev=<revision>`, and pods
 * labelled so in unlabelled namespaces. The default revision also serves `istio-injection=enabled`
 * namespaces and pods labelled `sidecar.istio.io/inject=true` in unlabelled namespaces, and, when
 * the injector enables namespaces by default, every unlabelled namespace but Kubernetes' own.
 *
 * @param revision the revision as Istio names it (`default` when there is none)
 * @param defaultRevision whether the revision is the default one
 * @param enabledByDefault the chart's `enableNamespacesByDefault` (default revision only)
 */
export function injectionWebhookSelectors(revision: string, defaultRevision: boolean, enabledByDefault = false): InjectionWebhookSelectors[] {
  const notDisabled = expr(LABEL.inject, 'NotIn', ['false']);
  const webhook = (prefix: string, namespaceSelector: SelectorRequirement[], objectSelector: SelectorRequirement[]) =>
    ({ name: `${prefix}sidecar-injector.istio.io`, namespaceSelector, objectSelector });
  const unlabelled = (first: string, second: string) => [expr(first, 'DoesNotExist'), expr(second, 'DoesNotExist')];
  return [
    webhook('rev.namespace.', [expr(LABEL.revision, 'In', [revision]), expr(LABEL.injection, 'DoesNotExist')], [notDisabled]),
    webhook('rev.object.', unlabelled(LABEL.revision, LABEL.injection), [notDisabled, expr(LABEL.revision, 'In', [revision])]),
    ...defaultRevision ? [
      webhook('namespace.', [expr(LABEL.injection, 'In', ['enabled'])], [notDisabled]),
      webhook('object.', unlabelled(LABEL.injection, LABEL.revision), [expr(LABEL.inject, 'In', ['true']), expr(LABEL.revision, 'DoesNotExist')]),
    ] : [],
    ...defaultRevision && enabledByDefault ? [
      webhook('auto.',
        [...unlabelled(LABEL.injection, LABEL.revision), expr('kubernetes.io/metadata.name', 'NotIn', [...IGNORED_NAMESPACES])],
        unlabelled(LABEL.inject, LABEL.revision)),
    ] : [],
  ];
}
