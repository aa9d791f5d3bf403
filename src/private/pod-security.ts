/**
 * The Kubernetes Pod Security Standards (baseline and restricted), as the Pod Security admission
 * controller checks a pod: the namespace labels that enforce a level, and every control of the
 * levels over a pod spec (and its annotations), as the API server has defaulted it.
 *
 * The controls are those of the standards' "latest" definition; where a control was relaxed in a
 * recent Kubernetes release (SELinux type `container_engine_t`), the stricter older rule is kept,
 * so a pod accepted here is accepted by every cluster the pinned `enforce-version` runs on.
 */

/** The levels, from the least to the most restrictive. */
export const POD_SECURITY_LEVELS = ['privileged', 'baseline', 'restricted'] as const;

/** A level's name as the namespace label takes it. */
export type Level = typeof POD_SECURITY_LEVELS[number];

/** The namespace label that enforces a level. */
export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/**
 * The Kubernetes version whose standards the library's pods are checked against: the enforce
 * label is pinned to it, so that a cluster upgrade that tightens a level cannot start rejecting
 * pods of an unchanged app; `warn` and `audit` follow `latest`, so such a change shows up in
 * `kubectl apply` and the audit log before it is enforced.
 */
export const ENFORCE_VERSION = 'v1.33';

/** The labels of a namespace that enforces `level`. */
export function podSecurityLabels(level: Level): { [key: string]: string } {
  return {
    [ENFORCE_LABEL]: level,
    'pod-security.kubernetes.io/enforce-version': ENFORCE_VERSION,
    'pod-security.kubernetes.io/warn': level,
    'pod-security.kubernetes.io/warn-version': 'latest',
    'pod-security.kubernetes.io/audit': level,
    'pod-security.kubernetes.io/audit-version': 'latest',
  };
}

/** The level a namespace's labels enforce (undefined: none, or not a level). */
export function enforcedLevel(labels: { [key: string]: string } | undefined): Level | undefined {
  const value = labels?.[ENFORCE_LABEL];
  return (POD_SECURITY_LEVELS as readonly string[]).includes(value ?? '') ? value as Level : undefined;
}

/** One control a pod breaks. */
export interface PodSecurityViolation {
  /** The container, if the control is one of a container's fields. */
  readonly container?: string;
  /** The field, relative to the container (`securityContext.runAsUser`) or to the pod spec (`hostNetwork`, `volumes[x].hostPath`, `metadata.annotations[...]`). */
  readonly field: string;
  /** The value found, as it reads in YAML. */
  readonly value: string;
  /** What the level allows. */
  readonly allowed: string;
}

/** Capabilities the baseline level lets a container add (the container runtimes' defaults). */
export const BASELINE_CAPABILITIES = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP',
  'SETUID', 'SYS_CHROOT',
];

/** Sysctls the baseline level allows (namespaced and isolated from other pods). */
export const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
];

/** SELinux types the baseline level allows. */
const SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t'];

/** Volume sources the restricted level allows. */
export const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/** Every other volume source of the core API. */
const OTHER_VOLUMES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder',
  'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO',
  'storageos', 'image',
];

const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

function show(v: unknown): string {
  if (v === undefined || v === null) return 'unset';
  return typeof v === 'string' ? `'${v}'` : JSON.stringify(v);
}

