import { readTemplates, TemplatesRead } from './private/control-plane/templates';
import { checkFactoryTypes, str } from './private/props';

/**
 * Istio's Go injection templates for istiod's sidecar injector. Use the static factories.
 *
 * This library does not ship Istio's templates: they are Istio's own text and belong to one Istio
 * release. Take them from the release the mesh is pinned to.
 *
 * ```ts
 * new ControlPlane(chart, 'istiod', {
 *   mesh,
 *   injectionTemplates: InjectionTemplates.fromFile('istio-1.30.3/istio-sidecar-injector.yaml'), // the ConfigMap's config
 * });
 * ```
 */
export abstract class InjectionTemplates {
  /**
   * Templates read at synthesis from a YAML file holding Istio's injector config: the `config` of
   * the `istio-sidecar-injector` ConfigMap of the pinned release (a mapping with `templates`,
   * e.g. the chart's `files/*.yaml` gathered under `templates:`), or a manifest holding that
   * ConfigMap. Only `templates` is taken from the file; it must have a `sidecar` template.
   */
  public static fromFile(path: string): InjectionTemplates {
    checkFactoryTypes(path, str, 'path');
    if (path.trim() === '') {
      throw new Error("'path' must name a file, got ''");
    }
    return new FileTemplates(path);
  }

  /**
   * No templates (the default): istiod's webhook cannot inject, so every pod of the mesh must use
   * the synth-time data plane (or none).
   */
  public static none(): InjectionTemplates {
    return new NoTemplates();
  }

  /** The file the templates come from, if any. */
  public abstract readonly source?: string;

  /**
   * Reads the templates.
   *
   * @internal
   */
  public abstract _read(): TemplatesRead;
}

class NoTemplates extends InjectionTemplates {
  public readonly source = undefined;
  public _read(): TemplatesRead {
    return { templates: {}, problems: [] };
  }
}

class FileTemplates extends InjectionTemplates {
  public constructor(public readonly source: string) {
    super();
  }

  public _read(): TemplatesRead {
    return readTemplates(this.source);
  }
}
