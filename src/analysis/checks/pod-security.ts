/**
 * Pods that break the Pod Security Standard their namespace enforces (its
 * `pod-security.kubernetes.io/enforce` label): the API server would refuse to create them, so the
 * workload never runs. Pods are checked as they run: a given Pod as written, a controller's pod
 * after injection. Where Istio's webhook injects a pod, the containers it adds are those the
 * sidecar template writes with the injector's values of the input (whether the cluster runs
 * Istio's CNI node agent, `pilot.cni.enabled`); without the injector's ConfigMap in the input,
 * only the pod's own containers are checked. The pods istiod deploys for Gateway API Gateways
 * are not checked (the model has their container in outline only). Pods the library emits meet
 * their namespace's level (it checks them at synthesis), so this reports on hand-written manifests.
 */
import { inject } from '../../private/inject';
import { DEFAULT_SETTINGS } from '../../private/inject/settings';
import { LABEL } from '../../private/istio-names';
import { describeViolation, enforcedLevel, Level, podSecurityViolations } from '../../private/pod-security';
import { Check } from '../check';
import { hasProxy, injectorConfigMapName } from '../cluster';
import { MESH } from '../messages';
import { Model } from '../model';
import { templateOf } from '../objects';
import { Pod } from '../pods';

/** Whether an injector's `values` say the cluster runs Istio's CNI node agent; undefined when unknown. */
function cniEnabled(valuesJson: string | undefined): boolean | undefined {
  if (valuesJson === undefined) return undefined;
  try {
    return JSON.parse(valuesJson)?.pilot?.cni?.enabled === true;
  } catch {
    return undefined;
  }
}

/**
 * The pod spec and annotations as they run. A pod the webhook injects is injected with the
 * sidecar template, when the input holds the injector's values; else its own containers only.
 */
function asRun(model: Model, pod: Pod): { spec: any; annotations: { [key: string]: string } } {
  const template = pod.given ? undefined : templateOf(pod.obj);
  if (!template || !pod.injected || hasProxy(template.spec)) return { spec: pod.podSpec, annotations: pod.annotations };
  const revision = pod.labels[LABEL.revision] ?? model.namespaceLabels(pod.namespace)?.[LABEL.revision];
  const cni = cniEnabled(model.injectorValues(injectorConfigMapName(revision)));
  if (cni === undefined) return { spec: template.spec, annotations: pod.annotations };
  try {
    const injected = inject(
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: pod.name, namespace: pod.namespace, labels: pod.labels, annotations: pod.annotations }, spec: template.spec },
      { ...DEFAULT_SETTINGS, rootNamespace: model.options.rootNamespace, cni },
    ).object;
    return { spec: injected.spec, annotations: injected.metadata?.annotations ?? {} };
  } catch {
    return { spec: template.spec, annotations: pod.annotations }; // the annotations the injector refuses are another check's
  }
}

export const podSecurityCheck: Check = {
  id: 'workload.pod-security',
  description: "pods that break their namespace's Pod Security Standard",
  types: [MESH.PodViolatesPodSecurityStandard],
  run(ctx) {
    for (const pod of ctx.model.pods) {
      // the pod istiod deploys for a Gateway API Gateway is its kube-gateway template's, which the model has only in outline
      if (pod.obj.kind === 'gateway/Gateway') continue;
      const level: Level | undefined = enforcedLevel(ctx.model.namespaceLabels(pod.namespace));
      if (level === undefined || level === 'privileged') continue;
      const { spec, annotations } = asRun(ctx.model, pod);
      const violations = podSecurityViolations(level, spec, annotations);
      if (violations.length === 0) continue;
      ctx.report(MESH.PodViolatesPodSecurityStandard, pod.obj,
        `Namespace ${pod.namespace} enforces the ${level} Pod Security Standard, which refuses the pod: ${violations.map(v => describeViolation(level, v)).join('; ')}`);
    }
  },
};
