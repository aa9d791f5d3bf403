import { enforcedLevel, podSecurityLabels, podSecurityViolations, PodSecurityViolation } from '../../src/private/pod-security';

/** A container that meets restricted, with `sc` over its security context. */
function c(sc: any = {}, extra: any = {}): any {
  return {
    name: 'app',
    image: 'a:1',
    securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, ...sc },
    ...extra,
  };
}

/** A pod spec that meets restricted, with `spec` over it. */
function pod(spec: any = {}): any {
  return { securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [c()], ...spec };
}

const baseline = (spec: any, annotations?: { [key: string]: string }) => podSecurityViolations('baseline', spec, annotations);
const restricted = (spec: any, annotations?: { [key: string]: string }) => podSecurityViolations('restricted', spec, annotations);

/** A violation of a container's field. */
function v(field: string, value: string, allowed: string, container = 'app'): PodSecurityViolation {
  return { container, field, value, allowed };
}

/** A violation of a pod-level field. */
function pv(field: string, value: string, allowed: string): PodSecurityViolation {
  return { field, value, allowed };
}

describe('Pod Security Standards: namespace labels', () => {
  test('a level enforces pinned to the version whose rules are checked, and warns and audits at latest', () => {
    expect(podSecurityLabels('restricted')).toEqual({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.33',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'latest',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'latest',
    });
  });

  test('the enforced level is read from the enforce label only, and only when it names a level', () => {
    expect(enforcedLevel({ 'pod-security.kubernetes.io/enforce': 'baseline' })).toBe('baseline');
    expect(enforcedLevel({ 'pod-security.kubernetes.io/warn': 'restricted' })).toBeUndefined();
    expect(enforcedLevel({ 'pod-security.kubernetes.io/enforce': 'Restricted' })).toBeUndefined();
    expect(enforcedLevel(undefined)).toBeUndefined();
  });
});

