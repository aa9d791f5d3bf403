/**
 * Sidecar injection (istioctl's injection.Analyzer): Namespaces not enabled for injection
 * (IST0102), with both injection labels (IST0123), and Pods without the proxy in injected
 * namespaces (IST0103). Pod templates of Deployments and other controllers, and Pods of a manifest
 * (no status yet), are not flagged: the webhook injects them when they are created. Pods that opt
 * out (`sidecar.istio.io/inject: "false"`) or use the host network are not flagged either.
 */
import { Check } from '../check';
import { IST } from '../messages';
import { hasProxy } from '../model';

const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

export const injectionCheck: Check = {
  id: 'injection',
  description: 'namespaces not enabled for injection and pods without the proxy',
  types: [IST.NamespaceNotInjected, IST.NamespaceMultipleInjectionLabels, IST.PodMissingProxy],
  run(ctx) {
    const { model, options } = ctx;
    const injected = new Set<string>();
    for (const ns of model.of('Namespace')) {
      if (ns.name === options.rootNamespace || SYSTEM_NAMESPACES.has(ns.name)) continue;
      if (ns.labels['istio.io/dataplane-mode'] === 'ambient') continue;
      const legacy = ns.labels['istio-injection'];
      const revision = ns.labels['istio.io/rev'];
      if (legacy === undefined && revision === undefined) {
        ctx.report(IST.NamespaceNotInjected, ns,
          `The namespace is not enabled for Istio injection. Run 'kubectl label namespace ${ns.name} istio-injection=enabled' to enable it, `
          + `or 'kubectl label namespace ${ns.name} istio-injection=disabled' to explicitly mark it as not needing injection.`);
        continue;
      }
      if (revision !== undefined && legacy !== undefined) {
        ctx.report(IST.NamespaceMultipleInjectionLabels, ns,
          'The namespace has more than one type of injection labels [istio-injection istio.io/rev], which may lead to undefined behavior. Make sure only one injection label exists.');
        continue;
      }
      if (revision === undefined && legacy !== 'enabled') continue;
      injected.add(ns.name);
    }
    for (const w of model.workloads) {
      if (!w.isPod || !injected.has(w.namespace) || w.obj.raw.status === undefined) continue;
      const optOut = w.obj.labels['sidecar.istio.io/inject'] ?? w.annotations['sidecar.istio.io/inject'];
      if (optOut?.toLowerCase() === 'false' || w.podSpec.hostNetwork === true || hasProxy(w.podSpec)) continue;
      ctx.report(IST.PodMissingProxy, w.obj, `The pod ${w.obj.fullName} is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.`);
    }
  },
};
