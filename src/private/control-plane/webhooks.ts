/**
 * istiod's admission webhooks in Istio's revision scheme: the sidecar injector's
 * MutatingWebhookConfiguration and the config validation ValidatingWebhookConfiguration.
 */
import { ApiObject } from 'cdk8s';
import {
  KubeMutatingWebhookConfiguration, KubeValidatingWebhookConfiguration, MutatingWebhook, ValidatingWebhook,
} from 'cdk8s-plus-27/lib/imports/k8s';
import { Install, InstallNames } from './install';
import { clusterScoped } from '../cluster-scoped';
import { injectionWebhookSelectors } from '../injection-webhooks';
import { ISTIO_SYSTEM, LABEL } from '../istio-names';

/** The injector's MutatingWebhookConfiguration name: Istio adds the namespace outside istio-system. */
function injectorWebhookName(n: InstallNames): string {
  return n.namespace === ISTIO_SYSTEM ? `istio-sidecar-injector${n.suffix}` : `istio-sidecar-injector${n.suffix}-${n.namespace}`;
}

/**
 * The injection webhooks of Istio's revision scheme: namespaces labelled `istio.io/rev=<revision>`
 * and pods labelled so in unlabelled namespaces; the default revision also serves
 * `istio-injection=enabled` namespaces and pods labelled `sidecar.istio.io/inject=true`.
 */
function injectionWebhooks(n: InstallNames): MutatingWebhook[] {
  return injectionWebhookSelectors(n.revision, n.suffix === '').map(w => ({
    name: w.name,
    admissionReviewVersions: ['v1'],
    clientConfig: { service: { name: n.istiod, namespace: n.namespace, path: '/inject', port: 443 } },
    failurePolicy: 'Fail',
    reinvocationPolicy: 'Never',
    rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }],
    sideEffects: 'None',
    namespaceSelector: { matchExpressions: w.namespaceSelector },
    objectSelector: { matchExpressions: w.objectSelector },
  }));
}

/** The config validation webhook of the revision (fails open until istiod patches it). */
function validationWebhook(n: InstallNames): ValidatingWebhook {
  return {
    name: 'rev.validation.istio.io',
    admissionReviewVersions: ['v1'],
    clientConfig: { service: { name: n.istiod, namespace: n.namespace, path: '/validate' } },
    failurePolicy: 'Ignore',
    objectSelector: { matchExpressions: [{ key: LABEL.revision, operator: 'In', values: [n.revision] }] },
    rules: [{
      apiGroups: ['security.istio.io', 'networking.istio.io', 'telemetry.istio.io', 'extensions.istio.io'],
      apiVersions: ['*'],
      operations: ['CREATE', 'UPDATE'],
      resources: ['*'],
    }],
    sideEffects: 'None',
  };
}

/** The config validation ValidatingWebhookConfiguration of the install. */
export function createValidationWebhook(install: Install): ApiObject {
  const { scope, names: n, labels: l } = install;
  return clusterScoped(new KubeValidatingWebhookConfiguration(scope, 'ValidationWebhook', {
    metadata: { name: `istio-validator${n.suffix}-${n.namespace}`, labels: { ...l.istiod, istio: 'istiod', [LABEL.revision]: n.revision } },
    webhooks: [validationWebhook(n)],
  }));
}

/** The sidecar injector's MutatingWebhookConfiguration of the install. */
export function createInjectionWebhook(install: Install): ApiObject {
  const { scope, names: n, labels: l } = install;
  return clusterScoped(new KubeMutatingWebhookConfiguration(scope, 'InjectionWebhook', {
    metadata: { name: injectorWebhookName(n), labels: { ...l.common('istiod'), app: 'sidecar-injector', ...l.pilot, release: 'istio' } },
    webhooks: injectionWebhooks(n),
  }));
}
