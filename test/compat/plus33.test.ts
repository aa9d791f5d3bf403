import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as ts from 'typescript';
import { buildPlus33App } from './plus33-app';
import { findObject, synthValid } from '../util/validate';

const APP = path.join(__dirname, 'plus33-app.ts');

const ROOT = path.join(__dirname, '..', '..');

/** A symbol an import or export names, resolved to what it names. */
function resolved(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  // eslint-disable-next-line no-bitwise
  return (symbol.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(symbol) : symbol;
}

/** `file` compiled with the tests' compiler options (strict, like `cdk8s init`'s); it imports the library's src/index.ts. */
function compile(file: string): ts.Program {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(__dirname, '..', 'tsconfig.json'), {}, {
    ...ts.sys, onUnRecoverableConfigFileDiagnostic: d => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  })!;
  return ts.createProgram([file], { ...config.options, noEmit: true, incremental: false });
}

function typeErrors(program: ts.Program): string[] {
  return ts.getPreEmitDiagnostics(program).map(d => {
    const where = d.file ? `${path.relative(ROOT, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start!).line + 1}: ` : '';
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/**
 * What an app passes in (the properties of the exported structs, the parameters of the exported
 * classes' public constructors and methods) typed with a declaration of cdk8s-plus-27, as
 * `Owner.member: Type`. Outputs (a construct's `deployment`, `serviceAccount`) are not inputs.
 */
function kplus27Inputs(program: ts.Program): string[] {
  const checker = program.getTypeChecker();
  const fromKplus27 = (node: ts.Node): string[] => {
    const found: string[] = [];
    const visit = (n: ts.Node) => {
      if (ts.isTypeReferenceNode(n) || ts.isExpressionWithTypeArguments(n) || ts.isImportTypeNode(n)) {
        let symbol: ts.Symbol | undefined = ts.isImportTypeNode(n) ? checker.getTypeAtLocation(n).getSymbol()
          : checker.getSymbolAtLocation(ts.isTypeReferenceNode(n) ? n.typeName : n.expression);
        symbol = symbol && resolved(checker, symbol);
        if ((symbol?.declarations ?? []).some(d => d.getSourceFile().fileName.includes('/node_modules/cdk8s-plus-27/'))) {
          found.push(n.getText());
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(node);
    return found;
  };
  const index = program.getSourceFile(path.join(ROOT, 'src', 'index.ts'))!;
  const inputs: string[] = [];
  for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(index)!)) {
    const symbol = resolved(checker, exported);
    for (const decl of symbol.declarations ?? []) {
      if (ts.isInterfaceDeclaration(decl) && !/^I[A-Z]/.test(symbol.name)) {
        for (const member of decl.members) {
          inputs.push(...fromKplus27(member).map(t => `${symbol.name}.${member.name!.getText()}: ${t}`));
        }
      }
      if (ts.isClassDeclaration(decl)) {
        for (const member of decl.members) {
          const hidden = [ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.ProtectedKeyword];
          const visible = !(ts.canHaveModifiers(member) ? ts.getModifiers(member) ?? [] : []).some(m => hidden.includes(m.kind))
            && !ts.getJSDocTags(member).some(t => t.tagName.text === 'internal');
          if (visible && (ts.isConstructorDeclaration(member) || ts.isMethodDeclaration(member))) {
            const name = ts.isConstructorDeclaration(member) ? 'constructor' : member.name.getText();
            inputs.push(...member.parameters.flatMap(p => fromKplus27(p).map(t => `${symbol.name}.${name}(${p.name.getText()}): ${t}`)));
          }
        }
      }
    }
  }
  return inputs;
}

describe('an app on cdk8s-plus-33 (what cdk8s init installs today)', () => {
  let program: ts.Program;
  beforeAll(() => {
    program = compile(APP);
  });

  test("type-checks with cdk8s-plus-33's Cpu, ContainerResources, security contexts and Capability in the library's options", () => {
    // WHEN
    const errors = typeErrors(program);
    // THEN
    expect(errors).toEqual([]);
  });

  test("no option or parameter of the library's public API takes a type of cdk8s-plus-27 (jsii languages check types by name)", () => {
    // WHEN
    const inputs = kplus27Inputs(program);
    // THEN
    expect(inputs).toEqual([]);
  });
});

describe("cdk8s-plus-33's values in the library's options", () => {
  test('are written as Kubernetes takes them: resources, security contexts, capabilities, proxy, istiod and gateway resources', async () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    buildPlus33App(chart);
    // WHEN
    const objects = await synthValid(chart);
    // THEN
    const pod = findObject(objects, 'Deployment', 'api-v1').spec.template;
    const app = pod.spec.containers.find((c: any) => c.name === 'api');
    expect(app.resources).toEqual({
      requests: { cpu: '250m', memory: '128Mi' },
      limits: { 'cpu': '1', 'memory': '256Mi', 'ephemeral-storage': '1Gi' },
    });
    expect(app.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 3000,
      privileged: false,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
    });
    expect(pod.spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000 });
    expect(app.env).toEqual([
      { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'api-config', key: 'mode' } } },
      { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api-secret', key: 'token' } } },
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
    ]);
    expect(pod.metadata.annotations).toMatchObject({ 'sidecar.istio.io/proxyCPU': '50m', 'sidecar.istio.io/proxyMemoryLimit': '512Mi' });
    expect(findObject(objects, 'Deployment', 'istiod', 'istio-system').spec.template.spec.containers[0].resources)
      .toEqual({ requests: { cpu: '200m', memory: '1024Mi' } });
    expect(findObject(objects, 'Deployment', 'istio-ingressgateway', 'istio-ingress').spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '300m', memory: '128Mi' }, limits: { cpu: '2', memory: '2Gi' },
    });
    expect(findObject(objects, 'Service', 'istio-ingressgateway', 'istio-ingress').spec.type).toBe('NodePort');
  });
});
