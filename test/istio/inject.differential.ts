/**
 * Differential tests of sidecar injection: hand-written workloads injected by this library (the
 * function behind `cdk8s-mesh inject`, on the documents as `cdk8s-mesh` reads them) and by
 * `istioctl kube-inject` (the oracle, Istio's own injector with the templates of its chart), with
 * the same hub, tag, revision and native-sidecar setting, compared as parsed objects.
 *
 * The oracle runs the templates of the pinned Istio module (2026-04); this library's templates
 * follow Istio master of 2026-08. The differences that come only from the template versions are
 * listed in TEMPLATE_VERSION_DIFFERENCES, each removed from the oracle's output only where it is
 * present, so an allowance never hides anything else.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Chart, Testing, Yaml } from 'cdk8s';
import * as YAML from 'yaml';
import { istioInject } from './oracle';
import { Bookinfo } from '../../examples/bookinfo/bookinfo';
import { DataPlane, IstioRelease, Mesh, PodSecurityLevel } from '../../src';
import { DEFAULT_SETTINGS, InjectionSettings, injector } from '../../src/private/inject';
import { podSecurityViolations } from '../../src/private/pod-security';
import { parseDocuments } from '../../src/private/read-manifests';

/* ------------------------------------------------------------------ */
/* inputs                                                              */
/* ------------------------------------------------------------------ */

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web, version: v1}
    spec:
      serviceAccountName: web
      containers:
      - name: web
        image: example.com/web:1.0
        ports:
        - {name: http, containerPort: 8080}
        - {name: metrics, containerPort: 9090, protocol: TCP}
        env:
        - {name: MODE, value: production}
`;

const STATEFULSET = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: data
spec:
  serviceName: db
  replicas: 3
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      initContainers:
      - name: init-schema
        image: example.com/db-init:2
        volumeMounts:
        - {name: data, mountPath: /var/lib/db}
      containers:
      - name: db
        image: example.com/db:14
        ports:
        - {name: tcp-db, containerPort: 5432}
        volumeMounts:
        - {name: data, mountPath: /var/lib/db}
        - {name: config, mountPath: /etc/db, readOnly: true}
        - {name: scratch, mountPath: /tmp}
      volumes:
      - name: config
        configMap: {name: db-config}
      - name: scratch
        emptyDir: {sizeLimit: 1Gi}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests: {storage: 10Gi}
`;

const DAEMONSET = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
spec:
  selector:
    matchLabels: {app: node-agent}
  template:
    metadata:
      labels: {app: node-agent, app.kubernetes.io/version: "3.1"}
    spec:
      tolerations:
      - {operator: Exists}
      containers:
      - name: agent
        image: example.com/agent:3.1
        resources:
          requests: {cpu: 50m, memory: 64Mi}
`;

const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: shop
spec:
  backoffLimit: 2
  template:
    metadata:
      labels: {app: migrate}
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: example.com/migrate:5
        args: [--all]
`;

const CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          labels: {app: report}
        spec:
          restartPolicy: OnFailure
          containers:
          - name: report
            image: example.com/report:1
`;

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: tools
  labels: {app: debug}
spec:
  containers:
  - name: shell
    image: example.com/toolbox:latest
    command: [sleep, infinity]
`;

const REPLICASET = `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: legacy
spec:
  replicas: 1
  selector:
    matchLabels: {app: legacy}
  template:
    metadata:
      labels: {app: legacy}
    spec:
      containers:
      - name: legacy
        image: example.com/legacy:0.9
        ports:
        - containerPort: 80
`;

const PROBES = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
      - name: api
        image: example.com/api:2
        ports:
        - {name: http, containerPort: 8080}
        - {name: grpc, containerPort: 9000}
        readinessProbe:
          httpGet: {path: /ready, port: http, httpHeaders: [{name: X-Probe, value: "1"}]}
          periodSeconds: 5
        livenessProbe:
          tcpSocket: {port: 8080}
          timeoutSeconds: 2
        startupProbe:
          grpc: {port: 9000}
          failureThreshold: 30
        lifecycle:
          preStop:
            httpGet: {path: /drain, port: 8080}
      - name: worker
        image: example.com/worker:2
        livenessProbe:
          exec: {command: [cat, /tmp/healthy]}
        readinessProbe:
          httpGet: {path: /healthz, port: 8081, scheme: HTTPS}
`;

const NATIVE_OPT_OUT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: classic
spec:
  selector:
    matchLabels: {app: classic}
  template:
    metadata:
      labels: {app: classic}
      annotations:
        sidecar.istio.io/nativeSidecar: "false"
    spec:
      initContainers:
      - name: warmup
        image: example.com/warmup:1
      containers:
      - name: classic
        image: example.com/classic:1
`;

