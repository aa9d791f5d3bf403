import { ApiObject } from 'cdk8s';
import { DataPlane, DataPlaneMode } from '../data-plane';
import { inject, InjectionSettings, POD_BEARING_KINDS } from './inject';
import { LABEL } from './istio-names';
import { sortKeys } from './sort-keys';
import { IMesh } from '../interfaces/mesh';

/** The injection settings of a mesh for a data plane (synth-time). */
export function injectionSettings(mesh: IMesh, dataPlane: DataPlane): InjectionSettings {
  return {
    hub: mesh.istio.hub,
    tag: mesh.istio.tag,
    revision: mesh.istio.revisionName,
    nativeSidecars: dataPlane.nativeSidecars,
    clusterDomain: mesh.clusterDomain,
    rootNamespace: mesh.rootNamespace,
    trustDomain: mesh.trustDomain,
    cni: mesh.istio.cni,
  };
}

/** Where the pod template sits in a pod-bearing object. */
function podTemplatePath(kind: string): string[] {
  if (kind === 'Pod') return [];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template'];
  return ['spec', 'template'];
}

function get(obj: any, path: string[]): any {
  return path.reduce((o, k) => o?.[k], obj);
}

/**
 * Injects the proxy into `json`: only the pod template (or the Pod's metadata and spec) is taken
 * from the injector, so the rest of the object stays exactly as synthesized.
 */
export function injectJson(json: any, settings: InjectionSettings): any {
  const result = inject(json, settings);
  if (!result.injected) {
    return json;
  }
  const path = podTemplatePath(json.kind);
  if (path.length === 0) {
    return { ...json, metadata: result.object.metadata, spec: result.object.spec };
  }
  const copy = JSON.parse(JSON.stringify(json));
  const parent = get(copy, path.slice(0, -1));
  parent[path[path.length - 1]] = get(result.object, path);
  return copy;
}

/**
 * Makes an ApiObject synthesize with the proxy injected (synth-time data plane). The injection
 * is dry-run during validation, so a bad Istio annotation fails validation with the object's
 * construct path rather than in the middle of writing manifests.
 */
export function injectAtSynth(obj: ApiObject, settings: () => InjectionSettings): void {
  if (!POD_BEARING_KINDS.includes(obj.kind)) {
    throw new Error(`[${obj.node.path}] ${obj.kind} has no pods to inject a proxy into (pod-bearing kinds: ${POD_BEARING_KINDS.join(', ')})`);
  }
  const original = obj.toJson.bind(obj);
  let problem: string | undefined;
  obj.node.addValidation({
    validate: () => {
      try {
        inject(original(), settings());
        problem = undefined;
      } catch (e) {
        problem = (e as Error).message;
      }
      return problem === undefined ? [] : [`sidecar injection failed: ${problem}`];
    },
  });
  (obj as { toJson: () => any }).toJson = () => {
    const json = original();
    if (problem !== undefined) {
      return json;
    }
    // cdk8s sorts the keys of every object it synthesizes, unless told not to
    const injected = injectJson(json, settings());
    return process.env.CDK8S_DISABLE_SORT ? injected : sortKeys(injected);
  };
}

/** Pod labels that make the webhook do what a workload's data plane asks, given its namespace's. */
export function podInjectionLabels(mesh: IMesh, workload: DataPlane, namespace: DataPlane): { [key: string]: string } {
  if (workload.mode === DataPlaneMode.NONE) {
    return namespace.mode === DataPlaneMode.NONE ? {} : { [LABEL.inject]: 'false' };
  }
  if (workload.mode === DataPlaneMode.WEBHOOK && namespace.mode !== DataPlaneMode.WEBHOOK) {
    return mesh.istio.revision
      ? { [LABEL.inject]: 'true', [LABEL.revision]: mesh.istio.revision }
      : { [LABEL.inject]: 'true' };
  }
  return {};
}
