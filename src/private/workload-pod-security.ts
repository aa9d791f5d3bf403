/**
 * The Pod Security Standard of a namespace applied to the workloads the library emits there: the
 * options of a version that contradict it (named as the options are), and every pod template as
 * it runs (after synth-time injection, or the injection Istio's webhook would make), checked once
 * the app is complete.
 */
import { ApiObject } from 'cdk8s';
import { InjectionSettings } from './inject';
import { atLeast, describeViolation, Level, podSecurityViolations } from './pod-security';
import { INJECTED_CONTAINER_NAMES } from './proxy-ports';
import { SecurityContexts } from './security-context';
import { injectJson } from './sidecar';
import type { IMesh } from '../interfaces/mesh';

/** A security context field as a version's options name it. */
const OPTION_NAMES: { [field: string]: string } = { runAsUser: 'user', runAsGroup: 'group', runAsNonRoot: 'ensureNonRoot' };

/** The level a namespace of `mesh` enforces, as the rules take it. */
export function namespaceLevel(mesh: IMesh, namespace: string): Level | undefined {
  return mesh.namespacePodSecurity(namespace) as string as Level | undefined;
}

/**
 * What of a version's resolved security contexts (its options, the `hardened` preset and the
 * level's own defaults) the namespace's level does not allow, named as the options are.
 */
export function optionViolations(level: Level | undefined, namespace: string, container: string, security: SecurityContexts): string[] {
  if (!atLeast(level, 'baseline')) return [];
  const pod = { securityContext: security.pod ?? {}, containers: [{ name: container, securityContext: security.container ?? {} }] };
  return podSecurityViolations(level!, pod).map(v => {
    const [, field, ...rest] = v.field.split('.');
    const option = `${v.container === undefined ? 'podSecurityContext' : 'securityContext'}.${[OPTION_NAMES[field] ?? field, ...rest].join('.')}`;
    return `'${option}' is ${v.value}, but namespace '${namespace}' enforces the ${level} Pod Security Standard, which allows ${v.allowed}`;
  });
}

/** Where the pod template sits in a pod-bearing object. */
function templateOf(json: any): any {
  if (json?.kind === 'Pod') return json;
  if (json?.kind === 'CronJob') return json.spec?.jobTemplate?.spec?.template;
  return json?.spec?.template;
}

/**
 * Checks `obj`'s pods against the level of `namespace` once the app is complete: as synthesized
 * (with synth-time injection), or, with `webhook`, as Istio's webhook would inject them.
 *
 * @param webhook the settings the webhook's injection is simulated with, when it injects the pods
 */
export function checkPodSecurity(obj: ApiObject, mesh: IMesh, namespace: string, webhook?: () => InjectionSettings): void {
  obj.node.addValidation({
    validate: () => {
      const level = namespaceLevel(mesh, namespace);
      if (!atLeast(level, 'baseline')) return [];
      let json: any;
      try {
        json = obj.toJson();
        if (webhook) json = injectJson(json, webhook());
      } catch {
        return []; // an object that cannot be written (or injected) is reported by that check
      }
      const template = templateOf(json);
      if (template === undefined) return [];
      const what = `${json.kind} '${json.metadata?.name}'`;
      return podSecurityViolations(level!, template.spec, template.metadata?.annotations ?? {}).map(v => {
        const injected = v.container !== undefined && INJECTED_CONTAINER_NAMES.includes(v.container)
          ? " (a container Istio injects: it follows the pod's Istio annotations and the mesh's 'istio' release)" : '';
        return `${what} in namespace '${namespace}': ${describeViolation(level!, v)}${injected}`;
      });
    },
  });
}
