/**
 * The security contexts of a version's pods and application container, as Kubernetes and Istio
 * take them: Kubernetes' defaults, or the restricted settings of the `hardened` switch (those
 * cdk8s-plus-27 applied before: non-root, read-only root filesystem, no privilege escalation).
 */
import { atLeast, Level } from './pod-security';
import { PROXY_UID } from './proxy-ports';
import { INT32_MAX, integerProblem } from './validation';
import type { ContainerSecurityOptions, PodSecurityOptions } from '../workload-security';

/** The settings `hardened: true` writes where the user gives none. */
const HARDENED_CONTAINER = { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, ensureNonRoot: true };

/** The settings the restricted Pod Security Standard requires, written where the user gives none (the pod's seccomp profile besides). */
const RESTRICTED_CONTAINER = { allowPrivilegeEscalation: false, ensureNonRoot: true };

/** The fields of each options object this library writes; a security context of another library may carry more. */
const CONTAINER_FIELDS = ['user', 'group', 'ensureNonRoot', 'privileged', 'readOnlyRootFilesystem', 'allowPrivilegeEscalation', 'capabilities'];
const POD_FIELDS = ['user', 'group', 'ensureNonRoot', 'fsGroup'];

/** The resolved security contexts, as Kubernetes takes them (undefined when empty). */
export interface SecurityContexts {
  readonly pod?: { [key: string]: unknown };
  readonly container?: { [key: string]: unknown };
  readonly problems: string[];
}

/**
 * Resolves and checks the security contexts of a version.
 *
 * @param proxied whether the pod runs Istio's proxy (then the proxy's UID and GID are taken)
 */
export function resolveSecurityContexts(
  hardened: boolean, pod: PodSecurityOptions | undefined, container: ContainerSecurityOptions | undefined, proxied: boolean,
  level?: Level,
): SecurityContexts {
  const restricted = level === 'restricted';
  const c = {
    ...(restricted ? RESTRICTED_CONTAINER : {}), ...(hardened ? HARDENED_CONTAINER : {}), ...defined(container ?? {}),
  } as ContainerSecurityOptions;
  if (restricted && c.capabilities?.drop === undefined) {
    // every capability dropped, those the user adds (NET_BIND_SERVICE at most) added back
    (c as { capabilities?: ContainerCapabilitiesLike }).capabilities = { ...c.capabilities, drop: ['ALL'] };
  }
  const p = { ...(hardened ? { ensureNonRoot: true } : {}), ...defined(pod ?? {}) } as PodSecurityOptions;
  const problems: Array<string | undefined> = [
    // e.g. a cdk8s-plus-33 security context's seccompProfile or sysctls: refused, never silently dropped
    ...unwritten('securityContext', container, CONTAINER_FIELDS),
    ...unwritten('podSecurityContext', pod, POD_FIELDS),
  ];
  const ids: Array<[string, 'user' | 'group' | 'fsGroup', number | undefined]> = [
    ['securityContext', 'user', c.user], ['securityContext', 'group', c.group],
    ['podSecurityContext', 'user', p.user], ['podSecurityContext', 'group', p.group], ['podSecurityContext', 'fsGroup', p.fsGroup],
  ];
  for (const [prop, field, id] of ids) {
    problems.push(integerProblem(`${prop}.${field}`, id, 0, INT32_MAX));
    if (proxied && id === PROXY_UID && field !== 'fsGroup') {
      problems.push(`'${prop}.${field}' ${PROXY_UID} is the ${field === 'user' ? 'UID' : 'GID'} of Istio's proxy: the sidecar lets its traffic bypass the mesh`);
    }
  }
  const escalationOff = c.allowPrivilegeEscalation === false;
  const offBy = container?.allowPrivilegeEscalation === false ? '' : " ('hardened' sets it to false)";
  // under a Pod Security Standard, privileged containers and added capabilities are the standard's errors (pod-security.ts)
  const levelled = atLeast(level, 'baseline');
  if (c.privileged === true && escalationOff && !levelled) {
    problems.push(`'securityContext.privileged' needs 'allowPrivilegeEscalation: true'${offBy}: Kubernetes rejects a privileged container that may not escalate`);
  }
  if ((c.capabilities?.add ?? []).includes('CAP_SYS_ADMIN') && escalationOff && !levelled) {
    problems.push(`'securityContext.capabilities.add' CAP_SYS_ADMIN needs 'allowPrivilegeEscalation: true'${offBy}: Kubernetes rejects it otherwise`);
  }
  const user = c.user ?? p.user;
  const nonRoot = c.ensureNonRoot ?? p.ensureNonRoot ?? false;
  if (user === 0 && nonRoot && !restricted) {
    const prop = c.user !== undefined ? 'securityContext' : 'podSecurityContext';
    const by = container?.ensureNonRoot === true ? "'securityContext.ensureNonRoot'"
      : pod?.ensureNonRoot === true ? "'podSecurityContext.ensureNonRoot'" : "'hardened'";
    problems.push(`'${prop}.user' 0 runs as root, but ${by} requires a non-root user: the kubelet would refuse to start the container (set 'securityContext.ensureNonRoot: false' to run as root)`);
  }
  return {
    container: nonEmpty({
      runAsUser: c.user,
      runAsGroup: c.group,
      runAsNonRoot: c.ensureNonRoot,
      privileged: c.privileged,
      readOnlyRootFilesystem: c.readOnlyRootFilesystem,
      allowPrivilegeEscalation: c.allowPrivilegeEscalation,
      capabilities: c.capabilities ? nonEmpty({ add: c.capabilities.add, drop: c.capabilities.drop }) : undefined,
    }),
    pod: nonEmpty({
      runAsUser: p.user,
      runAsGroup: p.group,
      runAsNonRoot: p.ensureNonRoot,
      fsGroup: p.fsGroup,
      // what cdk8s-plus-27 wrote for every pod before; kept with 'hardened' so its output is unchanged
      fsGroupChangePolicy: hardened ? 'Always' : undefined,
      // the restricted standard's seccomp profile, for every container of the pod (Istio's too)
      seccompProfile: restricted ? { type: 'RuntimeDefault' } : undefined,
    }),
    problems: problems.filter((x): x is string => x !== undefined),
  };
}

interface ContainerCapabilitiesLike {
  readonly add?: string[];
  readonly drop?: string[];
}

function unwritten(prop: string, given: object | undefined, fields: string[]): string[] {
  return Object.entries(given ?? {}).filter(([k, v]) => v !== undefined && !fields.includes(k))
    .map(([k]) => `'${prop}.${k}' is not a setting this library writes (it writes ${fields.join(', ')}): drop it rather than have it ignored`);
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function nonEmpty(o: { [key: string]: unknown }): { [key: string]: unknown } | undefined {
  const d = defined(o);
  return Object.keys(d).length > 0 ? d : undefined;
}
