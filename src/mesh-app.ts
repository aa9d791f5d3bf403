import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, AppProps, Chart, DependencyGraph, Names, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Finding, FindingLevel, ManifestAnalysis, ManifestAnalysisOptions } from './analysis/facade';
import { MeshGraph, MeshGraphOptions } from './analysis/graph/facade';
import { ProxyScopeReport, ProxyScopeReportOptions } from './analysis/scope/facade';
import { clusterObjects } from './private/cluster-objects';
import { checkOutdir, writeOutput } from './private/output-dir';
import { YamlWriter } from './private/yaml';

/**
 * Properties of a `MeshApp`.
 */
export interface MeshAppProps extends AppProps {
  /**
   * Analyze every object of the app at synthesis (istioctl-analyze checks and cdk8s-mesh's own):
   * errors fail synthesis with the construct path of the object, warnings and infos are printed.
   *
   * @default true
   */
  readonly analysis?: boolean;

  /**
   * What the analysis assumes about the cluster, and codes to ignore.
   *
   * @default - the analysis defaults
   */
  readonly analysisOptions?: ManifestAnalysisOptions;

  /**
   * Write the proxy scope report at synthesis: for each proxy of the app (injected pods and
   * gateways), how many services, outbound clusters and HTTP routes its configuration holds
   * without Sidecar resources and with the app's, as `proxy-scope.txt` in `outdir` (a text file,
   * which `kubectl apply -f DIR` does not read). The report is also kept in `scopeReport`. It
   * reads what the analysis assumes about the cluster (`analysisOptions`).
   *
   * @default false
   */
  readonly scopeReport?: boolean;

  /**
   * Write a diagram of the mesh at synthesis: gateways, services and their versions, weighted
   * routes, external services and allowed callers, as a Mermaid flowchart in a Markdown file,
   * `mesh.md` in `outdir` (GitHub draws its `mermaid` block; `kubectl apply -f DIR` does not read
   * it). The diagram is also kept in `meshGraph`. It reads what the analysis assumes about the
   * cluster (`analysisOptions`).
   *
   * @default false
   */
  readonly graph?: boolean;
}

/** The file the proxy scope report is written to, in `outdir`. */
const SCOPE_REPORT_FILE = 'proxy-scope.txt';
/** The file the mesh diagram is written to, in `outdir`. */
const GRAPH_FILE = 'mesh.md';

/**
 * A finding of the synth-time analysis, with the construct that made the object.
 */
export interface AppFinding extends Finding {
  /** The construct path of the object the finding is about, when a construct of the app made it. */
  readonly constructPath?: string;
}

/**
 * A cdk8s `App` for meshes: `synth()` validates, analyzes every object of the app (whatever
 * made it: cdk8s-mesh constructs, raw ApiObjects, included YAML) and never leaves a
 * half-written output directory.
 *
 * It writes every file into a staging directory inside `outdir` first and moves them into place
 * (one atomic rename per file) only when every chart validated, passed analysis and was written;
 * on error the previous output stays as it was and the error is rethrown. The output directory
 * itself is never replaced or removed, and files the app did not write (a README, a
 * kustomization.yaml, `.git`) are never touched: the files it writes are recorded in
 * `.cdk8s-mesh-outputs` (sha256sum format), and a later synthesis removes only those of them it no
 * longer writes (stale manifests), unless they were changed since. A file the app did not write
 * where it would write one is an error, and so is an `outdir` that is empty, the current directory
 * or one of its parents, the home directory, the file system root, or a file. A symlinked
 * `outdir` stays a symlink.
 *
 * ```ts
 * const shop = new MeshApp({ outdir: 'dist/shop', graph: true, scopeReport: true });
 * const shopMesh = new Mesh(new Chart(shop, 'shop'), 'mesh');
 * shopMesh.addService('cart', { ports: [{ port: 8080 }], versions: [{ name: 'v1', image: 'example/cart:1' }] });
 * shop.synth(); // dist/shop/shop.k8s.yaml, mesh.md (the Mermaid diagram) and proxy-scope.txt
 * ```
 */
export class MeshApp extends App {
  // results of the last synth, read-only to users: a public mutable field would give Java and Go
  // users a setFindings/SetFindings (and Python an assignable attribute) that only corrupts them
  private _findings: AppFinding[] = [];
  private _scopeReport?: ProxyScopeReport;
  private _meshGraph?: MeshGraph;

