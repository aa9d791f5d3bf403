/**
 * Sidecar injection (istioctl's injection.Analyzer): a Namespace with more than one kind of
 * injection label (IST0123); one without injection label, which is not injected (IST0102) unless
 * the injector enables namespaces by default (IST0148); and pods without the proxy in namespaces
 * labelled `istio-injection=enabled` (IST0103). As istioctl, `istio-system` and ambient
 * namespaces are left out, a revision label does not make the namespace's pods checked, and pods
 * that opt out or use the host network are fine. Pods of controllers are those the webhook has
 * injected (see cluster.ts); given Pods are checked as they run.
 */
import { ANNOTATION, ISTIO_SYSTEM, LABEL } from '../../private/istio-names';
import { PROXY_CONTAINER } from '../../private/proxy-ports';
import { Check } from '../check';
import { enableNamespacesByDefault, injectorConfigMapName } from '../cluster';
import { goList, IST } from '../messages';
import { asArray } from '../objects';

export const injectionCheck: Check = {
  id: 'injection',
  description: 'namespaces not enabled for injection and pods without the proxy',
  types: [IST.NamespaceNotInjected, IST.NamespaceMultipleInjectionLabels, IST.NamespaceInjectionEnabledByDefault, IST.PodMissingProxy],
  run(ctx) {
    const { model } = ctx;
    const injectorValues = (revision: string | undefined) => {
      const values = model.of('ConfigMap').find(cm => cm.name === injectorConfigMapName(revision))?.raw.data?.values;
      return typeof values === 'string' ? values : undefined;
    };
    const injected = new Set<string>();
    for (const name of model.namespaces()) {
      if (name === ISTIO_SYSTEM) continue;
      const ns = model.find('Namespace', '', name);
      const labels = model.namespaceLabels(name)!;
      const legacy = labels[LABEL.injection];
      const revision = labels[LABEL.revision];
      const istioLabels = legacy !== undefined ? [`${LABEL.injection}=${legacy}`] : [];
      for (const key of [LABEL.revision, LABEL.dataplaneMode]) {
        if (labels[key] !== undefined && (legacy === undefined || legacy === 'enabled')) istioLabels.push(`${key}=${labels[key]}`);
      }
      if (istioLabels.length > 1 && ns) {
        ctx.report(IST.NamespaceMultipleInjectionLabels, ns,
          `The namespace has more than one type of injection labels ${goList(istioLabels)}, which may lead to undefined behavior. Make sure only one injection label exists.`);
      }
      if (labels[LABEL.dataplaneMode] === 'ambient') continue;
      if ((legacy === undefined || legacy === '') && revision === undefined) {
        if (!ns) continue;
        if (enableNamespacesByDefault(injectorValues(revision))) {
          ctx.report(IST.NamespaceInjectionEnabledByDefault, ns, 'is enabled for Istio injection, as Istio is installed with enableNamespacesByDefault as true.');
        } else {
          ctx.report(IST.NamespaceNotInjected, ns,
            `The namespace is not enabled for Istio injection. Run 'kubectl label namespace ${name} istio-injection=enabled' to enable it, `
            + `or 'kubectl label namespace ${name} istio-injection=disabled' to explicitly mark it as not needing injection.`);
        }
        continue;
      }
      if (legacy === 'enabled') injected.add(name);
    }
    for (const pod of model.pods) {
      if (!injected.has(pod.namespace)) continue;
      const optOut = pod.labels[LABEL.inject] ?? pod.annotations[ANNOTATION.inject] ?? '';
      if (optOut.toLowerCase() === 'false' || pod.podSpec.hostNetwork === true) continue;
      const proxy = [...asArray(pod.podSpec.containers), ...asArray(pod.podSpec.initContainers)].find(c => c?.name === PROXY_CONTAINER);
      if (typeof proxy?.image === 'string' && proxy.image !== '') continue;
      ctx.report(IST.PodMissingProxy, pod.obj, `The pod ${pod.namespace}/${pod.name} is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.`);
    }
  },
};
