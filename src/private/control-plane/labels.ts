/**
 * Labels of istiod's objects, as Istio's charts set them, except that they say they are managed by
 * this library and carry the real Istio version.
 */
import type { IstioRelease } from '../../istio-release';
import { LABEL } from '../istio-names';

type Labels = { [key: string]: string };

/** The label sets of one install. */
export type InstallLabels = ReturnType<typeof installLabels>;

/** The label sets of one install, per kind of object. */
export function installLabels(release: IstioRelease) {
  const version = release.version;
  const common = (name: string, chart = 'istiod'): Labels => ({
    'app.kubernetes.io/instance': 'istio',
    'app.kubernetes.io/managed-by': 'cdk8s-mesh',
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': 'istio',
    'app.kubernetes.io/version': version,
    'helm.sh/chart': `${chart}-${version}`,
  });
  const pilot: Labels = {
    'install.operator.istio.io/owning-resource': 'unknown',
    [LABEL.revision]: release.revisionName,
    'operator.istio.io/component': 'Pilot',
  };
  const istiod: Labels = { app: 'istiod', ...common('istiod'), release: 'istio' };
  return {
    common,
    /** The operator's labels of per-revision objects. */
    pilot,
    /** RBAC objects and the ServiceAccount. */
    istiod,
    /** The reader's ClusterRole, binding (chart `istiod`) and ServiceAccount (chart `base`). */
    reader: (chart: string): Labels => ({ app: 'istio-reader', ...common('istio-reader', chart), release: 'istio' }),
    /** ConfigMaps. */
    config: { ...common('istiod'), ...pilot, release: 'istio' } as Labels,
    /** Deployment, Service and PodDisruptionBudget. */
    workload: { ...istiod, ...pilot, istio: 'pilot' } as Labels,
    /** istiod's pods (`istio: istiod` for a revision, which its selector does not use). */
    pod: {
      app: 'istiod',
      ...common('istiod'),
      ...pilot,
      istio: release.revision ? 'istiod' : 'pilot',
      [LABEL.dataplaneMode]: 'none',
      [LABEL.inject]: 'false',
    } as Labels,
  };
}