function list(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

/** Every container of the pod spec, with the list it is in. */
function containersOf(spec: any): any[] {
  return [...list(spec?.initContainers), ...list(spec?.containers), ...list(spec?.ephemeralContainers)].filter(c => c && typeof c === 'object');
}

/**
 * The controls of `level` that a pod breaks, in the standards' order: baseline's, then
 * restricted's. `annotations` are the pod's (AppArmor's annotation form).
 */
export function podSecurityViolations(level: Level, spec: any, annotations: { [key: string]: string } = {}): PodSecurityViolation[] {
  if (level === 'privileged') return [];
  const out: PodSecurityViolation[] = [];
  const pod = (field: string, value: unknown, allowed: string) => out.push({ field, value: show(value), allowed });
  const container = (c: any, field: string, value: unknown, allowed: string) =>
    out.push({ container: String(c.name), field, value: show(value), allowed });
  const sc = spec?.securityContext ?? {};
  const containers = containersOf(spec);

  // HostProcess
  if (sc.windowsOptions?.hostProcess === true) pod('securityContext.windowsOptions.hostProcess', true, 'false or unset');
  for (const c of containers) {
    if (c.securityContext?.windowsOptions?.hostProcess === true) container(c, 'securityContext.windowsOptions.hostProcess', true, 'false or unset');
  }
  // Host namespaces
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec?.[field] === true) pod(field, true, 'false or unset');
  }
  // Privileged containers
  for (const c of containers) {
    if (c.securityContext?.privileged === true) container(c, 'securityContext.privileged', true, 'false or unset');
  }
  // Capabilities (restricted: NET_BIND_SERVICE at most, but not for Windows pods)
  const restrictedCaps = level === 'restricted' && spec?.os?.name !== 'windows';
  for (const c of containers) {
    for (const cap of list(c.securityContext?.capabilities?.add)) {
      if (restrictedCaps ? cap !== 'NET_BIND_SERVICE' : !BASELINE_CAPABILITIES.includes(cap)) {
        container(c, 'securityContext.capabilities.add', cap, restrictedCaps ? 'only NET_BIND_SERVICE' : `only ${BASELINE_CAPABILITIES.join(', ')}`);
      }
    }
  }
  // HostPath volumes
  for (const v of list(spec?.volumes)) {
    if (v?.hostPath !== undefined && v?.hostPath !== null) pod(`volumes[${v.name}].hostPath`, 'hostPath', 'no hostPath volume');
  }
  // Host ports
  for (const c of containers) {
    for (const p of list(c.ports)) {
      if (p?.hostPort !== undefined && p?.hostPort !== null && p.hostPort !== 0) container(c, 'ports[].hostPort', p.hostPort, '0 or unset');
    }
  }
  // AppArmor
  const appArmor = (type: unknown) => type === undefined || type === null || type === 'RuntimeDefault' || type === 'Localhost';
  if (!appArmor(sc.appArmorProfile?.type)) pod('securityContext.appArmorProfile.type', sc.appArmorProfile.type, 'RuntimeDefault, Localhost or unset');
  for (const c of containers) {
    const type = c.securityContext?.appArmorProfile?.type;
    if (!appArmor(type)) container(c, 'securityContext.appArmorProfile.type', type, 'RuntimeDefault, Localhost or unset');
  }
  for (const [key, value] of Object.entries(annotations)) {
    if (key.startsWith(APPARMOR_ANNOTATION) && value !== 'runtime/default' && !value.startsWith('localhost/')) {
      pod(`metadata.annotations['${key}']`, value, "'runtime/default', 'localhost/*' or unset");
    }
  }
  // SELinux
  const seLinux = (field: string, o: any, report: (field: string, value: unknown, allowed: string) => void) => {
    if (o === undefined || o === null) return;
    if (o.type !== undefined && !SELINUX_TYPES.includes(o.type)) report(`${field}.type`, o.type, `${SELINUX_TYPES.filter(t => t).join(', ')} or unset`);
    for (const key of ['user', 'role']) {
      if (o[key] !== undefined && o[key] !== '') report(`${field}.${key}`, o[key], 'unset');
    }
  };
  seLinux('securityContext.seLinuxOptions', sc.seLinuxOptions, pod);
  for (const c of containers) seLinux('securityContext.seLinuxOptions', c.securityContext?.seLinuxOptions, (f, v, a) => container(c, f, v, a));
  // /proc mount type
  for (const c of containers) {
    const procMount = c.securityContext?.procMount;
    if (procMount !== undefined && procMount !== null && procMount !== 'Default') container(c, 'securityContext.procMount', procMount, 'Default or unset');
  }
  // Seccomp (baseline: never Unconfined)
  if (sc.seccompProfile?.type === 'Unconfined') pod('securityContext.seccompProfile.type', 'Unconfined', 'RuntimeDefault, Localhost or unset');
  for (const c of containers) {
    if (c.securityContext?.seccompProfile?.type === 'Unconfined') container(c, 'securityContext.seccompProfile.type', 'Unconfined', 'RuntimeDefault, Localhost or unset');
  }
  // Sysctls
  for (const s of list(sc.sysctls)) {
    if (!SAFE_SYSCTLS.includes(s?.name)) pod('securityContext.sysctls[].name', s?.name, `only ${SAFE_SYSCTLS.join(', ')}`);
  }
  if (level === 'restricted') out.push(...restrictedViolations(spec, containers));
  return out;
}

