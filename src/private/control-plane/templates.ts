/**
 * The injector `config` of istiod: the settings this library owns, plus Istio's Go injection
 * templates read from a file of the pinned Istio release (never copied into this library).
 */
import * as fs from 'fs';
import * as YAML from 'yaml';
import { helmYaml } from './mesh-config';

/** The template injected pods get unless they name another (`inject.istio.io/templates`). */
export const DEFAULT_TEMPLATES = ['sidecar'];

/** Template name to Go template text. */
export type TemplateMap = { [name: string]: string };

/** The result of reading a templates file: the templates, or every problem found. */
export interface TemplatesRead {
  readonly templates?: TemplateMap;
  readonly problems: string[];
}

function firstLine(s: string): string {
  return s.split('\n').find(l => l.trim() !== '') ?? s;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  return Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `${typeof v} ${JSON.stringify(v)}`;
}

/** The injector configs in a parsed document: a config mapping, or the ConfigMap holding one. */
function configsIn(doc: any, file: string, problems: string[]): any[] {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return [];
  }
  if (doc.kind === 'ConfigMap') {
    if (typeof doc.data?.config !== 'string') {
      return [];
    }
    try {
      return [YAML.parse(doc.data.config)];
    } catch (e) {
      problems.push(`'${file}': the 'config' of ConfigMap '${doc.metadata?.name}' is not valid YAML: ${firstLine((e as Error).message)}`);
      return [];
    }
  }
  return 'templates' in doc ? [doc] : [];
}

/**
 * Reads the injection templates of a file holding Istio's injector config: the `config` of the
 * `istio-sidecar-injector` ConfigMap (a mapping with `templates`), or a manifest holding that
 * ConfigMap. Only `templates` is taken.
 */
export function readTemplates(file: string): TemplatesRead {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch (e) {
    return { problems: [`cannot read injection templates from '${file}': ${firstLine((e as Error).message)}`] };
  }
  let docs: any[];
  try {
    docs = YAML.parseAllDocuments(text).map(d => {
      if (d.errors.length > 0) throw d.errors[0];
      return d.toJSON();
    });
  } catch (e) {
    return { problems: [`'${file}' is not valid YAML: ${firstLine((e as Error).message)}`] };
  }
  const problems: string[] = [];
  const configs = docs.flatMap(d => configsIn(d, file, problems));
  if (problems.length > 0) {
    return { problems };
  }
  if (configs.length !== 1) {
    return {
      problems: [configs.length === 0
        ? `'${file}' holds no injector config: expected the 'config' of Istio's istio-sidecar-injector ConfigMap (a mapping with 'templates'), or that ConfigMap`
        : `'${file}' holds ${configs.length} injector configs: keep one`],
    };
  }
  const templates = configs[0].templates;
  if (templates === null || typeof templates !== 'object' || Array.isArray(templates)) {
    return { problems: [`'${file}': 'templates' must map template names to Go template text, got ${describe(templates)}`] };
  }
  for (const [name, value] of Object.entries(templates)) {
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push(`'${file}': template '${name}' must be Go template text, got ${typeof value === 'string' ? 'an empty string' : describe(value)}`);
    }
  }
  for (const name of DEFAULT_TEMPLATES) {
    if (!(name in templates)) {
      const names = Object.keys(templates);
      problems.push(`'${file}' has no '${name}' template, the one injected pods get (templates: ${names.length === 0 ? 'none' : names.join(', ')})`);
    }
  }
  return problems.length > 0 ? { problems } : { templates: templates as TemplateMap, problems: [] };
}

/** The injector `config` key: this library's injection policy and the given templates. */
export function injectorConfig(templates: TemplateMap): string {
  return helmYaml({
    defaultTemplates: DEFAULT_TEMPLATES,
    policy: 'enabled',
    alwaysInjectSelector: [],
    neverInjectSelector: [],
    injectedAnnotations: null,
    // what Istio writes here so that an istiod older than its templates fails loudly
    template: '{{ Template_Version_And_Istio_Version_Mismatched_Check_Installation }}',
    templates,
  });
}
