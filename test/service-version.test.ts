import { ApiObject, Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import { IntOrString } from 'cdk8s-plus-27/lib/imports/k8s';
import {
  DataPlane, EnvFieldPath, EnvValue, ImagePullPolicy, Mesh, MeshService, Probe, ProbeScheme, Protocol, TaintEffect, TolerationOperator,
} from '../src';
import { ServiceVersionOptions } from '../src/service-version-options';
import { exactly, findObject, synthErrors, synthValid } from './util/validate';

const WHERE = '[test/mesh/reviews/Version-v1]';

function setup(ports = [{ port: 9080 }], dataPlane?: DataPlane) {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const mesh = new Mesh(chart, 'mesh');
  const svc = mesh.addService('reviews', { ports, dataPlane });
  return { chart, svc };
}

/** The pod spec of `reviews-v1` with the given options (synthesized and validated). */
type Ports = Array<{ port: number; protocol?: Protocol; targetPort?: number }>;

async function podSpec(options: ServiceVersionOptions, ports?: Ports, dataPlane?: DataPlane) {
  const { chart, svc } = setup(ports, dataPlane);
  svc.addVersion('v1', { image: 'r:1', ...options });
  return findObject(await synthValid(chart), 'Deployment', options.deploymentName ?? 'reviews-v1').spec.template.spec;
}

function attempt(options: ServiceVersionOptions, ports?: Ports): () => MeshService {
  const { svc } = setup(ports);
  return () => {
    svc.addVersion('v1', { image: 'r:1', ...options });
    return svc;
  };
}

describe('ServiceVersion: defaults that run ordinary images', () => {
  test('a version without options writes no security context and no resources: Kubernetes defaults run images without USER', async () => {
    // WHEN
    const spec = await podSpec({});
    // THEN
    expect(spec.securityContext).toBeUndefined();
    expect(spec.containers[0].securityContext).toBeUndefined();
    expect(spec.containers[0].resources).toBeUndefined();
  });

  test('hardened is the one switch to non-root, read-only root filesystem and no privilege escalation', async () => {
    const spec = await podSpec({ hardened: true });
    expect(spec.securityContext).toEqual({ runAsNonRoot: true, fsGroupChangePolicy: 'Always' });
    expect(spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
    });
  });

  test('the pod-level runAsNonRoot can be turned off under hardened, and given fields win over the preset', async () => {
    const spec = await podSpec({
      hardened: true,
      podSecurityContext: { ensureNonRoot: false, user: 1000, fsGroup: 2000 },
      securityContext: { readOnlyRootFilesystem: false },
    });
    expect(spec.securityContext).toEqual({ runAsNonRoot: false, runAsUser: 1000, fsGroup: 2000, fsGroupChangePolicy: 'Always' });
    expect(spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
  });

  test('only the given fields are written without hardened', async () => {
    const spec = await podSpec({ podSecurityContext: { ensureNonRoot: true, user: 1000 }, securityContext: { capabilities: { drop: ['ALL'] } } });
    expect(spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 1000 });
    expect(spec.containers[0].securityContext).toEqual({ capabilities: { drop: ['ALL'] } });
  });

  test('root fails under hardened with how to opt out; root with ensureNonRoot false, or without hardened, is accepted', () => {
    expect(attempt({ hardened: true, podSecurityContext: { user: 0 } })).toThrow(exactly(
      `${WHERE} 'podSecurityContext.user' 0 runs as root, but 'hardened' requires a non-root user: the kubelet would refuse to start the container (set 'securityContext.ensureNonRoot: false' to run as root)`));
    expect(attempt({ podSecurityContext: { user: 0, ensureNonRoot: true } })).toThrow(exactly(
      `${WHERE} 'podSecurityContext.user' 0 runs as root, but 'podSecurityContext.ensureNonRoot' requires a non-root user: the kubelet would refuse to start the container (set 'securityContext.ensureNonRoot: false' to run as root)`));
    expect(attempt({ hardened: true, podSecurityContext: { user: 0 }, securityContext: { ensureNonRoot: false } })).not.toThrow();
    expect(attempt({ podSecurityContext: { user: 0 } })).not.toThrow();
  });

  test('security-context fields of another library that this one does not write fail instead of being dropped; its own fields pass', () => {
    // GIVEN a cdk8s-plus-33 style security context (seccompProfile, sysctls): typed callers pass it structurally
    const container = { ensureNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } as ServiceVersionOptions['securityContext'];
    const pod = { fsGroup: 2000, sysctls: [{ name: 'net.core.somaxconn', value: '1024' }], fsGroupChangePolicy: undefined } as ServiceVersionOptions['podSecurityContext'];
    // WHEN / THEN
    expect(attempt({ securityContext: container, podSecurityContext: pod })).toThrow(exactly([
      `${WHERE} 'securityContext.seccompProfile' is not a setting this library writes (it writes user, group, ensureNonRoot, privileged, readOnlyRootFilesystem, allowPrivilegeEscalation, capabilities): drop it rather than have it ignored`,
      `${WHERE} 'podSecurityContext.sysctls' is not a setting this library writes (it writes user, group, ensureNonRoot, fsGroup): drop it rather than have it ignored`,
    ].join('\n')));
    expect(attempt({ securityContext: { ensureNonRoot: true }, podSecurityContext: { fsGroup: 2000 } })).not.toThrow();
  });

  test('a privileged container is accepted by default and fails under hardened until escalation is allowed', () => {
    expect(attempt({ securityContext: { privileged: true } })).not.toThrow();
    expect(attempt({ hardened: true, securityContext: { privileged: true } })).toThrow(exactly(
      `${WHERE} 'securityContext.privileged' needs 'allowPrivilegeEscalation: true' ('hardened' sets it to false): Kubernetes rejects a privileged container that may not escalate`));
    expect(attempt({ hardened: true, securityContext: { privileged: true, allowPrivilegeEscalation: true } })).not.toThrow();
  });

  test("pod-level IDs are checked like the container's: the proxy's UID fails, 1338 is accepted, fsGroup is an int32", () => {
    expect(attempt({ podSecurityContext: { user: 1337, group: 1337, fsGroup: -1 } })).toThrow(exactly([
      `${WHERE} 'podSecurityContext.user' 1337 is the UID of Istio's proxy: the sidecar lets its traffic bypass the mesh`,
      `${WHERE} 'podSecurityContext.group' 1337 is the GID of Istio's proxy: the sidecar lets its traffic bypass the mesh`,
      `${WHERE} 'podSecurityContext.fsGroup' must be an integer between 0 and 2147483647, got -1`,
    ].join('\n')));
    expect(attempt({ podSecurityContext: { user: 1338, fsGroup: 0 } })).not.toThrow();
  });

  test('resources are written as given, and none by default', async () => {
    const spec = await podSpec({ resources: { cpu: { request: { amount: '100m' } } } });
    expect(spec.containers[0].resources).toEqual({ requests: { cpu: '100m' } });
  });
});

