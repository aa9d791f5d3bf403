/**
 * What the mesh needs from a control plane, checked at validation (when the whole mesh is
 * declared): istiod outside the mesh's application namespaces, injection templates for the pods of
 * the webhook data plane, and synth-time injected proxies configured as istiod configures the
 * proxies it injects.
 */
import { DataPlane, DataPlaneMode } from '../../data-plane';
import type { IMesh } from '../../interfaces/mesh';
import type { MeshConfigOptions } from '../../mesh-config';
import type { ResolvedSettings } from '../inject/settings';

/** What is checked. */
export interface MeshCheck {
  readonly mesh: IMesh;
  /** The mesh's services. */
  readonly services: ReadonlyArray<{ readonly name: string; readonly namespace: string; readonly dataPlane: DataPlane }>;
  /** The namespace istiod runs in. */
  readonly namespace: string;
  /** The control plane's revision (`default` when there is none). */
  readonly revision: string;
  /** The control plane's Istio version. */
  readonly version: string;
  /** The file of the injection templates, if any. */
  readonly templatesSource?: string;
  readonly meshConfig: MeshConfigOptions;
  /** The settings synth-time injection gives the mesh's proxies. */
  readonly synthTimeSettings: () => ResolvedSettings;
}

export function meshProblems(c: MeshCheck): string[] {
  const problems: string[] = [];
  const mesh = c.mesh;
  if (mesh.namespaces.includes(c.namespace) && c.namespace !== mesh.rootNamespace) {
    problems.push(`namespace '${c.namespace}' is an application namespace of the mesh: run istiod in the root namespace or a namespace of its own`);
  }
  if (c.revision !== mesh.istio.revisionName) {
    // a canary control plane: the mesh's namespaces and pods select the mesh's revision
    return problems;
  }
  const webhook = dataPlaneUsers(c, DataPlaneMode.WEBHOOK);
  if (webhook.length > 0 && c.templatesSource === undefined) {
    problems.push(`the webhook data plane (${webhook.join(', ')}) needs Istio's injection templates, but 'injectionTemplates' is InjectionTemplates.none(): `
      + `give 'injectionTemplates: InjectionTemplates.fromFile(...)' with the injector config of Istio ${c.version} `
      + "(the 'config' of its istio-sidecar-injector ConfigMap), or use DataPlane.synthTime()");
  }
  const synthTime = dataPlaneUsers(c, DataPlaneMode.SYNTH_TIME);
  if (synthTime.length > 0) {
    problems.push(...synthTimeDisagreements(c, synthTime.join(', ')));
  }
  return problems;
}

/** Namespaces and services of the mesh whose pods use a data plane mode. */
function dataPlaneUsers(c: MeshCheck, mode: DataPlaneMode): string[] {
  const mesh = c.mesh;
  const namespaces = mesh.namespaces.filter(ns => ns !== mesh.rootNamespace && mesh.namespaceDataPlane(ns).mode === mode);
  const services = c.services.filter(s => s.dataPlane.mode === mode && !namespaces.includes(s.namespace));
  return [...namespaces.map(ns => `namespace '${ns}'`), ...services.map(s => `service '${s.name}.${s.namespace}'`)];
}

/** Where synth-time injected proxies would not get what the control plane tells webhook-injected ones. */
function synthTimeDisagreements(c: MeshCheck, users: string): string[] {
  const synth = c.synthTimeSettings();
  const problems: string[] = [];
  if (synth.rootNamespace !== c.namespace) {
    problems.push(`synth-time injection (${users}) points proxies at istiod in the root namespace '${synth.rootNamespace}', `
      + `but this control plane runs in '${c.namespace}': leave 'namespace' out, or use the webhook data plane`);
  }
  const m = c.meshConfig;
  const checks: Array<[string, unknown, unknown, string]> = [
    ['proxyConcurrency', m.proxyConcurrency, synth.proxy.concurrency, "set it per service with 'proxy.concurrency', or "],
    ['holdApplicationUntilProxyStarts', m.holdApplicationUntilProxyStarts, synth.proxy.holdApplicationUntilProxyStarts,
      "set it per service with 'proxy.holdApplicationUntilProxyStarts', or "],
    ['enablePrometheusMerge', m.enablePrometheusMerge, synth.enablePrometheusMerge, ''],
  ];
  for (const [prop, wanted, synthesized, alternative] of checks) {
    if (wanted !== undefined && wanted !== synthesized) {
      problems.push(`'meshConfig.${prop}' (${wanted}) does not reach synth-time injected proxies (${users}): ${alternative}use the webhook data plane`);
    }
  }
  return problems;
}