  private readonly analysisEnabled: boolean;
  private readonly analysisOptions: ManifestAnalysisOptions;
  private readonly scopeReportEnabled: boolean;
  private readonly graphEnabled: boolean;

  public constructor(props: MeshAppProps = {}) {
    super(props);
    this.analysisEnabled = props.analysis ?? true;
    this.analysisOptions = props.analysisOptions ?? {};
    this.scopeReportEnabled = props.scopeReport ?? false;
    this.graphEnabled = props.graph ?? false;
  }

  /** The findings of the last `synth()` (or `analyze()`). */
  public get findings(): AppFinding[] {
    return this._findings;
  }

  /** The proxy scope report of the last `synth()`, when `scopeReport` is on. */
  public get scopeReport(): ProxyScopeReport | undefined {
    return this._scopeReport;
  }

  /** The mesh diagram of the last `synth()`, when `graph` is on. */
  public get meshGraph(): MeshGraph | undefined {
    return this._meshGraph;
  }

  /**
   * Validates the app and analyzes every object in it, without writing anything.
   *
   * @returns the findings, errors first
   * @throws when validation fails (every construct's problems, as cdk8s reports them)
   */
  public analyze(): AppFinding[] {
    this.validateAll();
    resolveDependencies(this);
    return this.analyzeObjects(this.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject)
      .map(o => ({ object: o, json: o.toJson() })));
  }

  /**
   * Synthesizes every chart, like cdk8s's `App.synth()` and with the same output, but in one
   * pass: the app is validated once (cdk8s validates the whole app again for every chart, which
   * grows with the square of the number of charts), every object is rendered once, analyzed,
   * and written to a staging directory that replaces `outdir` only on success.
   */
  public override synth(): void {
    const target = checkOutdir(this.outdir);
    writeOutput(target, staging => {
      if ((this as unknown as { recordConstructMetadata: boolean }).recordConstructMetadata || !ONE_PASS_OUTPUTS.includes(this.yamlOutputType)) {
        // output layouts this class does not write itself: cdk8s writes them (analysis first)
        if (this.analysisEnabled) {
          this.report(this.analyze());
        }
        this.withOutdir(staging, () => super.synth());
      } else {
        this.synthOnePass(staging);
      }
      if (this.scopeReportEnabled || this.graphEnabled) {
        // both read the same rendering of every object, with what the analysis assumes of the cluster
        const objects = this.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map(o => o.toJson());
        const { rootNamespace, clusterDomain, assumeInjected, meshConfig } = this.analysisOptions;
        const cluster = {
          rootNamespace,
          clusterDomain,
          assumeInjected,
          meshConfig,
          clusterObjects: this.assumedClusterObjects(),
        };
        if (this.scopeReportEnabled) this.writeScopeReport(staging, objects, cluster);
        if (this.graphEnabled) this.writeGraph(staging, objects, cluster);
      }
    }, line => process.stderr.write(`${line}\n`));
  }

  /** Computes the proxy scope report of the app's objects and writes it into the output. */
  private writeScopeReport(outdir: string, objects: any[], cluster: ProxyScopeReportOptions): void {
    this._scopeReport = ProxyScopeReport.of(objects, cluster);
    fs.writeFileSync(path.join(outdir, SCOPE_REPORT_FILE), this._scopeReport.formatText());
  }

  /** Draws the mesh of the app's objects and writes it into the output. */
  private writeGraph(outdir: string, objects: any[], cluster: MeshGraphOptions): void {
    this._meshGraph = MeshGraph.of(objects, cluster);
    fs.writeFileSync(path.join(outdir, GRAPH_FILE), this._meshGraph.toMarkdown(`Mesh of ${path.basename(path.resolve(this.outdir))}`));
  }

  private synthOnePass(outdir: string): void {
    this.validateAll();
    const { hasDependantCharts, charts: found } = resolveDependencies(this);
    // cdk8s orders charts by a dependency graph of every construct of the app; one chart needs no order
    const ordered = found.length <= 1 ? found : this.charts;
    const charts = ordered.map(chart => ({
      chart,
      objects: new DependencyGraph(chart.node).topology()
        .filter((x): x is ApiObject => x instanceof ApiObject && Chart.of(x) === chart)
        .map(object => ({ object, json: object.toJson() })),
    }));
    if (this.analysisEnabled) {
      this.report(this.analyzeObjects(charts.flatMap(c => c.objects)));
    }
    const yaml = new YamlWriter();
    if (this.yamlOutputType === YamlOutputType.FILE_PER_APP) {
      if (charts.length > 0) {
        fs.writeFileSync(path.join(outdir, `app${this.outputFileExtension}`), yaml.stringify(charts.flatMap(c => c.objects.map(o => o.json))));
      }
      return;
    }
    charts.forEach(({ chart, objects }, index) => {
      const label = Names.toDnsLabel(chart);
      const name = hasDependantCharts ? `${index.toString().padStart(4, '0')}-${label}` : label;
      fs.writeFileSync(path.join(outdir, name + this.outputFileExtension), yaml.stringify(objects.map(o => o.json)));
    });
  }

  private validateAll(): void {
    const problems = this.node.findAll().flatMap(c => c.node.validate().map(e => `[${c.node.path}] ${e}`));
    if (problems.length > 0) {
      throw new Error(`Validation failed with the following errors:\n  ${problems.join('\n  ')}`);
    }
  }

  private analyzeObjects(objects: Array<{ object: ApiObject; json: any }>): AppFinding[] {
    const owners = new Map<any, IConstruct>(objects.map(o => [o.json, o.object]));
    const options = { ...this.analysisOptions, clusterObjects: this.assumedClusterObjects() };
    this._findings = ManifestAnalysis.analyze(objects.map(o => o.json), options).map(f => ({
      ...f,
      constructPath: f.object !== undefined ? owners.get(f.object)?.node.path : undefined,
    }));
    return this._findings;
  }

  /** What the analysis and the reports take the cluster to hold: the objects the options name, and the Secrets gateways expect. */
  private assumedClusterObjects(): any[] {
    return [...this.analysisOptions.clusterObjects ?? [], ...clusterObjects(this)];
  }

  /** Prints warnings and infos; throws the errors, each with the construct path of its object. */
  private report(findings: AppFinding[]): void {
    const line = (f: AppFinding) => `[${f.constructPath ?? f.resource}] ${f.code} ${f.resource}: ${f.message}`;
    for (const f of findings.filter(x => x.level !== FindingLevel.ERROR)) {
      process.stderr.write(`${f.level} ${line(f)}\n`);
    }
    const errors = findings.filter(f => f.level === FindingLevel.ERROR);
    if (errors.length > 0) {
      throw new Error(`Analysis failed with the following errors:\n  ${errors.map(line).join('\n  ')}`);
    }
  }

  private withOutdir(outdir: string, f: () => void): void {
    const original = this.outdir;
    (this as { outdir: string }).outdir = outdir;
    try {
      f();
    } finally {
      (this as { outdir: string }).outdir = original;
    }
  }
}

