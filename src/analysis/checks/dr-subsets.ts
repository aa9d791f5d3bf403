/**
 * DestinationRule hosts and subsets (istioctl's destinationrule.PodNotSelectedAnalyzer): the host
 * is a Service or ServiceEntry host (IST0174); each subset's labels (with a ServiceEntry's workload
 * selector) select a pod somewhere in the cluster (IST0173). As in Istio's service registry, a
 * pod's labels include the topology labels of its node (`topology.kubernetes.io/region`, `zone`,
 * `topology.istio.io/subzone`) and its node name (`kubernetes.io/hostname`).
 *
 * MESH008 is finer: a subset that selects no pod of its own host (the Service's selector and the
 * subset's labels, in the Service's namespace) while IST0173 is not reported for it — labels
 * matching another service's pods, or IST0173 suppressed on the rule (e.g. for a version whose pods
 * come from elsewhere).
 */
import { Check, suppressed } from '../check';
import { LabelIndex, Labels, selectorString, selects, stringMap } from '../labels';
import { IST, MESH } from '../messages';
import { Model } from '../model';
import { asArray } from '../objects';
import { Pod } from '../pods';
import { exportToOf } from './vs-util';
import { LOCALITY_LABELS } from '../../private/istio-names';

const [REGION, ZONE, SUBZONE] = LOCALITY_LABELS;

/** A pod's labels as Istio's registry sees them (`label.AugmentLabels` with its node's locality). */
function augmentedLabels(pod: Pod, nodes: ReadonlyMap<string, Labels>): Labels {
  const nodeName = typeof pod.podSpec.nodeName === 'string' ? pod.podSpec.nodeName : '';
  const node = nodes.get(nodeName);
  if (nodeName === '' && !node) return pod.labels;
  const out: Record<string, string> = { ...pod.labels };
  if (node) {
    // pilot's LocalityToString, then SplitLocalityLabel: a subzone counts only with a zone
    const region = node[REGION] ?? '';
    const zone = node[ZONE] ?? '';
    const subzone = zone === '' ? '' : node[SUBZONE] ?? '';
    if (region !== '') out[REGION] = region;
    if (zone !== '') out[ZONE] = zone;
    if (subzone !== '') out[SUBZONE] = subzone;
  }
  if (nodeName !== '') out['kubernetes.io/hostname'] = nodeName;
  return out;
}

/** The pods by their augmented labels (the model's index when no pod runs on a named node). */
function augmentedIndex(model: Model): LabelIndex<Pod> {
  if (!model.pods.some(p => typeof p.podSpec.nodeName === 'string' && p.podSpec.nodeName !== '')) return model.podIndex;
  const nodes = new Map(model.of('Node').map(n => [n.name, n.labels]));
  const augmented = new Map(model.pods.map(pod => [pod, augmentedLabels(pod, nodes)]));
  const index = new LabelIndex<Pod>(pod => augmented.get(pod)!);
  for (const pod of model.pods) index.add(pod.namespace, pod);
  return index;
}

export const drSubsetsCheck: Check = {
  id: 'destinationrule.subsets',
  description: 'DestinationRule hosts exist and their subsets select pods',
  types: [IST.UnknownDestinationRuleHost, IST.DestinationRuleSubsetNotSelectPods, MESH.SubsetSelectsNoPods],
  run(ctx) {
    const { model } = ctx;
    const index = augmentedIndex(model);
    for (const dr of model.of('DestinationRule')) {
      const host = String(dr.spec.host ?? '');
      const entry = model.lookupHost(dr.namespace, exportToOf(dr), host);
      if (!entry) {
        ctx.report(IST.UnknownDestinationRuleHost, dr, `The host ${host} defined in the DestinationRule does not match any services in the mesh.`);
        continue;
      }
      const code = IST.DestinationRuleSubsetNotSelectPods.code;
      const ist0173Reported = !ctx.options.ignore.has(code) && !suppressed(dr, code);
      for (const subset of asArray(dr.spec.subsets)) {
        const name = String(subset?.name ?? '');
        const subsetLabels = stringMap(subset?.labels);
        const selector: Labels = { ...(entry.workloadSelector ?? {}), ...subsetLabels };
        const anywhere = index.any(selector);
        if (!anywhere) {
          ctx.report(IST.DestinationRuleSubsetNotSelectPods, dr,
            `The Subset ${name} defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).`);
          if (ist0173Reported) continue;
        }
        let own: boolean;
        if (entry.obj.kind === 'Service') {
          const serviceSelector = stringMap(entry.obj.spec.selector);
          own = Object.keys(serviceSelector).length > 0 && index.select({ ...serviceSelector, ...subsetLabels }, entry.obj.namespace)
            .some(p => selects(serviceSelector, p.labels));
        } else if (entry.workloadSelector) {
          own = index.any(selector, entry.obj.namespace);
        } else {
          continue; // a ServiceEntry's endpoints are outside the manifests
        }
        if (own) continue;
        ctx.report(MESH.SubsetSelectsNoPods, dr,
          `subset '${name}' (labels ${selectorString(subsetLabels) || 'none'}) selects no pod of ${entry.obj.kind} ${entry.obj.fullName}: `
          + 'traffic routed to it fails with 503 (no healthy upstream) until such pods exist');
      }
    }
  },
};
