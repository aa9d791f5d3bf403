import * as fs from 'fs';
import * as path from 'path';
import { App, AppProps } from 'cdk8s';

/**
 * A cdk8s `App` whose `synth()` never leaves a half-written output directory.
 *
 * It synthesizes into a fresh directory beside `outdir` and swaps it into place only when every
 * chart validated and wrote successfully; on error the previous output stays as it was and the
 * error is rethrown. Stale manifests of charts that no longer exist disappear with the swap.
 */
export class MeshApp extends App {
  public constructor(props: AppProps = {}) {
    super(props);
  }

  public override synth(): void {
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
