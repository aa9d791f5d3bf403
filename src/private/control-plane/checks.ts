/**
 * The problems of a control plane's props, found when it is created; each names its property, the
 * value given and what is allowed.
 */
import { IConstruct } from 'constructs';
import { meshConfigProblems } from './mesh-config';
import { ScalingOptions, scalingProblems } from './scaling';
import type { IstioRelease } from '../../istio-release';
import type { MeshConfigOptions } from '../../mesh-config';
import { dnsLabelProblem } from '../validation';

/** What is checked. */
export interface ControlPlaneCheck {
  /** The namespace istiod runs in. */
  readonly namespace: string;
  /** The control plane's release. */
  readonly istio: IstioRelease;
  /** The mesh's release. */
  readonly meshIstio: IstioRelease;
  readonly scaling: ScalingOptions;
  /** The problems of `resources`. */
  readonly resourceProblems: string[];
  readonly meshConfig?: MeshConfigOptions;
  /** The mesh's control planes so far. */
  readonly others: ReadonlyArray<IConstruct & { readonly revision: string }>;
}

export function controlPlaneProblems(c: ControlPlaneCheck): Array<string | undefined> {
  const revision = c.istio.revisionName;
  return [
    dnsLabelProblem('namespace', c.namespace),
    `istiod${c.istio.revision ? `-${c.istio.revision}` : ''}`.length > 63
      ? `'istio' revision '${c.istio.revision}' is too long: istiod's Service 'istiod-${c.istio.revision}' must have at most 63 characters` : undefined,
    ...scalingProblems(c.scaling),
    ...c.resourceProblems,
    ...meshConfigProblems(c.meshConfig),
    sameRevisionDifferentRelease(c.istio, c.meshIstio),
    ...c.others.filter(cp => cp.revision === revision).map(cp =>
      `the mesh already has a control plane of revision '${revision}' (${cp.node.path}): give this one another revision with 'istio: IstioRelease.of({ revision: ... })'`),
  ];
}

/** A control plane with the mesh's revision must install the mesh's release. */
function sameRevisionDifferentRelease(mine: IstioRelease, mesh: IstioRelease): string | undefined {
  const describe = (r: IstioRelease) => `${r.hub}/pilot:${r.tag} (Istio ${r.version})`;
  if (mine.revisionName !== mesh.revisionName || describe(mine) === describe(mesh)) {
    return undefined;
  }
  return `'istio' ${describe(mine)} differs from the mesh's release ${describe(mesh)} but has the same revision '${mine.revisionName}': `
    + 'leave \'istio\' out to install the mesh\'s release, or give it a revision of its own for a canary control plane';
}
