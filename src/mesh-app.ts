import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, AppProps } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Finding, FindingLevel, ManifestAnalysis, ManifestAnalysisOptions } from './analysis/facade';

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
}

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
 * It synthesizes into a fresh directory beside `outdir` and swaps it into place only when every
 * chart validated, passed analysis and wrote successfully; on error the previous output stays as
 * it was and the error is rethrown. Stale manifests of charts that no longer exist disappear with
 * the swap.
 */
export class MeshApp extends App {
  /** The findings of the last `synth()` (or `analyze()`). */
  public findings: AppFinding[] = [];

  private readonly analysisEnabled: boolean;
  private readonly analysisOptions: ManifestAnalysisOptions;

  public constructor(props: MeshAppProps = {}) {
    super(props);
    this.analysisEnabled = props.analysis ?? true;
    this.analysisOptions = props.analysisOptions ?? {};
  }

  /**
   * Validates the app and analyzes every object in it, without writing anything.
   *
   * @returns the findings, errors first
   * @throws when validation fails (every construct's problems, as cdk8s reports them)
   */
  public analyze(): AppFinding[] {
    const problems = this.node.findAll().flatMap(c => c.node.validate().map(e => `[${c.node.path}] ${e}`));
    if (problems.length > 0) {
      throw new Error(`Validation failed with the following errors:\n  ${problems.join('\n  ')}`);
    }
    const owners = new Map<any, IConstruct>();
    const manifests = this.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map(o => {
      const json = o.toJson();
      owners.set(json, o);
      return json;
    });
    this.findings = ManifestAnalysis.analyze(manifests, this.analysisOptions).map(f => ({
      ...f,
      constructPath: f.object !== undefined ? owners.get(f.object)?.node.path : undefined,
    }));
    return this.findings;
  }

  public override synth(): void {
    if (this.analysisEnabled) {
      const findings = this.analyze();
      const where = (f: AppFinding) => `${f.code} ${f.resource}: ${f.message}`;
      const pathOf = (f: AppFinding) => f.constructPath ?? f.resource;
      const errors = findings.filter(f => f.level === FindingLevel.ERROR);
      for (const f of findings.filter(x => x.level !== FindingLevel.ERROR)) {
        process.stderr.write(`${f.level} [${pathOf(f)}] ${where(f)}\n`);
      }
      if (errors.length > 0) {
        throw new Error(`Analysis failed with the following errors:\n  ${errors.map(f => `[${pathOf(f)}] ${where(f)}`).join('\n  ')}`);
      }
    }
    const target = path.resolve(this.outdir);
    const staging = `${target}.staging-${process.pid}-${Date.now()}`;
    const previous = `${target}.previous-${process.pid}-${Date.now()}`;
    const outdir = this.outdir;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    try {
      (this as { outdir: string }).outdir = staging;
      super.synth();
    } catch (e) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw e;
    } finally {
      (this as { outdir: string }).outdir = outdir;
    }
    if (fs.existsSync(target)) {
      fs.renameSync(target, previous);
    }
    fs.renameSync(staging, target);
    fs.rmSync(previous, { recursive: true, force: true });
  }
}
