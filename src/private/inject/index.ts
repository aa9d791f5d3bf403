/**
 * Istio sidecar injection (`istioctl kube-inject`) for Kubernetes manifests. Internal: used by the
 * CLI and tests, not part of the library's jsii API.
 */
export { inject, injectAll, injectObject, injector, describeObject, POD_BEARING_KINDS } from './inject';
export type { InjectionResult } from './inject';
export { DEFAULT_SETTINGS, resolveSettings } from './settings';
export type { InjectionSettings, ProxySettings, ProxyResources } from './settings';
export { canonicalQuantity, formatQuantity, parseQuantity, QuantityFormat } from './quantity';
export type { Quantity } from './quantity';