/** The controls restricted adds to baseline's. */
function restrictedViolations(spec: any, containers: any[]): PodSecurityViolation[] {
  const out: PodSecurityViolation[] = [];
  const pod = (field: string, value: unknown, allowed: string) => out.push({ field, value: show(value), allowed });
  const container = (c: any, field: string, value: unknown, allowed: string) =>
    out.push({ container: String(c.name), field, value: show(value), allowed });
  const sc = spec?.securityContext ?? {};
  const windows = spec?.os?.name === 'windows';

  // Volume types: a volume without a source is an emptyDir (the API server's default)
  for (const v of list(spec?.volumes)) {
    const source = [...RESTRICTED_VOLUMES, ...OTHER_VOLUMES].find(k => v?.[k] !== undefined && v?.[k] !== null);
    if (source !== undefined && !RESTRICTED_VOLUMES.includes(source)) pod(`volumes[${v.name}].${source}`, source, `only ${RESTRICTED_VOLUMES.join(', ')} volumes`);
  }
  // Privilege escalation
  if (!windows) {
    for (const c of containers) {
      const value = c.securityContext?.allowPrivilegeEscalation;
      if (value !== false) container(c, 'securityContext.allowPrivilegeEscalation', value, 'false');
    }
  }
  // Running as non-root
  if (sc.runAsNonRoot === false) pod('securityContext.runAsNonRoot', false, 'true');
  for (const c of containers) {
    const value = c.securityContext?.runAsNonRoot;
    if (value === false || ((value === undefined || value === null) && sc.runAsNonRoot !== true)) {
      container(c, 'securityContext.runAsNonRoot', value, "true (or the pod's 'securityContext.runAsNonRoot: true')");
    }
  }
  // Running as non-root user
  if (sc.runAsUser === 0) pod('securityContext.runAsUser', 0, 'a non-zero UID or unset');
  for (const c of containers) {
    if (c.securityContext?.runAsUser === 0) container(c, 'securityContext.runAsUser', 0, 'a non-zero UID or unset');
  }
  if (!windows) {
    // Seccomp: RuntimeDefault or Localhost, on the pod or on every container
    const allowed = (type: unknown) => type === 'RuntimeDefault' || type === 'Localhost';
    const podType = sc.seccompProfile?.type;
    if (podType !== undefined && podType !== 'Unconfined' && !allowed(podType)) pod('securityContext.seccompProfile.type', podType, 'RuntimeDefault or Localhost');
    for (const c of containers) {
      const type = c.securityContext?.seccompProfile?.type;
      if (type === 'Unconfined') continue; // reported by baseline's control
      if (type === undefined ? !allowed(podType) : !allowed(type)) {
        container(c, 'securityContext.seccompProfile.type', type, "RuntimeDefault or Localhost (or the pod's 'securityContext.seccompProfile')");
      }
    }
    // Capabilities: drop ALL (what may be added is baseline's control)
    for (const c of containers) {
      const drop = c.securityContext?.capabilities?.drop;
      if (!list(drop).includes('ALL')) container(c, 'securityContext.capabilities.drop', drop, "a list with 'ALL'");
    }
  }
  return out;
}

/** A violation as a sentence: `container 'web' 'securityContext.runAsUser' is 0: restricted allows a non-zero UID or unset`. */
export function describeViolation(level: Level, v: PodSecurityViolation): string {
  const where = v.container !== undefined ? `container '${v.container}' ` : '';
  return `${where}'${v.field}' is ${v.value}, which the ${level} Pod Security Standard does not allow (allowed: ${v.allowed})`;
}

/** Whether level `a` is at least as strict as `b`. */
export function atLeast(a: Level | undefined, b: Level): boolean {
  return POD_SECURITY_LEVELS.indexOf(a ?? 'privileged') >= POD_SECURITY_LEVELS.indexOf(b);
}
