/**
 * A Deployment selected by several Services (istioctl's deployment.MultiServiceAnalyzer): one port
 * with different protocols (IST0116), or one target port behind different ports (IST0137).
 * As istioctl: Deployments in the mesh by its reading (`DeploymentInMesh`: the pod template has
 * the proxy, opts in, or its namespace is labelled `istio-injection=enabled`), not waypoints;
 * Services of the Deployment's namespace with a non-empty selector that matches the template's
 * labels; a port without protocol is TCP.
 */
import { GATEWAY_CONTROLLER, LABEL } from '../../private/istio-names';
import { Check } from '../check';
import { push } from '../hosts';
import { stringMap } from '../labels';
import { goList, IST, q } from '../messages';
import { asArray } from '../objects';

export const deploymentServicesCheck: Check = {
  id: 'deployment.services',
  description: 'Deployments whose Services clash on ports',
  types: [IST.DeploymentAssociatedToMultipleServices, IST.DeploymentConflictingPorts],
  run(ctx) {
    const { model } = ctx;
    for (const deployment of model.of('Deployment')) {
      if (deployment.labels[LABEL.gatewayManaged] === GATEWAY_CONTROLLER.mesh || !model.deploymentInMesh(deployment)) continue;
      const labels = stringMap(deployment.spec.template?.metadata?.labels);
      const services = model.serviceSelectors.selecting(labels, deployment.namespace, false);
      if (services.length < 2) continue;
      const protocols = new Map<number, Map<string, string[]>>();
      const targets = new Map<string, Map<number, string>>();
      for (const svc of services) {
        for (const p of asArray(svc.spec.ports)) {
          const port = Number(p?.port);
          const protocol = String(p?.protocol || 'TCP');
          if (!protocols.has(port)) protocols.set(port, new Map());
          push(protocols.get(port)!, protocol, svc.fullName);
          const t = p?.targetPort;
          const target = t === undefined || t === null || t === 0 || t === '' || t === '0' ? String(port) : String(t);
          if (!targets.has(target)) targets.set(target, new Map());
          targets.get(target)!.set(port, svc.fullName);
        }
      }
      for (const [port, byProtocol] of protocols) {
        if (byProtocol.size < 2) continue;
        ctx.report(IST.DeploymentAssociatedToMultipleServices, deployment,
          `This deployment ${deployment.name} is associated with multiple services using port ${port} but different protocols: ${goList([...byProtocol.values()].flat().sort())}`);
      }
      for (const [target, byPort] of targets) {
        if (byPort.size < 2) continue;
        ctx.report(IST.DeploymentConflictingPorts, deployment,
          `This deployment ${deployment.name} is associated with multiple services ${goList([...byPort.values()].sort())} using targetPort ${q(target)} `
          + `but different ports: ${goList([...byPort.keys()].sort((a, b) => a - b))}.`);
      }
    }
  },
};
