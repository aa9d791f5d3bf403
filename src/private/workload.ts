/**
 * What a version's workload options become in its Deployment beside what cdk8s-plus writes:
 * probes, security contexts and scheduling, as JSON patches of the pod template (the
 * application container is always the first container).
 */
import { JsonPatch } from 'cdk8s';
import { IntOrString } from 'cdk8s-plus-27/lib/imports/k8s';
import { SecurityContexts } from './security-context';
import { envNameProblem, integerProblem, labelProblems } from './validation';
import type { Toleration } from '../scheduling';
import type { ServiceVersionOptions } from '../service-version-options';

const CONTAINER = '/spec/template/spec/containers/0';
const POD = '/spec/template/spec';
const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'] as const;

/** The probes of a version as Kubernetes takes them, and the problems of its workload options. */
export interface Workload {
  readonly probes: { [field: string]: { [key: string]: any } };
  readonly problems: string[];
}

/** Checks the workload options that the version's other checks do not cover, and binds its probes to the container's ports. */
export function workloadProblems(props: ServiceVersionOptions, containerPorts: number[]): Workload {
  const problems: Array<string | undefined> = [];
  const probes: { [field: string]: { [key: string]: any } } = {};
  for (const field of PROBES) {
    const probe = props[field];
    if (probe === undefined) {
      continue;
    }
    const bound = probe._bind(field, containerPorts);
    problems.push(...bound.problems);
    if (field !== 'readinessProbe' && probe._successThreshold !== 1) {
      problems.push(`'${field}.successThreshold' must be 1 for a ${field === 'livenessProbe' ? 'liveness' : 'startup'} probe, got ${probe._successThreshold}`);
    }
    if (bound.probe) {
      probes[field] = bound.probe;
    }
  }
  for (const [prop, list] of [['command', props.command], ['args', props.args]] as const) {
    if (list !== undefined && list.length === 0) {
      problems.push(`'${prop}' is empty: leave it out to keep the image's ${prop === 'command' ? 'entrypoint' : 'arguments'}`);
    }
  }
  for (const name of Object.keys(props.envValues ?? {})) {
    problems.push(envNameProblem('envValues', name));
    if (name in (props.env ?? {})) {
      problems.push(`'envValues' sets '${name}', which 'env' sets too: keep one`);
    }
  }
  problems.push(...labelProblems('nodeSelector', props.nodeSelector));
  (props.tolerations ?? []).forEach((t, i) => {
    const where = `tolerations[${i}]`;
    const operator = t.operator ?? 'Equal';
    if (t.key !== undefined) {
      problems.push(...labelProblems(where, { [t.key]: '' }).map(() => `'${where}.key' must be a label key ([prefix/]name), got '${t.key}'`));
    }
    if (t.key === undefined && operator !== 'Exists') {
      problems.push(`'${where}' has no 'key', which tolerates every taint only with 'operator: TolerationOperator.EXISTS'`);
    }
    if (operator === 'Exists' && t.value !== undefined) {
      problems.push(`'${where}.value' must be left out with 'operator: TolerationOperator.EXISTS', got '${t.value}'`);
    }
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      problems.push(`'${where}.tolerationSeconds' applies only to 'effect: TaintEffect.NO_EXECUTE'`);
    }
    problems.push(integerProblem(`${where}.tolerationSeconds`, t.tolerationSeconds, 0));
  });
  return { probes, problems: problems.filter((p): p is string => p !== undefined) };
}

/**
 * A probe as the Deployment's typed bindings re-read it after the patches: they write an
 * IntOrString port from its `value`, so a plain number would be dropped.
 */
function typedProbe(probe: { [key: string]: any }): { [key: string]: any } {
  const port = (action: { [key: string]: any } | undefined) => action && { ...action, port: IntOrString.fromNumber(action.port) };
  return { ...probe, httpGet: port(probe.httpGet), tcpSocket: port(probe.tcpSocket) };
}

/** The JSON patches that write a version's workload options over cdk8s-plus's Deployment. */
export function workloadPatches(props: ServiceVersionOptions, workload: Workload, security: SecurityContexts): JsonPatch[] {
  const patches: JsonPatch[] = [];
  patches.push(security.container ? JsonPatch.replace(`${CONTAINER}/securityContext`, security.container) : JsonPatch.remove(`${CONTAINER}/securityContext`));
  patches.push(security.pod ? JsonPatch.replace(`${POD}/securityContext`, security.pod) : JsonPatch.remove(`${POD}/securityContext`));
  for (const [field, probe] of Object.entries(workload.probes)) {
    patches.push(JsonPatch.add(`${CONTAINER}/${field}`, typedProbe(probe)));
  }
  if (props.nodeSelector !== undefined && Object.keys(props.nodeSelector).length > 0) {
    patches.push(JsonPatch.add(`${POD}/nodeSelector`, { ...props.nodeSelector }));
  }
  if (props.tolerations !== undefined && props.tolerations.length > 0) {
    const toleration = (t: Toleration) => Object.fromEntries(
      Object.entries({ key: t.key, operator: t.operator, value: t.value, effect: t.effect, tolerationSeconds: t.tolerationSeconds })
        .filter(([, v]) => v !== undefined));
    patches.push(JsonPatch.add(`${POD}/tolerations`, props.tolerations.map(toleration)));
  }
  return patches;
}
