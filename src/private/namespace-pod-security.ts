/**
 * The Pod Security Standard of a mesh's namespaces: the labels that enforce it, and what keeps a
 * namespace from enforcing it (Istio's `istio-init` container, which needs `NET_ADMIN`, `NET_RAW`
 * and root, where the cluster does not run Istio's CNI node agent).
 */
import { podSecurityLabels as labelsOf, Level } from './pod-security';
import { DataPlaneMode } from '../data-plane';
import type { IMesh, NamespaceOptions } from '../interfaces/mesh';
import type { PodSecurityLevel } from '../pod-security';

/** The labels of a namespace that enforces `level`. */
export function podSecurityLabels(level: PodSecurityLevel): { [key: string]: string } {
  return labelsOf(level as string as Level);
}

/**
 * The problems of adding namespace `name` with `options` to `mesh`: a level other than the one it
 * was first added with (`known`: it was; `level`: its level, or the one it gets), and a level its
 * injected pods cannot meet.
 */
export function namespaceLevelProblems(
  mesh: IMesh, name: string, options: NamespaceOptions, known: boolean, level: PodSecurityLevel | undefined,
): string[] {
  if (known) {
    return options.podSecurity !== undefined && options.podSecurity !== level
      ? [`namespace '${name}' already enforces ${level === undefined ? 'no Pod Security Standard' : `the ${level} Pod Security Standard`}: give its 'podSecurity' when the namespace is first added`]
      : [];
  }
  const dataPlane = options.dataPlane ?? mesh.dataPlane;
  if (level === undefined || level === 'privileged' || dataPlane.mode === DataPlaneMode.NONE || mesh.istio.cni) {
    return [];
  }
  const by = options.podSecurity !== undefined ? "its 'podSecurity' option" : "the mesh's 'podSecurity'";
  return [`namespace '${name}' enforces the ${level} Pod Security Standard (${by}), but its pods get Istio's proxy (data plane ${dataPlane.mode}) `
    + "with the istio-init container, which needs NET_ADMIN, NET_RAW and root: install Istio's CNI node agent and say so with "
    + "'istio: IstioRelease.of({ cni: true })', or give the namespace 'dataPlane: DataPlane.none()' or 'podSecurity: PodSecurityLevel.PRIVILEGED'"];
}
