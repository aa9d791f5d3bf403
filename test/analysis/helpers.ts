import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { analyze, AnalysisMessage, AnalysisOptions } from '../../src/analysis';

/**
 * One input of the analysis tests: manifests (YAML text or objects) and options. Every case of
 * test/analysis/cases/ also goes through istioctl's analyzers in test/istio/analysis.differential.ts.
 */
export interface Case {
  readonly input: string | readonly any[];
  readonly options?: AnalysisOptions;
}

/** A case. */
export function kase(input: string | readonly any[], options?: AnalysisOptions): Case {
  return { input, options };
}

/** The documents of a multi-document YAML string. */
export function docs(text: string): any[] {
  return YAML.parseAllDocuments(text).map(d => d.toJSON()).filter(d => d !== null && d !== undefined);
}

/** The objects of a case. */
export function objectsOf(c: Case): any[] {
  return typeof c.input === 'string' ? docs(c.input) : [...c.input];
}

/** The documents of a fixture under test/fixtures/analysis. */
export function fixture(name: string): any[] {
  return docs(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'analysis', name), 'utf-8'));
}

/** Analyzes a case (or YAML text / objects, with options). */
export function run(input: Case | string | readonly any[], options?: AnalysisOptions): AnalysisMessage[] {
  const c: Case = typeof input === 'string' || Array.isArray(input) ? { input: input as string | any[], options } : input as Case;
  return analyze(objectsOf(c), c.options);
}

/** The findings with a code. */
export function withCode(messages: AnalysisMessage[], code: string): AnalysisMessage[] {
  return messages.filter(m => m.code === code);
}

/** `code resource` of every finding, for compact assertions. */
export function summary(messages: AnalysisMessage[]): string[] {
  return messages.map(m => `${m.code} ${m.resource}`);
}

/** `code resource: message` of every finding: the whole output. */
export function full(messages: AnalysisMessage[]): string[] {
  return messages.map(m => `${m.code} ${m.resource}: ${m.message}`);
}

/** A Service and a Deployment per version: `app: NAME, version: VERSION`. */
export function app(name: string, options: { namespace?: string; versions?: string[]; port?: number; portName?: string } = {}): string {
  const ns = options.namespace ? `\n  namespace: ${options.namespace}` : '';
  const port = options.port ?? 9080;
  const service = `apiVersion: v1
kind: Service
metadata:
  name: ${name}${ns}
spec:
  selector: {app: ${name}}
  ports:
  - name: ${options.portName ?? 'http'}
    port: ${port}
`;
  const deployments = (options.versions ?? ['v1']).map(v => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}-${v}${ns}
spec:
  selector:
    matchLabels: {app: ${name}, version: ${v}}
  template:
    metadata:
      labels: {app: ${name}, version: ${v}}
    spec:
      containers:
      - name: ${name}
        image: example.com/${name}:${v}
        ports:
        - containerPort: ${port}
`);
  return [service, ...deployments].join('---\n');
}

/** A Namespace with labels (`key: value, …`). */
export function namespace(name: string, labels = ''): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}${labels ? `, labels: {${labels}}` : ''}}`;
}

/** Joins YAML documents. */
export function yaml(...documents: string[]): string {
  return documents.join('\n---\n');
}