const PROXY_ANNOTATIONS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: tuned
spec:
  selector:
    matchLabels: {app: tuned}
  template:
    metadata:
      labels: {app: tuned}
      annotations:
        sidecar.istio.io/proxyCPU: 250m
        sidecar.istio.io/proxyMemory: 256Mi
        sidecar.istio.io/proxyCPULimit: "1"
        sidecar.istio.io/proxyMemoryLimit: 512Mi
        sidecar.istio.io/logLevel: debug
        sidecar.istio.io/interceptionMode: TPROXY
        traffic.sidecar.istio.io/includeOutboundIPRanges: 10.0.0.0/8,172.16.0.0/12
        traffic.sidecar.istio.io/excludeOutboundPorts: "3306"
        traffic.sidecar.istio.io/excludeInboundPorts: "9999"
        readiness.status.sidecar.istio.io/periodSeconds: "10"
        proxy.istio.io/config: |
          concurrency: 2
          holdApplicationUntilProxyStarts: true
    spec:
      containers:
      - name: tuned
        image: example.com/tuned:1
        ports:
        - containerPort: 8080
        - containerPort: 9999
        readinessProbe:
          httpGet: {path: /ready, port: 9999}
`;

const GATEWAY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingress
  namespace: edge
spec:
  selector:
    matchLabels: {istio: ingressgateway}
  template:
    metadata:
      labels: {istio: ingressgateway, app: ingress}
      annotations:
        inject.istio.io/templates: gateway
    spec:
      containers:
      - name: istio-proxy
        image: auto
        ports:
        - {containerPort: 8080, name: http2}
        - {containerPort: 8443, name: https}
`;

const LIST = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: {name: cart}
  spec:
    selector: {app: cart}
    ports:
    - {name: http, port: 80, targetPort: 8080}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: cart}
  spec:
    selector:
      matchLabels: {app: cart}
    template:
      metadata:
        labels: {app: cart}
      spec:
        containers:
        - name: cart
          image: example.com/cart:4
`;

/** YAML merge keys and aliases: the reading of the input is compared too (go-yaml v2 semantics). */
const MERGE_KEYS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: merged
spec:
  selector:
    matchLabels: &labels {app: merged}
  template:
    metadata:
      labels:
        <<: *labels
        tier: web
      annotations:
        note: explicit
        <<: {note: merged, other: merged}
    spec:
      containers:
      - &base
        name: merged
        image: example.com/merged:1
        env: [{name: A, value: "1"}]
      - <<: [*base, {image: example.com/ignored:1, ports: [{containerPort: 81}]}]
        name: sidekick
`;

const CASES: Array<[string, string]> = [
  ['Deployment', DEPLOYMENT],
  ['StatefulSet with volumes and volumeClaimTemplates', STATEFULSET],
  ['DaemonSet', DAEMONSET],
  ['Job', JOB],
  ['CronJob', CRONJOB],
  ['Pod', POD],
  ['ReplicaSet', REPLICASET],
  ['multi-container Deployment with http, tcp, grpc and exec probes', PROBES],
  ['native sidecar opt-out annotation', NATIVE_OPT_OUT],
  ['proxy resource, interception and traffic annotations', PROXY_ANNOTATIONS],
  ['gateway template', GATEWAY],
  ['List of a Service and a Deployment', LIST],
  ['YAML merge keys and aliases', MERGE_KEYS],
];

/* ------------------------------------------------------------------ */
/* settings                                                            */
/* ------------------------------------------------------------------ */

interface Setup {
  readonly label: string;
  readonly settings: InjectionSettings;
}

const SETUPS: Setup[] = [
  { label: 'native sidecars', settings: { ...DEFAULT_SETTINGS, hub: 'docker.io/istio', tag: '1.30.0', revision: 'default', nativeSidecars: true } },
  { label: 'classic sidecars, revision canary', settings: { ...DEFAULT_SETTINGS, hub: 'gcr.io/istio-testing', tag: 'latest', revision: 'canary', nativeSidecars: false } },
  { label: "Istio's CNI node agent, native sidecars", settings: { ...DEFAULT_SETTINGS, hub: 'docker.io/istio', tag: '1.30.0', revision: 'default', nativeSidecars: true, cni: true } },
  { label: "Istio's CNI node agent, classic sidecars", settings: { ...DEFAULT_SETTINGS, hub: 'docker.io/istio', tag: '1.30.0', revision: 'default', nativeSidecars: false, cni: true } },
];

