import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { analyze, AnalysisMessage, AnalysisOptions } from '../../src/analysis';

/** The documents of a multi-document YAML string. */
export function docs(text: string): any[] {
  return YAML.parseAllDocuments(text).map(d => d.toJSON()).filter(d => d !== null && d !== undefined);
}

/** The documents of a fixture under test/fixtures/analysis. */
export function fixture(name: string): any[] {
  return docs(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'analysis', name), 'utf-8'));
}

/** Analyzes YAML text and/or objects. */
export function run(input: string | any[], options?: AnalysisOptions): AnalysisMessage[] {
  return analyze(typeof input === 'string' ? docs(input) : input, options);
}

/** The findings with a code. */
export function withCode(messages: AnalysisMessage[], code: string): AnalysisMessage[] {
  return messages.filter(m => m.code === code);
}

/** `code resource` of every finding, for compact assertions. */
export function summary(messages: AnalysisMessage[]): string[] {
  return messages.map(m => `${m.code} ${m.resource}`);
}

/** A Service and a Deployment of one version: `app: NAME, version: VERSION`. */
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

/** Joins YAML documents. */
export function yaml(...documents: string[]): string {
  return documents.join('\n---\n');
}