describe('Pod Security Standards: baseline', () => {
  test('the default (minimally specified) pod is accepted; privileged accepts anything', () => {
    expect(baseline({ containers: [{ name: 'app', image: 'a:1' }] })).toEqual([]);
    expect(podSecurityViolations('privileged', { hostNetwork: true, containers: [{ name: 'a', securityContext: { privileged: true } }] })).toEqual([]);
  });

  test('host namespaces: false is accepted, true is refused', () => {
    expect(baseline({ hostNetwork: false, hostPID: false, hostIPC: false, containers: [] })).toEqual([]);
    expect(baseline({ hostNetwork: true, hostPID: true, hostIPC: true, containers: [] })).toEqual([
      pv('hostNetwork', 'true', 'false or unset'), pv('hostPID', 'true', 'false or unset'), pv('hostIPC', 'true', 'false or unset'),
    ]);
  });

  test('privileged: false is accepted, true is refused in containers, init and ephemeral containers', () => {
    expect(baseline({ containers: [{ name: 'app', securityContext: { privileged: false } }] })).toEqual([]);
    expect(baseline({
      initContainers: [{ name: 'init', securityContext: { privileged: true } }],
      ephemeralContainers: [{ name: 'debug', securityContext: { privileged: true } }],
    })).toEqual([v('securityContext.privileged', 'true', 'false or unset', 'init'), v('securityContext.privileged', 'true', 'false or unset', 'debug')]);
  });

  test('capabilities: the runtime defaults may be added, anything else is refused', () => {
    expect(baseline({ containers: [{ name: 'app', securityContext: { capabilities: { add: ['SYS_CHROOT', 'NET_BIND_SERVICE', 'AUDIT_WRITE'] } } }] })).toEqual([]);
    const found = baseline({ containers: [{ name: 'app', securityContext: { capabilities: { add: ['NET_RAW'] } } }] });
    expect(found.map(x => [x.field, x.value])).toEqual([['securityContext.capabilities.add', "'NET_RAW'"]]);
  });

  test('hostPath volumes are refused; other volumes are baseline', () => {
    expect(baseline({ containers: [], volumes: [{ name: 'nfs', nfs: { server: 's', path: '/' } }] })).toEqual([]);
    expect(baseline({ containers: [], volumes: [{ name: 'host', hostPath: { path: '/' } }] }))
      .toEqual([pv('volumes[host].hostPath', "'hostPath'", 'no hostPath volume')]);
  });

  test('host ports: 0 is accepted, any other port is refused', () => {
    expect(baseline({ containers: [{ name: 'app', ports: [{ containerPort: 80, hostPort: 0 }] }] })).toEqual([]);
    expect(baseline({ containers: [{ name: 'app', ports: [{ containerPort: 80, hostPort: 1 }] }] }))
      .toEqual([v('ports[].hostPort', '1', '0 or unset')]);
  });

  test('AppArmor: RuntimeDefault and Localhost are accepted, Unconfined is refused, in fields and annotations', () => {
    const ok = { securityContext: { appArmorProfile: { type: 'Localhost' } }, containers: [{ name: 'app', securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }] };
    expect(baseline(ok, { 'container.apparmor.security.beta.kubernetes.io/app': 'localhost/mine' })).toEqual([]);
    const bad = { securityContext: { appArmorProfile: { type: 'Unconfined' } }, containers: [{ name: 'app' }] };
    expect(baseline(bad, { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' })).toEqual([
      pv('securityContext.appArmorProfile.type', "'Unconfined'", 'RuntimeDefault, Localhost or unset'),
      pv("metadata.annotations['container.apparmor.security.beta.kubernetes.io/app']", "'unconfined'", "'runtime/default', 'localhost/*' or unset"),
    ]);
  });

  test('SELinux: the container types are accepted, another type, a user or a role is refused', () => {
    expect(baseline({ containers: [{ name: 'app', securityContext: { seLinuxOptions: { type: 'container_init_t', level: 's0:c1' } } }] })).toEqual([]);
    expect(baseline({ securityContext: { seLinuxOptions: { type: 'spc_t', user: 'root', role: '' } }, containers: [] }).map(x => x.field))
      .toEqual(['securityContext.seLinuxOptions.type', 'securityContext.seLinuxOptions.user']);
  });

  test('/proc mount: Default is accepted, Unmasked is refused', () => {
    expect(baseline({ containers: [{ name: 'app', securityContext: { procMount: 'Default' } }] })).toEqual([]);
    expect(baseline({ containers: [{ name: 'app', securityContext: { procMount: 'Unmasked' } }] }))
      .toEqual([v('securityContext.procMount', "'Unmasked'", 'Default or unset')]);
  });

  test('seccomp: unset and RuntimeDefault are accepted, Unconfined is refused', () => {
    expect(baseline({ containers: [{ name: 'app', securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }] })).toEqual([]);
    expect(baseline({ containers: [{ name: 'app', securityContext: { seccompProfile: { type: 'Unconfined' } } }] }))
      .toEqual([v('securityContext.seccompProfile.type', "'Unconfined'", 'RuntimeDefault, Localhost or unset')]);
  });

  test('sysctls: the safe set is accepted (the gateway chart\'s unprivileged port start among them), another is refused', () => {
    expect(baseline({ securityContext: { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }, { name: 'net.ipv4.tcp_keepalive_probes', value: '3' }] }, containers: [] })).toEqual([]);
    expect(baseline({ securityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] }, containers: [] }).map(x => x.value)).toEqual(["'net.core.somaxconn'"]);
  });

  test('HostProcess: false is accepted, true is refused', () => {
    expect(baseline({ securityContext: { windowsOptions: { hostProcess: false } }, containers: [] })).toEqual([]);
    expect(baseline({ containers: [{ name: 'app', securityContext: { windowsOptions: { hostProcess: true } } }] }))
      .toEqual([v('securityContext.windowsOptions.hostProcess', 'true', 'false or unset')]);
  });
});

