/**
 * The Istio oracle: Istio's own Go code (validation webhook, analyzers, injector, regexp) and the
 * Kubernetes API server's (registry strategies, CRD validation) run over manifests by the Go
 * program beside this file, for differential tests (`npm run test:istio`).
 *
 * `npm run test:istio` builds the program into `.tmp/istio-oracle` first; `ISTIO_ORACLE` may name
 * another build. Nothing in `npm test` needs Go.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Yaml } from 'cdk8s';

/** The Gateway API release whose CRDs `apiServerAdmit` serves unless told otherwise. */
export const GATEWAY_API_VERSION = 'v1.6.1';

/** The Flagger release whose `Canary` CRD `apiServerAdmit` serves (the release src/imports/flagger.app.ts is made from). */
export const FLAGGER_VERSION = 'v1.44.0';

/** A release channel of the Gateway API CRDs. */
export type GatewayApiChannel = 'standard' | 'experimental';

/** Where the oracle binary is. */
export function oraclePath(): string {
  const bin = process.env.ISTIO_ORACLE ?? path.join(__dirname, '..', '..', '.tmp', 'istio-oracle');
  if (!existsSync(bin)) {
    throw new Error(`the Istio oracle is not built at ${bin}: run 'npm run test:istio' (it needs Go)`);
  }
  return bin;
}

/** Istio's validation webhook verdict on one object. */
export interface IstioValidation {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** false for kinds Istio's webhook does not validate */
  readonly checked: boolean;
  readonly error?: string;
  readonly warning?: string;
}

/** One istioctl analyze message. */
export interface IstioFinding {
  readonly code: string;
  readonly level: string;
  readonly resource: string;
  readonly message: string;
}

/** Options of `istioAnalyze`. */
export interface IstioAnalyzeOptions {
  /** MeshConfig YAML (istioctl analyze --meshConfigFile) */
  readonly meshConfig?: string;
  readonly istioNamespace?: string;
  /**
   * Analyze the cluster that applying the objects produces (pods per workload, the namespaces a
   * cluster has, Service defaults, the `istio` ConfigMap's mesh config; see cluster.go).
   * @default false
   */
  readonly simulateCluster?: boolean;
  /** With `simulateCluster`: undeclared namespaces are injected (else not). @default true */
  readonly assumeInjected?: boolean;
  /** Add the resources istioctl assumes for files (an ingress gateway Pod and Service). @default true */
  readonly defaultResources?: boolean;
}

/** Settings of `istioInject` (istioctl kube-inject with the chart's templates). */
export interface IstioInjectOptions {
  readonly hub?: string;
  readonly tag?: string;
  readonly revision?: string;
  readonly nativeSidecars?: boolean;
  /** further `--set` flags of the istiod chart */
  readonly set?: string[];
}