describe('ServiceVersion: command, args, env', () => {
  test('command and args replace the image entrypoint and arguments', async () => {
    const spec = await podSpec({ command: ['/bin/tcp-echo'], args: ['9000', 'hello'] });
    expect(spec.containers[0]).toMatchObject({ command: ['/bin/tcp-echo'], args: ['9000', 'hello'] });
  });

  test('an empty command or args fails; one element is accepted', () => {
    expect(attempt({ command: [], args: [] })).toThrow(exactly([
      `${WHERE} 'command' is empty: leave it out to keep the image's entrypoint`,
      `${WHERE} 'args' is empty: leave it out to keep the image's arguments`,
    ].join('\n')));
    expect(attempt({ command: ['x'], args: ['y'] })).not.toThrow();
  });

  test('env values come from pod fields, Secret keys and ConfigMap keys', async () => {
    const spec = await podSpec({
      env: { MODE: 'fast' },
      envValues: {
        POD_IP: EnvValue.fromField(EnvFieldPath.POD_IP),
        POD_NAME: EnvValue.fromField(EnvFieldPath.POD_NAME),
        PASSWORD: EnvValue.fromSecretKey('db', 'password'),
        LEVEL: EnvValue.fromConfigMapKey('settings', 'log.level', { optional: true }),
        PLAIN: EnvValue.fromValue('x'),
      },
    });
    expect(spec.containers[0].env).toEqual([
      { name: 'MODE', value: 'fast' },
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'log.level', optional: true } } },
      { name: 'PLAIN', value: 'x' },
    ]);
  });

  test('a name in both env and envValues fails', () => {
    expect(attempt({ env: { A: '1' }, envValues: { A: EnvValue.fromField(EnvFieldPath.POD_IP), B: EnvValue.fromValue('2') } })).toThrow(exactly(
      `${WHERE} 'envValues' sets 'A', which 'env' sets too: keep one`));
  });

  test('a Secret name that is not a DNS subdomain and a key with a slash fail', () => {
    expect(() => EnvValue.fromSecretKey('Db', 'a/b')).toThrow(exactly([
      "'secretName' must be a DNS-1123 subdomain (at most 253 characters of lowercase letters, digits, '-' and '.'), got 'Db'",
      "'key' must be 1 to 253 letters, digits, '-', '_' or '.', got 'a/b'",
    ].join('\n')));
    expect(() => EnvValue.fromConfigMapKey('d.b', `${'k'.repeat(253)}`)).not.toThrow();
    expect(() => EnvValue.fromConfigMapKey('db', `${'k'.repeat(254)}`)).toThrow(exactly(`'key' must be 1 to 253 letters, digits, '-', '_' or '.', got '${'k'.repeat(254)}'`));
  });
});