/** Output layouts `MeshApp` writes in one pass; the others are left to cdk8s. */
const ONE_PASS_OUTPUTS = [YamlOutputType.FILE_PER_CHART, YamlOutputType.FILE_PER_APP];

/**
 * Turns construct dependencies into chart and ApiObject dependencies, as cdk8s does before
 * synthesizing (nested charts depend on their children; a dependency between constructs of two
 * charts makes the charts depend; one between constructs makes their ApiObjects depend).
 *
 * @returns whether any chart depends on another (files are then numbered in apply order), and the
 * charts of the app (in construct order)
 */
function resolveDependencies(app: App): { hasDependantCharts: boolean; charts: Chart[] } {
  const all = app.node.findAll();
  let hasDependantCharts = false;
  const charts = all.filter((c): c is Chart => c instanceof Chart);
  for (const parent of charts) {
    for (const child of parent.node.children.filter(c => c instanceof Chart)) {
      parent.node.addDependency(child);
      hasDependantCharts = true;
    }
  }
  const deps = all.flatMap(source => source.node.dependencies.map(target => ({ source, target })));
  for (const { source, target } of deps) {
    const sourceChart = Chart.of(source);
    const targetChart = Chart.of(target);
    if (sourceChart !== targetChart) {
      sourceChart.node.addDependency(targetChart);
      hasDependantCharts = true;
    }
  }
  for (const { source, target } of deps) {
    const sourceChart = Chart.of(source);
    const targetChart = Chart.of(target);
    const targets = target.node.findAll().filter(c => c instanceof ApiObject && Chart.of(c) === targetChart);
    const sources = source.node.findAll().filter(c => c instanceof ApiObject && Chart.of(c) === sourceChart);
    for (const t of targets) {
      for (const s of sources) {
        if (t !== s) {
          s.node.addDependency(t);
        }
      }
    }
  }
  return { hasDependantCharts, charts };
}
