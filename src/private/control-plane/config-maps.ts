/**
 * istiod's ConfigMaps: the mesh config (`istio`), the sidecar injector's config and values
 * (`istio-sidecar-injector`), and the debugging copy of the chart values (`values`).
 */
import { ApiObject } from 'cdk8s';
import { KubeConfigMap } from 'cdk8s-plus-27/lib/imports/k8s';
import { Install } from './install';
import { IstiodSpec } from './istiod-spec';
import { goJson, helmYaml } from './mesh-config';
import { injectorConfig, TemplateMap } from './templates';
import { debugValues, injectorValues } from './values';
import { lazy } from '../lazy';

/** The ConfigMaps other objects refer to. */
export interface IstiodConfigMaps {
  /** The `istio` ConfigMap holding the mesh config. */
  readonly meshConfigMap: ApiObject;
  /** The `istio-sidecar-injector` ConfigMap. */
  readonly injectorConfigMap: ApiObject;
}

/**
 * The ConfigMaps of an install. The injection templates are read during validation, which runs
 * before the injector config is produced.
 */
export function createConfigMaps(install: Install, spec: IstiodSpec, templates: () => TemplateMap): IstiodConfigMaps {
  const { scope, names: n, labels: l } = install;
  const meshConfigMap = install.namespaced(new KubeConfigMap(scope, 'MeshConfig', {
    metadata: { name: `istio${n.suffix}`, namespace: n.namespace, labels: l.config },
    data: { mesh: helmYaml(spec.meshConfig), meshNetworks: 'networks: {}' },
  }));
  const injectorConfigMap = install.namespaced(new KubeConfigMap(scope, 'InjectorConfig', {
    metadata: { name: `istio-sidecar-injector${n.suffix}`, namespace: n.namespace, labels: l.config },
    data: {
      config: lazy(() => injectorConfig(templates())),
      values: goJson(injectorValues(spec.settings)),
    },
  }));
  install.namespaced(new KubeConfigMap(scope, 'Values', {
    metadata: {
      name: `values${n.suffix}`,
      namespace: n.namespace,
      labels: l.config,
      annotations: {
        'kubernetes.io/description': 'This ConfigMap contains the Helm values used during chart rendering. This ConfigMap is rendered for debugging purposes and external tooling; modifying these values has no effect.',
      },
    },
    data: debugValues(spec),
  }));
  return { meshConfigMap, injectorConfigMap };
}
