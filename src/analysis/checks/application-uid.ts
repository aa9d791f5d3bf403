/**
 * Applications running as the proxy's user (istioctl's deployment.ApplicationUIDAnalyzer, IST0144):
 * UID 1337 is the sidecar's, and traffic from it bypasses the proxy. As istioctl: every pod (a
 * controller's pod is reported on the controller) and every Deployment's pod template, the pod's
 * security context and its containers (not init containers) other than `istio-proxy` and
 * `istio-operator`; Istio's own (labelled `istio`, or `release: istio`) are skipped.
 */
import { PROXY_CONTAINER, PROXY_UID } from '../../private/proxy-ports';
import { Check } from '../check';
import { Labels } from '../labels';
import { IST } from '../messages';
import { asArray, Obj } from '../objects';

const SKIPPED = new Set([PROXY_CONTAINER, 'istio-operator']);

function runsAsProxy(podSpec: any): boolean {
  const uids = [
    podSpec?.securityContext?.runAsUser,
    ...asArray(podSpec?.containers).filter(c => !SKIPPED.has(c?.name)).map(c => c?.securityContext?.runAsUser),
  ];
  return uids.some(uid => uid !== undefined && uid !== null && Number(uid) === PROXY_UID);
}

function istioControlPlane(labels: Labels): boolean {
  return 'istio' in labels || labels.release === 'istio';
}

export const applicationUidCheck: Check = {
  id: 'workload.application-uid',
  description: 'containers running as the proxy user 1337',
  types: [IST.InvalidApplicationUID],
  run(ctx) {
    const report = (obj: Obj) => ctx.report(IST.InvalidApplicationUID, obj, 'User ID (UID) 1337 is reserved for the sidecar proxy.');
    for (const pod of ctx.model.pods) {
      if (!istioControlPlane(pod.labels) && runsAsProxy(pod.podSpec)) report(pod.obj);
    }
    for (const deployment of ctx.model.of('Deployment')) {
      if (!istioControlPlane(deployment.labels) && runsAsProxy(deployment.spec.template?.spec)) report(deployment);
    }
  },
};
