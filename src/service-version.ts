import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DataPlaneMode } from './data-plane';
import { IMeshService } from './interfaces/mesh-service';
import { containerPort } from './model/service';
import { imageProblem } from './private/image';
import { LABEL } from './private/istio-names';
import { proxyAnnotations } from './private/proxy';
import { INJECTED_CONTAINER_NAMES } from './private/proxy-ports';
import { KPLUS_UNITS, resolveResources } from './private/resources';
import { resolveSecurityContexts } from './private/security-context';
import { injectAtSynth, injectionSettings, podInjectionLabels } from './private/sidecar';
import { annotationProblems, dnsLabelProblem, dnsSubdomainProblem, envNameProblem, int32Problem, labelProblems, throwIfProblems } from './private/validation';
import { workloadProblems, workloadPatches } from './private/workload';
import { adoptedWorkloadProblems, adoptionProblems, adoptWorkload } from './private/workload-adopt';
import { checkPodSecurity, namespaceLevel, optionViolations } from './private/workload-pod-security';
import { ImagePullPolicy, ServiceVersionProps } from './service-version-options';

/**
 * One version of a `MeshService`: a Deployment (named `<service>-<version>` unless `deploymentName` says otherwise) whose pods carry the
 * `app` and `version` labels, and the DestinationRule subset that selects exactly those labels.
 *
 * ```ts
 * const v4 = reviews.addVersion('v4', { image: 'example/reviews:v4', replicas: 2 });
 * v4.container!.mount('/tmp', kplus.Volume.fromEmptyDir(v4, 'tmp', 'tmp'));
 * ```
 */
export class ServiceVersion extends Construct {
  /** The version name. */
  public readonly name: string;
  /** The service this version belongs to. */
  public readonly service: IMeshService;
  /** The version's Deployment, or undefined when the version is not deployed by this library. */
  public readonly deployment?: kplus.Deployment;
  /** The application container, or undefined when the version is not deployed by this library. */
  public readonly container?: kplus.Container;
  /** The workload adopted with the `workload` option, if any. */
  public readonly workload?: ApiObject;

