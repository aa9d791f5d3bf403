/**
 * A control plane's settings with their defaults applied, which its objects are made from: the
 * injector's settings, the rendered mesh config, scaling, resources and trace sampling, and what
 * of them was given (for the chart values' debugging copy).
 */
import { DEFAULT_TRACE_SAMPLING, meshConfigJson, meshConfigKeysGiven } from './mesh-config';
import { DEFAULT_RESOURCES, ResourceStrings } from './resources';
import { resolveScaling, ScalingOptions } from './scaling';
import { DebugValuesInput, givenValues } from './values';
import type { IMesh } from '../../interfaces/mesh';
import type { IstioRelease } from '../../istio-release';
import type { MeshConfigOptions } from '../../mesh-config';
import { InjectionSettings, resolveSettings } from '../inject/settings';
import { DEFAULT_TRUST_DOMAIN } from '../istio-names';

/** What a control plane was given, and where it runs. */
export interface IstiodSpecInput {
  readonly mesh: IMesh;
  /** The namespace istiod runs in. */
  readonly namespace: string;
  readonly release: IstioRelease;
  /** Where proxies reach istiod. */
  readonly discoveryAddress: string;
  /** The injection settings of the mesh's proxies, before the control plane's release, revision and namespace. */
  readonly injection: InjectionSettings;
  readonly scaling: ScalingOptions;
  /** The resources, if given, as quantity strings. */
  readonly resources?: ResourceStrings;
  readonly meshConfig: MeshConfigOptions;
}

/** The resolved settings; as chart values they make the `values` ConfigMap. */
export interface IstiodSpec extends DebugValuesInput {
  readonly release: IstioRelease;
}

export function resolveIstiodSpec(i: IstiodSpecInput): IstiodSpec {
  const release = i.release;
  const resources = i.resources ?? DEFAULT_RESOURCES;
  return {
    release,
    settings: resolveSettings({
      ...i.injection, hub: release.hub, tag: release.tag, revision: release.revisionName, rootNamespace: i.namespace, cni: release.cni,
    }),
    meshConfig: meshConfigJson(i.meshConfig, {
      rootNamespace: i.mesh.rootNamespace,
      trustDomain: i.mesh.trustDomain,
      discoveryAddress: i.discoveryAddress,
    }),
    meshConfigGiven: meshConfigKeysGiven(i.meshConfig),
    trustDomainGiven: i.mesh.trustDomain !== DEFAULT_TRUST_DOMAIN,
    scaling: resolveScaling(i.scaling),
    resources,
    traceSampling: i.meshConfig.tracingSampling ?? DEFAULT_TRACE_SAMPLING,
    given: givenValues({
      istio: release,
      namespace: i.namespace,
      replicas: i.scaling.replicas,
      autoscaling: i.scaling.autoscaling,
      resources: i.resources,
      traceSampling: i.meshConfig.tracingSampling,
    }),
  };
}