describe('ServiceVersion: probes', () => {
  test('probes of every kind, with timings, on the container port', async () => {
    const spec = await podSpec({
      readinessProbe: Probe.httpGet({ path: '/healthz', scheme: ProbeScheme.HTTP, period: Duration.seconds(5), failureThreshold: 2, successThreshold: 2 }),
      livenessProbe: Probe.tcpSocket({ initialDelay: Duration.seconds(0), timeout: Duration.seconds(3) }),
      startupProbe: Probe.exec({ command: ['cat', '/tmp/ready'], failureThreshold: 30 }),
    });
    expect(spec.containers[0]).toMatchObject({
      readinessProbe: { httpGet: { path: '/healthz', port: 9080, scheme: 'HTTP' }, periodSeconds: 5, failureThreshold: 2, successThreshold: 2 },
      livenessProbe: { tcpSocket: { port: 9080 }, initialDelaySeconds: 0, timeoutSeconds: 3 },
      startupProbe: { exec: { command: ['cat', '/tmp/ready'] }, failureThreshold: 30 },
    });
  });

  test('a gRPC probe names the port and service; the probe port is the target port', async () => {
    const spec = await podSpec({ readinessProbe: Probe.grpc({ port: 50051, service: 'echo' }) },
      [{ port: 80, protocol: Protocol.HTTP, targetPort: 8080 }, { port: 9090, protocol: Protocol.GRPC, targetPort: 50051 }]);
    expect(spec.containers[0].readinessProbe).toEqual({ grpc: { port: 50051, service: 'echo' } });
  });

  test('a probe without a port fails on a container with several ports, and names the ones it has', () => {
    const ports = [{ port: 8080, protocol: Protocol.HTTP }, { port: 9000, protocol: Protocol.TCP }];
    expect(attempt({ readinessProbe: Probe.httpGet() }, ports)).toThrow(exactly(
      `${WHERE} 'readinessProbe' names no port, and the container has several (8080, 9000): give the probe a 'port'`));
    expect(attempt({ readinessProbe: Probe.httpGet({ port: 9000 }) }, ports)).not.toThrow();
  });

  test('a probe port that is not a container port fails; the service port is not one when a target port differs', () => {
    expect(attempt({ livenessProbe: Probe.tcpSocket({ port: 80 }) }, [{ port: 80, targetPort: 8080 }])).toThrow(exactly(
      `${WHERE} 'livenessProbe.port' 80 is not a port of the container (its ports: 8080)`));
    expect(attempt({ livenessProbe: Probe.tcpSocket({ port: 8080 }) }, [{ port: 80, targetPort: 8080 }])).not.toThrow();
  });

  test('liveness and startup probes take a success threshold of 1 only', () => {
    const two = Probe.tcpSocket({ successThreshold: 2 });
    expect(attempt({ livenessProbe: two, startupProbe: two })).toThrow(exactly([
      `${WHERE} 'livenessProbe.successThreshold' must be 1 for a liveness probe, got 2`,
      `${WHERE} 'startupProbe.successThreshold' must be 1 for a startup probe, got 2`,
    ].join('\n')));
    expect(attempt({ livenessProbe: Probe.tcpSocket({ successThreshold: 1 }), readinessProbe: two })).not.toThrow();
  });

  test('timings are whole seconds: period and timeout from 1s, initial delay from 0s', () => {
    const bad = { initialDelay: Duration.millis(500), period: Duration.seconds(0), timeout: Duration.millis(1500) };
    expect(() => Probe.tcpSocket(bad)).toThrow(exactly([
      "'initialDelay' must be a whole number of seconds of at least 0s, got 0.5s",
      "'period' must be a whole number of seconds of at least 1s, got 0s",
      "'timeout' must be a whole number of seconds of at least 1s, got 1.5s",
    ].join('\n')));
    const edge = { initialDelay: Duration.seconds(0), period: Duration.seconds(1), timeout: Duration.seconds(1) };
    expect(() => Probe.tcpSocket(edge)).not.toThrow();
    expect(() => Probe.tcpSocket({ failureThreshold: 0, port: 65536 })).toThrow(exactly([
      "'port' must be an integer between 1 and 65535, got 65536",
      "'failureThreshold' must be an integer between 1 and 2147483647, got 0",
    ].join('\n')));
  });

  test('an HTTP path must start with a slash, and an exec probe must name a program', () => {
    expect(() => Probe.httpGet({ path: 'healthz' })).toThrow(exactly("'path' of an HTTP probe must start with '/', got 'healthz'"));
    expect(() => Probe.exec({ command: [] })).toThrow(exactly("'command' of an exec probe must name a program, got none"));
  });

  test('with the sidecar injected at synth, probes keep their port and go through the agent', async () => {
    // GIVEN a probe: a JSON patch used to lose its port in the Deployment's typed bindings
    const spec = await podSpec({ readinessProbe: Probe.httpGet({ path: '/ready' }) }, undefined, DataPlane.synthTime());
    // THEN the kubelet probes the agent, which probes the app's port
    const app = spec.containers.find((c: any) => c.name === 'reviews');
    expect(app.readinessProbe.httpGet).toEqual({ path: '/app-health/reviews/readyz', port: 15020 });
    const proxy = [...spec.containers, ...(spec.initContainers ?? [])].find((c: any) => c.name === 'istio-proxy');
    const probers = JSON.parse(proxy.env.find((e: any) => e.name === 'ISTIO_KUBE_APP_PROBERS').value);
    expect(probers).toEqual({ '/app-health/reviews/readyz': { httpGet: { path: '/ready', port: 9080 } } });
  });
});