  /** @internal */
  public constructor(scope: Construct, service: IMeshService, props: ServiceVersionProps) {
    super(scope, `Version-${props.name}`);
    this.name = props.name;
    this.service = service;
    const deploy = props.deploy ?? true;

    const containerName = props.containerName ?? service.name;
    const deploymentName = props.deploymentName ?? `${service.name}-${props.name}`;
    const containerPorts = service.ports.map(containerPort).filter((p, i, all) => all.indexOf(p) === i);
    // the namespace (and the Pod Security Standard it enforces) exists before the version's pods are written
    const namespaceObject = deploy ? service.mesh.addNamespace(service.namespace) : undefined;
    const level = deploy && props.workload === undefined ? namespaceLevel(service.mesh, service.namespace) : undefined;
    const security = resolveSecurityContexts(props.hardened ?? false, props.podSecurityContext, props.securityContext,
      service.dataPlane.mode !== DataPlaneMode.NONE, level);
    const workload = workloadProblems(props, containerPorts);
    const annotations = { ...props.podAnnotations, ...proxyAnnotations(service.proxy) };
    throwIfProblems(this, [
      dnsLabelProblem('name', props.name),
      int32Problem('replicas', props.replicas, 0),
      deploy && props.image === undefined && props.workload === undefined
        ? `'image' is required for version '${props.name}' (or set 'deploy: false' when its pods come from elsewhere)` : undefined,
      !deploy && props.image !== undefined ? `'image' is given for version '${props.name}', which has 'deploy: false': drop one of them` : undefined,
      props.image !== undefined ? imageProblem('image', props.image) : undefined,
      props.deploymentName !== undefined ? dnsSubdomainProblem('deploymentName', props.deploymentName)
        : deploymentName.length > 253 ? `the Deployment name '${deploymentName}' is longer than 253 characters` : undefined,
      props.containerName !== undefined ? dnsLabelProblem('containerName', props.containerName) : undefined,
      INJECTED_CONTAINER_NAMES.includes(containerName)
        ? `'containerName' '${containerName}' is the name of a container Istio's sidecar injector adds (reserved: ${INJECTED_CONTAINER_NAMES.join(', ')})` : undefined,
      ...labelProblems('podLabels', props.podLabels),
      ...Object.keys(props.podLabels ?? {}).filter(k => k in this.podLabels()).map(k => `'podLabels' must not set '${k}': the library sets it`),
      ...Object.keys(props.podAnnotations ?? {}).filter(k => k in proxyAnnotations(service.proxy))
        .map(k => `'podAnnotations' must not set '${k}': the service's 'proxy' option sets it`),
      ...annotationProblems('podAnnotations', props.podAnnotations, annotations),
      ...Object.keys(props.env ?? {}).map(k => envNameProblem('env', k)),
      ...resolveResources('resources', props.resources, KPLUS_UNITS, true).problems,
      ...security.problems,
      ...optionViolations(level, service.namespace, containerName, security),
      ...workload.problems,
      ...props.workload ? adoptionProblems(props, props.workload, service.namespace) : [],
    ]);

    if (!deploy) {
      return;
    }
    const podLabels = {
      ...props.podLabels,
      ...podInjectionLabels(service.mesh, service.dataPlane, service.mesh.namespaceDataPlane(service.namespace)),
      ...this.podLabels(),
    };
    const webhook = service.dataPlane.mode === DataPlaneMode.WEBHOOK ? () => injectionSettings(service.mesh, service.dataPlane) : undefined;
    if (props.workload) {
      const adopted = props.workload;
      const before = adoptWorkload(adopted, podLabels, annotations);
      if (namespaceObject) adopted.node.addDependency(namespaceObject);
      if (service.dataPlane.mode === DataPlaneMode.SYNTH_TIME) {
        injectAtSynth(adopted, () => injectionSettings(service.mesh, service.dataPlane));
      }
      checkPodSecurity(adopted, service.mesh, service.namespace, webhook);
      this.workload = adopted;
      this.node.addValidation({ validate: () => adoptedWorkloadProblems(before(), podLabels, 'version', containerPorts) });
      return;
    }

    const labels = this.selectorLabels();
    const deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: { name: deploymentName, namespace: service.namespace, labels },
      replicas: props.replicas ?? 1,
      select: false,
      serviceAccount: service.serviceAccount,
      podMetadata: { labels: podLabels, annotations },
    });
    deployment.select(kplus.LabelSelector.of({ labels }));
    // cdk8s-plus labels pods with their construct address; it would restart every pod whenever the
    // construct tree is refactored, and the selector above does not use it
    ApiObject.of(deployment).addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));

    this.container = deployment.addContainer({
      name: containerName,
      image: props.image!,
      imagePullPolicy: (props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT) as string as kplus.ImagePullPolicy,
      ports: containerPorts.map(number => ({ number })),
      command: props.command,
      args: props.args,
      envVariables: {
        ...Object.fromEntries(Object.entries(props.env ?? {}).map(([k, v]) => [k, kplus.EnvValue.fromValue(v)])),
        ...Object.fromEntries(Object.entries(props.envValues ?? {}).map(([k, v]) => [k, kplusEnvValue(v._toKube())])),
      },
      // cdk8s-plus reads only `amount` of a Cpu, so any cdk8s-plus version's (or `{ amount }`) fits
      resources: (props.resources ?? {}) as kplus.ContainerResources,
    });
    // what cdk8s-plus-27 cannot write (or writes with defaults of its own) is written over its output
    for (const patch of workloadPatches(props, workload, security)) {
      ApiObject.of(deployment).addJsonPatch(patch);
    }
    if (namespaceObject) deployment.node.addDependency(namespaceObject);
    if (service.dataPlane.mode === DataPlaneMode.SYNTH_TIME) {
      injectAtSynth(ApiObject.of(deployment), () => injectionSettings(service.mesh, service.dataPlane));
    }
    checkPodSecurity(ApiObject.of(deployment), service.mesh, service.namespace, webhook);
    this.deployment = deployment;
    // rendering the Deployment is costly: its probes can only have lost a port through a JSON patch added later
    const ownPatches = patchCount(ApiObject.of(deployment));
    this.node.addValidation({
      validate: () => [
        ...containerNameProblems(deployment),
        ...ownPatches !== undefined && patchCount(ApiObject.of(deployment)) === ownPatches ? [] : portlessProbeProblems(deployment),
      ],
    });
  }

  /** Labels that select this version's pods (and its subset's pods): `app` and `version`. */
  public selectorLabels(): { [key: string]: string } {
    return { ...this.service.selectorLabels(), ...this.subsetLabels() };
  }

  /**
   * The labels of this version's DestinationRule subset: `version`. The Service's own selector
   * already restricts the host to the service's pods.
   */
  public subsetLabels(): { [key: string]: string } {
    return { version: this.name };
  }

  /** Every label this library puts on the version's pods. */
  public podLabels(): { [key: string]: string } {
    return {
      ...this.selectorLabels(),
      [LABEL.canonicalName]: this.service.name,
      [LABEL.canonicalRevision]: this.name,
    };
  }
}