describe('Pod Security Standards: restricted', () => {
  test('a pod with the restricted settings is accepted', () => {
    expect(restricted(pod())).toEqual([]);
  });

  test('a pod that meets baseline only is refused for each restricted control', () => {
    expect(restricted({ containers: [{ name: 'app', image: 'a:1' }] })).toEqual([
      v('securityContext.allowPrivilegeEscalation', 'unset', 'false'),
      v('securityContext.runAsNonRoot', 'unset', "true (or the pod's 'securityContext.runAsNonRoot: true')"),
      v('securityContext.seccompProfile.type', 'unset', "RuntimeDefault or Localhost (or the pod's 'securityContext.seccompProfile')"),
      v('securityContext.capabilities.drop', 'unset', "a list with 'ALL'"),
    ]);
  });

  test('volume types: the allowed sources (and a volume without one, an emptyDir) are accepted, others refused', () => {
    const allowed = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'].map(k => ({ name: k, [k]: {} }));
    expect(restricted(pod({ volumes: [...allowed, { name: 'defaulted' }] }))).toEqual([]);
    expect(restricted(pod({ volumes: [{ name: 'nfs', nfs: { server: 's', path: '/' } }] })))
      .toEqual([pv('volumes[nfs].nfs', "'nfs'", 'only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret volumes')]);
  });

  test('privilege escalation: false is accepted, true is refused', () => {
    expect(restricted(pod({ containers: [c({ allowPrivilegeEscalation: true })] }))).toEqual([v('securityContext.allowPrivilegeEscalation', 'true', 'false')]);
  });

  test('non-root: the pod-level true covers containers that leave it unset; false at either level is refused', () => {
    expect(restricted(pod({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, containers: [c({ runAsNonRoot: undefined })] }))).toEqual([]);
    expect(restricted(pod({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, containers: [c({ runAsNonRoot: false })] })))
      .toEqual([v('securityContext.runAsNonRoot', 'false', "true (or the pod's 'securityContext.runAsNonRoot: true')")]);
    expect(restricted(pod({ securityContext: { runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } } })))
      .toEqual([pv('securityContext.runAsNonRoot', 'false', 'true')]);
  });

  test('non-root user: UID 1 is accepted, UID 0 is refused at the pod and in containers', () => {
    expect(restricted(pod({ securityContext: { runAsUser: 1, seccompProfile: { type: 'RuntimeDefault' } }, containers: [c({ runAsUser: 1 })] }))).toEqual([]);
    expect(restricted(pod({ securityContext: { runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } }, containers: [c({ runAsUser: 0 })] }))).toEqual([
      pv('securityContext.runAsUser', '0', 'a non-zero UID or unset'), v('securityContext.runAsUser', '0', 'a non-zero UID or unset'),
    ]);
  });

  test('seccomp: every container may set it instead of the pod; Localhost is accepted; a container without one under an unset pod is refused', () => {
    expect(restricted({ containers: [c({ seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } })] })).toEqual([]);
    expect(restricted({ containers: [c({ seccompProfile: { type: 'RuntimeDefault' } }), { ...c(), name: 'other' }] }))
      .toEqual([v('securityContext.seccompProfile.type', 'unset', "RuntimeDefault or Localhost (or the pod's 'securityContext.seccompProfile')", 'other')]);
  });

  test('capabilities: only NET_BIND_SERVICE may be added, and ALL must be dropped', () => {
    expect(restricted(pod({ containers: [c({ capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } })] }))).toEqual([]);
    expect(restricted(pod({ containers: [c({ capabilities: { drop: ['NET_RAW'], add: ['CHOWN'] } })] }))).toEqual([
      v('securityContext.capabilities.add', "'CHOWN'", 'only NET_BIND_SERVICE'),
      v('securityContext.capabilities.drop', '["NET_RAW"]', "a list with 'ALL'"),
    ]);
  });

  test('Windows pods are not held to privilege escalation, seccomp and capabilities', () => {
    expect(restricted({ os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'app' }] })).toEqual([]);
  });
});
