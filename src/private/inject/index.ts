/**
 * Istio sidecar injection (`istioctl kube-inject`) for Kubernetes manifests. Internal: used by the
 * CLI and tests, not part of the library's jsii API.
 */
export { inject, injectAll, injectObject, describeObject, InjectionResult, POD_BEARING_KINDS } from './inject';
export { DEFAULT_SETTINGS, InjectionSettings, ProxySettings, ProxyResources, resolveSettings } from './settings';
export { canonicalQuantity, formatQuantity, parseQuantity, Quantity, QuantityFormat } from './quantity';