describe('ServiceVersion: names, pulling and scheduling', () => {
  test('the Deployment name can be chosen; one that is not a DNS subdomain fails', async () => {
    const { chart, svc } = setup();
    svc.addVersion('v1', { image: 'r:1', deploymentName: 'reviews' });
    expect(findObject(await synthValid(chart), 'Deployment', 'reviews').metadata.labels).toEqual({ app: 'reviews', version: 'v1' });
    expect(attempt({ deploymentName: 'Reviews' })).toThrow(exactly(
      `${WHERE} 'deploymentName' must be a DNS-1123 subdomain (at most 253 characters of lowercase letters, digits, '-' and '.'), got 'Reviews'`));
  });

  test('the image pull policy is this library\'s enum', async () => {
    expect((await podSpec({ imagePullPolicy: ImagePullPolicy.ALWAYS })).containers[0].imagePullPolicy).toBe('Always');
  });

  test('node selector and tolerations are written to the pod', async () => {
    const spec = await podSpec({
      nodeSelector: { 'kubernetes.io/arch': 'arm64' },
      tolerations: [
        { key: 'dedicated', value: 'mesh', effect: TaintEffect.NO_SCHEDULE },
        { operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_EXECUTE, tolerationSeconds: 30 },
      ],
    });
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/arch': 'arm64' });
    expect(spec.tolerations).toEqual([
      { key: 'dedicated', value: 'mesh', effect: 'NoSchedule' },
      { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
    ]);
  });

  test('tolerations Kubernetes rejects fail together', () => {
    expect(attempt({
      nodeSelector: { 'bad key!': 'x' },
      tolerations: [
        { value: 'x' },
        { key: 'a', operator: TolerationOperator.EXISTS, value: 'x', tolerationSeconds: 5 },
      ],
    })).toThrow(exactly([
      `${WHERE} 'nodeSelector' has an invalid label key 'bad key!' (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)`,
      `${WHERE} 'tolerations[0]' has no 'key', which tolerates every taint only with 'operator: TolerationOperator.EXISTS'`,
      `${WHERE} 'tolerations[1].value' must be left out with 'operator: TolerationOperator.EXISTS', got 'x'`,
      `${WHERE} 'tolerations[1].tolerationSeconds' applies only to 'effect: TaintEffect.NO_EXECUTE'`,
    ].join('\n')));
  });

  test('validation renders a Deployment to look for portless probes only once a JSON patch was added after construction', () => {
    // GIVEN two versions, one patched later
    const { chart, svc } = setup();
    const plain = svc.addVersion('v1', { image: 'r:1' });
    const patched = svc.addVersion('v2', { image: 'r:2' });
    ApiObject.of(patched.deployment!).addJsonPatch(JsonPatch.add('/metadata/annotations', { team: 'a' }));
    const renders = (v: typeof plain) => jest.spyOn(ApiObject.of(v.deployment!), 'toJson');
    const [plainRenders, patchedRenders] = [renders(plain), renders(patched)];
    // WHEN every construct's validations run (synthesis would render every object anyway)
    const problems = chart.node.findAll().flatMap(c => c.node.validate());
    // THEN the fast path skips the unpatched Deployment; the patched one is checked
    expect(plainRenders).not.toHaveBeenCalled();
    expect(patchedRenders).toHaveBeenCalledTimes(1);
    expect(problems).toEqual([]);
  });

  test('a JSON patch that adds a probe without a typed port is reported, not silently left portless', () => {
    // GIVEN
    const { chart, svc } = setup();
    const v1 = svc.addVersion('v1', { image: 'r:1' });
    // WHEN a plain number is given as port, and a typed one on another probe
    ApiObject.of(v1.deployment!).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/livenessProbe', { tcpSocket: { port: 9080 } }));
    const typed = { tcpSocket: { port: IntOrString.fromNumber(9080) } };
    ApiObject.of(v1.deployment!).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/readinessProbe', typed));
    // THEN
    expect(synthErrors(chart)).toBe([
      'Validation failed with the following errors:',
      `  ${WHERE} Deployment 'reviews-v1' container 'reviews' has a livenessProbe without a port: a JSON patch must give it as IntOrString.fromNumber(...) (cdk8s drops a plain number), or use the version's 'livenessProbe' option`,
    ].join('\n'));
  });
});