/** istioctl kube-inject with the chart's templates (the oracle's inject command). */
function oracleInject(yaml: string, s: InjectionSettings): any[] {
  const out = istioInject(yaml, {
    nativeSidecars: s.nativeSidecars,
    hub: s.hub,
    tag: s.tag,
    revision: s.revision !== 'default' ? s.revision : undefined,
    // the installation with Istio's CNI component sets the chart's pilot.cni.enabled
    set: s.cni ? ['components.cni.enabled=true'] : [],
  });
  return YAML.parseAllDocuments(out).map(d => d.toJSON()).filter(d => d !== null);
}

/** This library: the documents as `cdk8s-mesh inject` reads them, each injected. */
function ourInject(yaml: string, s: InjectionSettings): any[] {
  const inject = injector(s);
  return parseDocuments(yaml, 'input.yaml').map(d => d.value).filter(v => v !== null).map(o => inject(o).object);
}

/* ------------------------------------------------------------------ */
/* the allow-list                                                      */
/* ------------------------------------------------------------------ */

/** The pod templates of an object (the items of a List, the pod itself, a workload's or CronJob's template). */
function pods(obj: any): any[] {
  if (Array.isArray(obj?.items)) return obj.items.flatMap(pods);
  if (obj?.kind === 'Pod') return [obj];
  if (obj?.kind === 'CronJob') return [obj.spec.jobTemplate.spec.template];
  return obj?.spec?.template ? [obj.spec.template] : [];
}

function proxyOf(pod: any): any | undefined {
  return [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])].find((c: any) => c.name === 'istio-proxy');
}

interface Allowance {
  /** What differs, and why it is only the template versions. */
  readonly reason: string;
  /** Removes the difference from a pod of the oracle's output; returns whether it was there. */
  readonly remove: (pod: any) => boolean;
}

/**
 * The differences between the templates of Istio's 2026-04 chart (the oracle) and those of Istio
 * master of 2026-08 (this library) that show in these inputs.
 */
const TEMPLATE_VERSION_DIFFERENCES: Allowance[] = [
  {
    reason: 'the sidecar and gateway injection templates of the 2026-04 chart set GOMAXPROCS on istio-proxy from limits.cpu '
      + '(a resourceFieldRef with divisor 1); the templates of Istio master (2026-08) that this library follows do not set it',
    remove: pod => {
      const proxy = proxyOf(pod);
      const i = (proxy?.env ?? []).findIndex((e: any) => e.name === 'GOMAXPROCS'
        && JSON.stringify(e.valueFrom) === JSON.stringify({ resourceFieldRef: { divisor: '1', resource: 'limits.cpu' } }));
      if (i < 0) return false;
      proxy.env.splice(i, 1);
      return true;
    },
  },
];

/**
 * Where this library deliberately injects differently from istioctl kube-inject (not a template
 * difference): each is undone on the oracle's output only where it shows, and only in the cases
 * named here.
 */
const DELIBERATE_DEVIATIONS: { [caseName: string]: Allowance } = {
  CronJob: {
    reason: 'for a CronJob, istioctl kube-inject reads and writes the labels and annotations of spec.jobTemplate.metadata '
      + '(the Job), not of the pod template (Istio\'s own golden testdata/inject/cronjob.yaml.injected shows this); this library '
      + 'reads and labels the pod template, as the injection webhook does for the pods at runtime. Undone here by moving what '
      + 'istioctl wrote on the Job onto the pod template, whose own labels and annotations istioctl left as they were',
    remove: cronJob => {
      const job = cronJob.spec?.jobTemplate;
      const written = job?.metadata ?? {};
      if (!written.labels && !written.annotations) return false;
      const pod = job.spec.template.metadata;
      pod.labels = { ...(pod.labels ?? {}), ...(written.labels ?? {}) };
      pod.annotations = { ...(pod.annotations ?? {}), ...(written.annotations ?? {}) };
      job.metadata = {};
      return true;
    },
  },
};

/* ------------------------------------------------------------------ */
/* tests                                                               */
/* ------------------------------------------------------------------ */

describe.each(SETUPS)('injection with $label', ({ settings }) => {
  test.each(CASES)('%s: the same objects as istioctl kube-inject', (name, yaml) => {
    // WHEN
    const ours = ourInject(yaml, settings);
    const istio = oracleInject(yaml, settings);
    // THEN: after undoing a deliberate deviation where it is named and shows (and nowhere else)
    const deviation = DELIBERATE_DEVIATIONS[name];
    if (deviation) expect(istio.map(o => deviation.remove(o))).toContain(true);
    // and removing the template-version differences, where present, from Istio's pods
    const allowed = new Set<string>();
    for (const pod of istio.flatMap(pods)) {
      for (const a of TEMPLATE_VERSION_DIFFERENCES) if (a.remove(pod)) allowed.add(a.reason);
    }
    expect(ours).toEqual(istio);
    // where a proxy was injected, every listed template difference showed (none is stale)
    if (ours.flatMap(pods).some(p => proxyOf(p) !== undefined)) {
      expect([...allowed]).toEqual(TEMPLATE_VERSION_DIFFERENCES.map(a => a.reason));
    }
  });
});

