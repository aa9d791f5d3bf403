/**
 * One istiod install (one revision in one namespace): its names in Istio's revision scheme, its
 * labels, the construct its objects are created in, and the Namespace object they wait for.
 */
import { ApiObject } from 'cdk8s';
import { KubeNamespace } from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { InstallLabels, installLabels } from './labels';
import type { IstioRelease } from '../../istio-release';
import { clusterScoped } from '../cluster-scoped';

/** Names of one istiod install. */
export interface InstallNames {
  /** The namespace istiod runs in. */
  readonly namespace: string;
  /** The revision as Istio names it (`default` when there is none). */
  readonly revision: string;
  /** `''` for the default revision, else `-<revision>`. */
  readonly suffix: string;
  /** `istiod` or `istiod-<revision>`: Deployment, Service, ServiceAccount, Role, HPA and PDB. */
  readonly istiod: string;
}

export function installNames(namespace: string, revision: string | undefined): InstallNames {
  const suffix = revision ? `-${revision}` : '';
  return { namespace, revision: revision ?? 'default', suffix, istiod: `istiod${suffix}` };
}

/** `istiod[-<rev>].<ns>.svc:15012`: where proxies get configuration and certificates. */
export function discoveryAddress(n: InstallNames): string {
  return `${n.istiod}.${n.namespace}.svc:15012`;
}

/** What every object of an install is created with. */
export interface Install {
  /** The construct the objects are created in. */
  readonly scope: Construct;
  readonly names: InstallNames;
  readonly labels: InstallLabels;
  /** Makes an object in istiod's namespace depend on the Namespace object, if there is one to wait for. */
  namespaced<T extends ApiObject>(obj: T): T;
}

/** A Namespace object for istiod's namespace, when it is neither the mesh's root namespace nor another install's. */
export function createIstiodNamespace(scope: Construct, name: string): ApiObject {
  return clusterScoped(new KubeNamespace(scope, 'Namespace', { metadata: { name } }));
}

/** The install of a release in `scope`, its namespaced objects waiting for `namespaceObject` if given. */
export function createInstall(scope: Construct, names: InstallNames, release: IstioRelease, namespaceObject: ApiObject | undefined): Install {
  return {
    scope,
    names,
    labels: installLabels(release),
    namespaced: obj => {
      if (namespaceObject) obj.addDependency(namespaceObject);
      return obj;
    },
  };
}
