/**
 * Applications running as the proxy's user (istioctl's deployment.ApplicationUIDAnalyzer, IST0144):
 * UID 1337 is the sidecar's, and traffic from it bypasses the proxy. Pods and Deployments, as
 * istioctl checks them; Istio's own workloads (labelled `istio`) are skipped.
 */
import { Check } from '../check';
import { IST } from '../messages';
import { asArray } from '../model';

const PROXY_UID = 1337;

export const applicationUidCheck: Check = {
  id: 'workload.application-uid',
  description: 'containers running as the proxy user 1337',
  types: [IST.InvalidApplicationUID],
  run(ctx) {
    for (const w of ctx.model.workloads) {
      if (w.obj.kind !== 'Pod' && w.obj.kind !== 'Deployment') continue;
      if ('istio' in w.obj.labels || w.obj.labels.release === 'istio') continue;
      const uids = [
        w.podSpec.securityContext?.runAsUser,
        ...asArray(w.podSpec.containers).filter(c => c?.name !== 'istio-proxy').map(c => c?.securityContext?.runAsUser),
      ];
      if (uids.some(uid => Number(uid) === PROXY_UID)) ctx.report(IST.InvalidApplicationUID, w.obj, 'User ID (UID) 1337 is reserved for the sidecar proxy.');
    }
  },
};