function run(args: string[], input?: string): string {
  try {
    return execFileSync(oraclePath(), args, { input, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e: any) {
    throw new Error(`istio-oracle ${args[0]} failed: ${e.stderr || e.message}`);
  }
}

/** Runs `f` with the objects written to a temporary YAML file. */
function withFile<T>(objects: any[] | string, f: (file: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'istio-oracle-'));
  try {
    const file = path.join(dir, 'input.yaml');
    writeFileSync(file, typeof objects === 'string' ? objects : Yaml.stringify(...objects));
    return f(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Istio's validation webhook on every object (objects, or YAML text). */
export function istioValidate(objects: any[] | string): IstioValidation[] {
  return withFile(objects, file => JSON.parse(run(['validate', file])));
}

/** istioctl analyze over the set, with Pods, Services, Namespaces and Secrets read from it as a cluster holds them. */
export function istioAnalyze(objects: any[] | string, options: IstioAnalyzeOptions = {}): IstioFinding[] {
  return withFile(objects, file => JSON.parse(run([...analyzeArgs(options, `${file}.mesh.yaml`), file])));
}

/** The oracle's analyze arguments for `options`; a mesh config is written to `meshFile`. */
function analyzeArgs(options: IstioAnalyzeOptions, meshFile: string): string[] {
  const args = ['analyze'];
  if (options.istioNamespace) args.push(`--istio-namespace=${options.istioNamespace}`);
  if (options.simulateCluster) args.push('--simulate-cluster');
  if (options.assumeInjected !== undefined) args.push(`--assume-injected=${options.assumeInjected}`);
  if (options.defaultResources !== undefined) args.push(`--default-resources=${options.defaultResources}`);
  if (options.meshConfig !== undefined) {
    writeFileSync(meshFile, options.meshConfig);
    args.push(`--mesh-config=${meshFile}`);
  }
  return args;
}

/** istioctl analyze over each set on its own (one cluster each), in one run of the oracle. */
export function istioAnalyzeEach(sets: Array<any[] | string>, options: IstioAnalyzeOptions = {}): IstioFinding[][] {
  if (sets.length === 0) return [];
  const dir = mkdtempSync(path.join(tmpdir(), 'istio-oracle-'));
  try {
    const files = sets.map((set, i) => {
      const file = path.join(dir, `set-${i}.yaml`);
      writeFileSync(file, typeof set === 'string' ? set : Yaml.stringify(...set));
      return file;
    });
    return JSON.parse(run([...analyzeArgs(options, path.join(dir, 'mesh.yaml')), '--each', ...files]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** istioctl kube-inject on YAML text; returns the injected YAML. */
export function istioInject(yaml: string, options: IstioInjectOptions = {}): string {
  return withFile(yaml, file => {
    const args = ['inject', `--native-sidecars=${options.nativeSidecars ?? true}`];
    if (options.hub) args.push(`--hub=${options.hub}`);
    if (options.tag) args.push(`--tag=${options.tag}`);
    if (options.revision) args.push(`--revision=${options.revision}`);
    for (const s of options.set ?? []) args.push(`--set=${s}`);
    return run([...args, file]);
  });
}

/**
 * Go's regexp.Compile on each pattern: the error, or undefined when Go accepts it. Patterns go as
 * UTF-16 code units, so a lone surrogate reaches Go as the invalid UTF-8 it would be; Go's JSON
 * output writes each invalid byte of an error's expression as U+FFFD.
 */
export function goRegexErrors(patterns: string[]): Array<string | undefined> {
  const units = patterns.map(p => Array.from({ length: p.length }, (_, i) => p.charCodeAt(i)));
  const results: Array<{ pattern: string; error?: string }> = JSON.parse(run(['regex', '--utf16'], JSON.stringify(units)));
  return results.map(r => r.error);
}

/** Whether Go's regexp matches each whole input with each pattern (RE2 full match, as Envoy matches values). */
export function goRegexMatches(cases: Array<{ pattern: string; inputs: string[] }>): boolean[][] {
  return JSON.parse(run(['regex-match'], JSON.stringify(cases)));
}

/** A value for one of Kubernetes' own checks (`istio-oracle k8s`). */
export interface K8sCheck {
  readonly check: 'image' | 'tag' | 'quantity' | 'annotations' | 'labelKey' | 'envName' | 'dns1123Label';
  readonly value: string | { [key: string]: string };
}

/** Kubernetes' verdict on one value: its errors, and for a quantity that parses its canonical form and sign. */
export interface K8sVerdict {
  readonly errors?: string[];
  readonly canonical?: string;
  readonly sign?: number;
}

/** Kubernetes' own checks (the kubelet's image parser, resource.ParseQuantity, apimachinery validation) on each value. */
export function k8sVerdicts(checks: K8sCheck[]): K8sVerdict[] {
  return JSON.parse(run(['k8s'], JSON.stringify(checks)));
}

/** The API server's answer for one object: what `kubectl apply --validate=strict --dry-run=server` prints. */
export interface ApiServerAdmission {
  /** the input file the object came from */
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** false for kinds that are neither built into the oracle nor defined by a served CRD */
  readonly checked: boolean;
  /** the API server's error message */
  readonly error?: string;
  /** its single field errors (or unknown fields) */
  readonly causes?: string[];
  readonly warnings?: string[];
}

/** Options of `apiServerAdmit`. */
export interface ApiServerOptions {
  /** which channel of the Gateway API CRDs the API server serves (default: standard) */
  readonly gatewayApiChannel?: GatewayApiChannel;
  /** which Gateway API release (default: GATEWAY_API_VERSION) */
  readonly gatewayApiVersion?: string;
  /** false for `kubectl create` / server-side apply: no last-applied-configuration annotation */
  readonly lastApplied?: boolean;
}

/**
 * The Argo Rollouts release whose CRDs the differential tests serve. v1.9.0 is the newest release
 * this Go toolchain downloads (v1.10.x requires go >= 1.26.10); the Rollout's spec schema of v1.9.0
 * is the one of v1.10.2 and of the main branch, but for descriptions.
 */
export const ARGO_ROLLOUTS_VERSION = 'v1.9.0';

/** Argo Rollouts' CRDs (`manifests/crds` of the github.com/argoproj/argo-rollouts Go module). */
export function argoRolloutsCrds(version: string = ARGO_ROLLOUTS_VERSION): string {
  return path.join(goModuleDir('github.com/argoproj/argo-rollouts', version, `Argo Rollouts ${version}'s CRDs`), 'manifests', 'crds');
}

const moduleDirs = new Map<string, string>();

/**
 * The directory of a Go module at a version, fetched by `go mod download` into the module cache
 * (outside any module, so that nothing is written to the oracle's go.mod or go.sum: requiring it
 * there could change the versions Istio compiles against).
 */
function goModuleDir(module: string, version: string, what: string): string {
  const key = `${module}@${version}`;
  let dir = moduleDirs.get(key);
  if (!dir) {
    let download: { Dir?: string; Error?: string };
    try {
      download = JSON.parse(execFileSync('go', ['mod', 'download', '-json', key],
        { cwd: tmpdir(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    } catch (e: any) {
      throw new Error(`cannot download ${what}: ${e.stdout || e.stderr || e.message}`);
    }
    if (!download.Dir) throw new Error(`cannot download ${what}: ${download.Error}`);
    dir = download.Dir;
    moduleDirs.set(key, dir);
  }
  return dir;
}

/** The Gateway API CRDs of a release channel: `config/crd/<channel>` of the sigs.k8s.io/gateway-api Go module at that version. */
export function gatewayApiCrds(channel: GatewayApiChannel, version: string = GATEWAY_API_VERSION): string {
  return path.join(goModuleDir('sigs.k8s.io/gateway-api', version, `the Gateway API ${version} CRDs`), 'config', 'crd', channel);
}

/** Flagger's CRDs (`Canary`, `MetricTemplate`, `AlertProvider`): `artifacts/flagger` of the github.com/fluxcd/flagger Go module. */
export function flaggerCrds(version: string = FLAGGER_VERSION): string {
  return path.join(goModuleDir('github.com/fluxcd/flagger', version, `Flagger ${version}'s CRDs`), 'artifacts', 'flagger');
}

/**
 * The API server's answer for every object (objects, YAML text, or YAML files given as
 * `{ files }`), with Istio's CRDs (of the pinned Istio module), the Gateway API's, Flagger's and Argo Rollouts' served.
 */
export function apiServerAdmit(input: any[] | string | { files: string[] }, options: ApiServerOptions = {}): ApiServerAdmission[] {
  const crds = gatewayApiCrds(options.gatewayApiChannel ?? 'standard', options.gatewayApiVersion);
  const args = ['apiserver', `--crds=${crds}`, `--crds=${flaggerCrds()}`, `--crds=${argoRolloutsCrds()}`, `--last-applied=${options.lastApplied ?? true}`];
  if (!Array.isArray(input) && typeof input === 'object') {
    return input.files.length === 0 ? [] : JSON.parse(run([...args, ...input.files]));
  }
  return withFile(input, file => JSON.parse(run([...args, file])));
}

/** A proxy whose configuration `istioScope` builds: its namespace, labels, and whether it is a gateway. */
export interface ScopeProxy {
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly gateway: boolean;
}

/** What istiod's config generator builds for a proxy. */
export interface IstioProxyScope {
  /** The hostnames of its SidecarScope. */
  readonly services: string[];
  /** Its outbound clusters' names. */
  readonly clusters: string[];
  /** Its HTTP route configurations and their virtual hosts' names (none for gateways). */
  readonly routes: Array<{ name: string; virtualHosts: string[] }>;
}

/**
 * istiod's configuration for each proxy (`istio-oracle scope`): Istio's objects as configs of its
 * store, Kubernetes Services converted as its Kubernetes registry converts them.
 */
export function istioScope(configs: any[], services: any[], proxies: ScopeProxy[], meshConfig?: string): IstioProxyScope[] {
  const input = { configs: configs.map(c => Yaml.stringify(c)).join('---\n'), services, proxies, meshConfig };
  return JSON.parse(run(['scope'], JSON.stringify(input)));
}