/** How many JSON patches an object has, if cdk8s keeps them where it does today (else undefined: check anyway). */
function patchCount(obj: ApiObject): number | undefined {
  const patches = (obj as unknown as { patches?: unknown }).patches;
  return Array.isArray(patches) ? patches.length : undefined;
}

/**
 * Probes written by JSON patches: the Deployment's typed bindings drop a plain number as port, so
 * the probe would reach the API server without one.
 */
function portlessProbeProblems(deployment: kplus.Deployment): string[] {
  let spec: any;
  try {
    spec = ApiObject.of(deployment).toJson().spec?.template?.spec ?? {};
  } catch {
    return []; // a Deployment that cannot be written (e.g. sidecar injection fails) is reported by that check
  }
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])].flatMap((c: any) =>
    ['readinessProbe', 'livenessProbe', 'startupProbe']
      .filter(field => ['httpGet', 'tcpSocket'].some(action => c[field]?.[action] !== undefined && c[field][action].port === undefined))
      .map(field => `Deployment '${deployment.name}' container '${c.name}' has a ${field} without a port: a JSON patch must give it as IntOrString.fromNumber(...) (cdk8s drops a plain number), or use the version's '${field}' option`));
}

/** One of this library's `EnvValue`s as cdk8s-plus-27 writes it. */
function kplusEnvValue(env: { [key: string]: any }): kplus.EnvValue {
  const from = env.valueFrom;
  if (from?.fieldRef) {
    return kplus.EnvValue.fromFieldRef(from.fieldRef.fieldPath);
  }
  if (from?.secretKeyRef) {
    const ref = from.secretKeyRef;
    return kplus.EnvValue.fromSecretValue({ secret: { name: ref.name } as kplus.ISecret, key: ref.key }, { optional: ref.optional });
  }
  if (from?.configMapKeyRef) {
    const ref = from.configMapKeyRef;
    return kplus.EnvValue.fromConfigMap({ name: ref.name } as kplus.IConfigMap, ref.key, { optional: ref.optional });
  }
  return kplus.EnvValue.fromValue(env.value);
}

/** Containers added to the Deployment after construction: names are DNS labels, unique across containers and init containers. */
function containerNameProblems(deployment: kplus.Deployment): string[] {
  const names = [...deployment.initContainers, ...deployment.containers].map(c => c.name);
  const where = `Deployment '${deployment.name}'`;
  return [
    ...names.filter((n, i) => names.indexOf(n) === i && dnsLabelProblem('', n) !== undefined)
      .map(n => `${where} has a container named '${n}': container names must be DNS-1123 labels (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit)`),
    ...names.filter((n, i) => names.indexOf(n) !== i && names.indexOf(n, names.indexOf(n) + 1) === i)
      .map(n => `${where} has two containers named '${n}': container names must be unique within a pod`),
  ];
}
