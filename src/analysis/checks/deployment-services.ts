/**
 * A Deployment selected by several Services (istioctl's deployment.MultiServiceAnalyzer): one port
 * with different protocols (IST0116), or one target port behind different ports (IST0137).
 * Only Deployments in the mesh are checked; Services with an empty selector select nothing (as in
 * Kubernetes; istioctl counts them as selecting every Deployment of their namespace).
 */
import { Check } from '../check';
import { push } from '../hosts';
import { goList, IST, q } from '../messages';
import { asArray } from '../model';

export const deploymentServicesCheck: Check = {
  id: 'deployment.services',
  description: 'Deployments whose Services clash on ports',
  types: [IST.DeploymentAssociatedToMultipleServices, IST.DeploymentConflictingPorts],
  run(ctx) {
    const { model } = ctx;
    for (const w of model.workloads) {
      if (w.obj.kind !== 'Deployment' || !model.inMesh(w)) continue;
      const services = model.serviceSelectors.selecting(w.labels, w.namespace, false);
      if (services.length < 2) continue;
      const protocols = new Map<number, Map<string, string[]>>();
      const targets = new Map<string, Map<number, string>>();
      for (const svc of services) {
        for (const p of asArray(svc.spec.ports)) {
          const port = Number(p?.port);
          const protocol = String(p?.protocol ?? 'TCP');
          if (!protocols.has(port)) protocols.set(port, new Map());
          push(protocols.get(port)!, protocol, svc.fullName);
          const target = p?.targetPort === undefined || p?.targetPort === null || p?.targetPort === 0 || p?.targetPort === '' ? String(port) : String(p.targetPort);
          if (!targets.has(target)) targets.set(target, new Map());
          targets.get(target)!.set(port, svc.fullName);
        }
      }
      for (const [port, byProtocol] of protocols) {
        if (byProtocol.size < 2) continue;
        ctx.report(IST.DeploymentAssociatedToMultipleServices, w.obj,
          `This deployment ${w.obj.name} is associated with multiple services using port ${port} but different protocols: ${goList([...byProtocol.values()].flat())}`);
      }
      for (const [target, byPort] of targets) {
        if (byPort.size < 2) continue;
        ctx.report(IST.DeploymentConflictingPorts, w.obj,
          `This deployment ${w.obj.name} is associated with multiple services ${goList([...byPort.values()])} using targetPort ${q(target)} but different ports: ${goList([...byPort.keys()])}.`);
      }
    }
  },
};
