/**
 * `image: auto` that no injection replaces (istioctl's injection.ImageAutoAnalyzer): a pod whose
 * `istio-proxy` container still has `image: auto` — the webhook did not inject it (IST0147); a
 * Deployment with one in its pod template that no Istio injection webhook's selectors match, by its
 * namespace's labels and the template's labels (IST0146).
 */
import { PROXY_CONTAINER } from '../../private/proxy-ports';
import { Check } from '../check';
import { stringMap } from '../labels';
import { IST } from '../messages';
import { asArray } from '../objects';

function hasAutoImage(podSpec: any): boolean {
  return asArray(podSpec?.containers).some(c => c?.name === PROXY_CONTAINER && c.image === 'auto');
}

export const imageAutoCheck: Check = {
  id: 'injection.image-auto',
  description: 'proxy containers with image: auto that no webhook injects',
  types: [IST.ImageAutoWithoutInjectionError, IST.ImageAutoWithoutInjectionWarning],
  run(ctx) {
    const { model } = ctx;
    for (const pod of model.pods) {
      if (!hasAutoImage(pod.podSpec)) continue;
      ctx.report(IST.ImageAutoWithoutInjectionError, pod.obj, `Pod ${pod.name} contains \`image: auto\` but does not match any Istio injection webhook selectors.`);
    }
    for (const deployment of model.of('Deployment')) {
      const template = deployment.spec.template;
      if (!hasAutoImage(template?.spec)) continue;
      const namespaceLabels = model.namespaceLabels(deployment.namespace) ?? {};
      const labels = stringMap(template?.metadata?.labels);
      if (model.webhooks.some(w => w.matchesNamespace(namespaceLabels) && w.matchesPod(labels))) continue;
      ctx.report(IST.ImageAutoWithoutInjectionWarning, deployment,
        `Deployment ${deployment.name} contains \`image: auto\` but does not match any Istio injection webhook selectors.`);
    }
  },
};
