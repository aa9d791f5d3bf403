/**
 * istiod's admission webhooks in Istio's revision scheme: the sidecar injector's
 * MutatingWebhookConfiguration and the config validation ValidatingWebhookConfiguration.
 */
import { ApiObject } from 'cdk8s';
import {
  KubeMutatingWebhookConfiguration, KubeValidatingWebhookConfiguration, LabelSelectorRequirement, MutatingWebhook, ValidatingWebhook,
} from 'cdk8s-plus-27/lib/imports/k8s';
import { Install, InstallNames } from './install';
import { clusterScoped } from '../cluster-scoped';

/** The injector's MutatingWebhookConfiguration name: Istio adds the namespace outside istio-system. */
function injectorWebhookName(n: InstallNames): string {
  return n.namespace === 'istio-system' ? `istio-sidecar-injector${n.suffix}` : `istio-sidecar-injector${n.suffix}-${n.namespace}`;
}

function expr(key: string, operator: string, values?: string[]): LabelSelectorRequirement {
  return values ? { key, operator, values } : { key, operator };
}

/**
 * The injection webhooks of Istio's revision scheme: namespaces labelled `istio.io/rev=<revision>`
 * and pods labelled so in unlabelled namespaces; the default revision also serves
 * `istio-injection=enabled` namespaces and pods labelled `sidecar.istio.io/inject=true`.
 */
function injectionWebhooks(n: InstallNames): MutatingWebhook[] {
  const core = (prefix: string): MutatingWebhook => ({
    name: `${prefix}sidecar-injector.istio.io`,
    admissionReviewVersions: ['v1'],
    clientConfig: { service: { name: n.istiod, namespace: n.namespace, path: '/inject', port: 443 } },
    failurePolicy: 'Fail',
    reinvocationPolicy: 'Never',
    rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }],
    sideEffects: 'None',
  });
  const notDisabled = expr('sidecar.istio.io/inject', 'NotIn', ['false']);
  const hooks: MutatingWebhook[] = [
    {
      ...core('rev.namespace.'),
      namespaceSelector: { matchExpressions: [expr('istio.io/rev', 'In', [n.revision]), expr('istio-injection', 'DoesNotExist')] },
      objectSelector: { matchExpressions: [notDisabled] },
    },
    {
      ...core('rev.object.'),
      namespaceSelector: { matchExpressions: [expr('istio.io/rev', 'DoesNotExist'), expr('istio-injection', 'DoesNotExist')] },
      objectSelector: { matchExpressions: [notDisabled, expr('istio.io/rev', 'In', [n.revision])] },
    },
  ];
  if (n.suffix === '') {
    hooks.push(
      {
        ...core('namespace.'),
        namespaceSelector: { matchExpressions: [expr('istio-injection', 'In', ['enabled'])] },
        objectSelector: { matchExpressions: [notDisabled] },
      },
      {
        ...core('object.'),
        namespaceSelector: { matchExpressions: [expr('istio-injection', 'DoesNotExist'), expr('istio.io/rev', 'DoesNotExist')] },
        objectSelector: { matchExpressions: [expr('sidecar.istio.io/inject', 'In', ['true']), expr('istio.io/rev', 'DoesNotExist')] },
      },
    );
  }
  return hooks;
}

/** The config validation webhook of the revision (fails open until istiod patches it). */
function validationWebhook(n: InstallNames): ValidatingWebhook {
  return {
    name: 'rev.validation.istio.io',
    admissionReviewVersions: ['v1'],
    clientConfig: { service: { name: n.istiod, namespace: n.namespace, path: '/validate' } },
    failurePolicy: 'Ignore',
    objectSelector: { matchExpressions: [expr('istio.io/rev', 'In', [n.revision])] },
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
    metadata: { name: `istio-validator${n.suffix}-${n.namespace}`, labels: { ...l.istiod, 'istio': 'istiod', 'istio.io/rev': n.revision } },
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