/**
 * A Deployment as the API server stores it, where two writings differ only in encoding: Go's typed
 * encoder (the oracle's output) drops zero values that cdk8s-plus writes out (`minReadySeconds: 0`,
 * `hostNetwork: false`) and adds an empty `status`.
 */
function asStored(deployment: any): any {
  const copy = JSON.parse(JSON.stringify(deployment));
  if (copy.status && Object.keys(copy.status).length === 0) delete copy.status;
  if (copy.spec?.minReadySeconds === 0) delete copy.spec.minReadySeconds;
  if (copy.spec?.template?.spec?.hostNetwork === false) delete copy.spec.template.spec.hostNetwork;
  return copy;
}

describe("the example's synth-time injection (dist/bookinfo)", () => {
  test('every bookinfo workload is injected as istioctl kube-inject injects it, with the release the mesh pins', () => {
    // GIVEN bookinfo as the example declares it, but with the webhook data plane: its workloads as written
    const app = Testing.app();
    const bookinfo = new Bookinfo(app, 'bookinfo', { mesh: new Mesh(new Chart(app, 'base'), 'mesh', { dataPlane: DataPlane.webhook() }) });
    const raw = bookinfo.toJson().filter((o: any) => o.kind === 'Deployment');
    const release = IstioRelease.of({});
    // WHEN Istio's injector injects them with the release the example's mesh pins (native sidecars)
    const istio = oracleInject(Yaml.stringify(...raw), { ...DEFAULT_SETTINGS, hub: release.hub, tag: release.tag, revision: 'default', nativeSidecars: true });
    // THEN they equal the Deployments synth-time injection wrote into the example output
    const dist = path.join(__dirname, '..', '..', 'dist', 'bookinfo', '0002-bookinfo.k8s.yaml');
    const ours = YAML.parseAllDocuments(readFileSync(dist, 'utf8')).map(d => d.toJSON())
      .filter(o => o?.kind === 'Deployment' && raw.some((r: any) => r.metadata.name === o.metadata.name && r.metadata.namespace === o.metadata.namespace));
    expect(ours.map(o => o.metadata.name)).toEqual(raw.map((o: any) => o.metadata.name));
    for (const pod of istio.flatMap(pods)) TEMPLATE_VERSION_DIFFERENCES.forEach(a => a.remove(pod));
    expect(ours.map(asStored)).toEqual(istio.map(asStored));
  });
});

describe("Istio's injection of a restricted namespace's pod (the Pod Security Standards)", () => {
  /** The Deployment the library writes for a version in a restricted namespace of a webhook mesh, as YAML. */
  function restrictedDeployment(): string {
    const chart = new Chart(Testing.app(), 'test');
    const mesh = new Mesh(chart, 'mesh', { istio: IstioRelease.of({ cni: true }), podSecurity: PodSecurityLevel.RESTRICTED });
    mesh.addService('web', { ports: [{ port: 80 }], versions: [{ name: 'v1', image: 'example/web:1' }] });
    return Yaml.stringify(Testing.synth(chart).find(o => o.kind === 'Deployment'));
  }

  test("with Istio's CNI node agent, istioctl kube-inject's pod meets restricted; without it, istio-init breaks it", () => {
    // GIVEN
    const yaml = restrictedDeployment();
    const injectedPod = (cni: boolean) => {
      const out = YAML.parseAllDocuments(istioInject(yaml, { set: cni ? ['components.cni.enabled=true'] : [] })).map(d => d.toJSON());
      return out.find(o => o?.kind === 'Deployment').spec.template;
    };
    // WHEN
    const withCni = injectedPod(true);
    const withoutCni = injectedPod(false);
    // THEN
    expect(withCni.spec.initContainers.map((c: any) => c.name)).toEqual(['istio-validation', 'istio-proxy']);
    expect(podSecurityViolations('restricted', withCni.spec, withCni.metadata.annotations)).toEqual([]);
    expect(podSecurityViolations('restricted', withoutCni.spec, withoutCni.metadata.annotations).map(v => `${v.container} ${v.field} ${v.value}`)).toEqual([
      "istio-init securityContext.capabilities.add 'NET_ADMIN'",
      "istio-init securityContext.capabilities.add 'NET_RAW'",
      'istio-init securityContext.runAsNonRoot false',
      'istio-init securityContext.runAsUser 0',
    ]);
  });
});
