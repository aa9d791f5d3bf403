import { cdk8s, javascript } from 'projen';

/**
 * The construct files of src/ (issue 12's layers). Every other file under src/ — value classes,
 * src/interfaces/, src/model/, src/render/, src/private/, src/analysis/ — is below them and must
 * not import one of these, `import type` included; only these files, src/index.ts and src/cli/ may.
 * Add a new construct's file here. Enforced by the lint rule lint/rules/mesh-no-upward-import.js.
 */
const CONSTRUCT_FILES = [
  'src/authorization-policy.ts',
  'src/canary.ts',
  'src/circuit-breaker.ts',
  'src/control-plane.ts',
  'src/external-service.ts',
  'src/gateway.ts',
  'src/gateway-workload.ts',
  'src/mesh.ts',
  'src/mesh-app.ts',
  'src/mesh-host.ts',
  'src/mesh-service.ts',
  'src/service-reference.ts',
  'src/service-version.ts',
];

/** The project's own lint rules (lint/rules/), loaded by every eslint run. */
const LINT_RULES = ['--rulesdir', 'lint/rules'];

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-mesh',
  description: 'Typed cdk8s constructs that declare an Istio service mesh and synthesize consistent Kubernetes and Istio manifests',
  author: 'cdk8s-mesh authors',
  authorAddress: 'cdk8s-mesh@users.noreply.github.com',
  repositoryUrl: 'https://github.com/cdk8s-mesh/cdk8s-mesh.git',
  license: 'Apache-2.0',
  keywords: ['cdk8s', 'istio', 'service-mesh', 'kubernetes', 'virtualservice', 'destinationrule'],
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  github: false,
  release: false,
  minNodeVersion: '20.0.0',
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0',

  cdk8sVersion: '2.70.26',
  constructsVersion: '10.3.0',
  peerDeps: ['cdk8s-plus-27@^2.9.5'],
  bundledDeps: ['yaml@^2.8.0'],
  devDeps: [
    'cdk8s-plus-27@2.9.5',
    // test/compat: an app on current cdk8s (cdk8s init's cdk8s-plus-33) passes its types into the library's options
    'cdk8s-plus-33@2.5.57',
    'cdk8s-cli@2.207.60',
    'kubernetes-models@^5.1.0',
    '@kubernetes-models/istio@^3.0.1',
    '@kubernetes-models/gateway-api@^2.0.0',
    '@marcbachmann/cel-js@^8.0.0',
    'fast-check@^4.10.2',
    // test/analysis/graph: the diagrams are checked with Mermaid's own parser, which needs a DOM (jsdom)
    'mermaid@^11.17.2',
    'jsdom@^26.1.0',
  ],

  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      coveragePathIgnorePatterns: ['/node_modules/', '/src/imports/', '/test/'],
      // one worker per core: jest's default (cores - 1) runs the suites in band on a 2-core machine, where they
      // took 19.6 min from a fresh clone against 6.5 min with two workers (3,652 tests, measured on this project's machine)
      maxWorkers: '100%',
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'scripts', '.projenrc.ts'],
    ignorePatterns: ['src/imports/**', '*.js', '*.d.ts', 'node_modules/', 'dist/', 'lib/', 'coverage/', 'test-reports/'],
    commandOptions: { extraArgs: LINT_RULES },
  },
  tsconfigDev: {
    include: ['../examples/**/*.ts'],
    // the lint rules (lint/, JavaScript for eslint --rulesdir) are typed with JSDoc and checked where their tests import them
    compilerOptions: { allowJs: true, checkJs: true },
  },
  // .jsii.tabl.json: jsii-rosetta's translations of the examples (docgen, docgen:languages, scripts/test-bindings.sh)
  gitignore: ['/dist/', '/.tmp/', '/.jsii.tabl.json'],
  // .tmp/ holds build caches (the Istio oracle, the bindings' Maven repository): never in the package, nor in the
  // jsii tarball that every language binding embeds
  npmIgnoreOptions: { ignorePatterns: ['/examples/', '/scripts/', '/lint/', '/.tmp/'] },

  // the language bindings (issue 16): `npx projen package-all` (or package:python, package:java, package:go) has
  // jsii-pacmak build them into dist/python (wheel + sdist), dist/java (a local Maven repository) and dist/go (the
  // module's source); nothing is published (release: false)
  publishToPypi: { distName: 'cdk8s-mesh', module: 'cdk8s_mesh' },
  publishToMaven: { javaPackage: 'org.cdk8smesh', mavenGroupId: 'org.cdk8smesh', mavenArtifactId: 'cdk8s-mesh' },
  publishToGo: { moduleName: 'github.com/cdk8s-mesh/cdk8s-mesh-go', packageName: 'cdk8smesh' },
});

// dependencies point down (issue 12): no import cycle under src/, and nothing below the constructs imports one
project.eslint!.addOverride({
  files: ['src/**/*.ts'],
  rules: {
    'mesh-no-import-cycle': ['error', { root: 'src' }],
    'mesh-no-upward-import': ['error', {
      root: 'src',
      constructs: CONSTRUCT_FILES,
      above: ['src/index.ts', 'src/cli/'],
      hint: 'point at an interface of src/interfaces/ (IMesh, IMeshHost) or at the model instead',
    }],
  },
});

// Node 20 is what this project's machines run; jsii's end-of-life banner is noise in every log
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// the `cdk8s-mesh` command (inject, and later analyze); lib/ is what jsii compiles src/ into
project.addBins({ 'cdk8s-mesh': 'lib/cli/bin.js' });

// an eslint dependency resolves to a version this registry cannot serve
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// API.md (`npx projen docgen`, also after every compile): jsii-docgen's TypeScript reference with every example of the doc
// comments followed by its Python, Java and Go, as jsii-rosetta translates it (scripts/api-docs.ts). `extract --strict`
// compiles each example against rosetta/*.ts-fixture and fails on any error; it reuses the translations of the tablet it
// wrote before (.jsii.tabl.json) for every example whose code, fixture and referenced types did not change. `--batch`
// compiles the examples as one program (without a tablet: 14 s instead of 20 s, the same translations and errors).
const ROSETTA_EXTRACT = 'jsii-rosetta extract --strict --batch 1000';
const API_DOCS = 'ts-node --transpile-only --project scripts/tsconfig.json scripts/api-docs.ts';
const docgen = project.tasks.tryFind('docgen')!;
docgen.description = 'Generate API.md (with the examples in Python, Java and Go) from the .jsii manifest and jsii-rosetta';
docgen.reset();
docgen.exec(ROSETTA_EXTRACT);
docgen.exec(`${API_DOCS} API.md`);

// `npm test`: compile (jsii, which also regenerates API.md), type-check src + tests + examples, run every test with ESM support
// (kubernetes-models is ESM-only), then lint. Snapshots never update here (`npm run test:update` does).
const test = project.tasks.tryFind('test')!;
test.reset();
test.exec('jsii --silence-warnings=reserved-word', { name: 'compile' });
// API.md is generated: fail when it no longer matches the code
test.exec(`mkdir -p .tmp && ${ROSETTA_EXTRACT} && ${API_DOCS} .tmp/API.md && (cmp -s API.md .tmp/API.md || (echo "API.md is out of date: run npx projen docgen" >&2 && exit 1))`, {
  name: 'api-docs-current',
});
test.exec('tsc --noEmit -p test/tsconfig.json', { name: 'type-check' });
test.exec('jest --passWithNoTests --ci', {
  name: 'jest',
  env: { NODE_OPTIONS: '--experimental-vm-modules --no-warnings' },
});
test.exec('tsc --noEmit -p examples/tsconfig.json', { name: 'type-check-examples' });
test.exec('tsc --noEmit -p scripts/tsconfig.json', { name: 'type-check-scripts' });
// every TypeScript example of the doc comments and README compiles as jsii-rosetta compiles it
test.exec('ts-node --transpile-only --project scripts/tsconfig.json scripts/check-doc-examples.ts', { name: 'doc-examples' });
// lint without --fix: a test run reports, it does not rewrite the tree
test.exec(`eslint ${LINT_RULES.join(' ')} --ext .ts --no-error-on-unmatched-pattern src test examples scripts .projenrc.ts`, {
  name: 'lint',
  env: { ESLINT_USE_FLAT_CONFIG: 'false', NODE_NO_WARNINGS: '1' },
});

const testUpdate = project.tasks.tryFind('test:update');
if (testUpdate) {
  testUpdate.reset();
  testUpdate.exec('jest --updateSnapshot --passWithNoTests --ci', {
    env: { NODE_OPTIONS: '--experimental-vm-modules --no-warnings' },
  });
}

// `npm run example`: synthesize the bookinfo meshes into dist/bookinfo*, the orders team's app into dist/orders and the
// bindings' reference app into dist/bookinfo-canary
project.addTask('example', {
  description: 'Synthesize the example meshes into dist/',
  steps: [
    { exec: 'ts-node --project examples/tsconfig.json examples/bookinfo/main.ts' },
    { exec: 'ts-node --project examples/tsconfig.json examples/orders/main.ts' },
    // the reference app of the language bindings (examples/python, examples/java, examples/go write the same bytes)
    { exec: 'ts-node --project examples/tsconfig.json examples/bookinfo-canary/main.ts', env: { CDK8S_OUTDIR: 'dist/bookinfo-canary' } },
  ],
  env: { CDK8S_CHECK_UPGRADE: 'false' },
});

// `npm run test:istio`: differential tests against Istio's own Go code (validation webhook, analyzers, injector,
// regexp), built from test/istio (its own go.mod, pinned Istio module) into .tmp/istio-oracle; needs Go, unlike `npm test`
project.addTask('test:istio', {
  description: "Differential tests against Istio's own Go code (needs Go 1.26 and the Go module proxy)",
  steps: [
    { exec: 'go build -buildvcs=false -o ../../.tmp/istio-oracle .', cwd: 'test/istio' },
    { spawn: 'example' },
    {
      exec: 'jest --ci --coverage=false --testMatch "<rootDir>/test/istio/**/*.differential.ts"',
      env: { NODE_OPTIONS: '--experimental-vm-modules --no-warnings' },
    },
  ],
});

// `npm run test:bindings`: the Python, Java and Go packages built by jsii-pacmak, installed into isolated environments,
// and each language's bookinfo canary app (examples/<language>/) compared byte for byte with the TypeScript one
// (examples/bookinfo-canary); needs python3, a JDK with Maven and Go, unlike `npm test`
project.addTask('test:bindings', {
  description: 'Build the language bindings and check that every language\'s example app writes the TypeScript app\'s bytes',
  exec: 'bash scripts/test-bindings.sh',
  receiveArgs: true,
});

// `npx projen docgen:languages`: API.python.md, API.java.md and API.go.md, the API reference with every doc-comment and
// README example translated by jsii-rosetta from the TypeScript (each compiled first: --strict fails on any error,
// against rosetta/*.ts-fixture); run after compile (jsii), like docgen
const docgenLanguages = project.addTask('docgen:languages', {
  description: 'Generate API.python.md, API.java.md and API.go.md with the examples translated by jsii-rosetta',
});
docgenLanguages.exec(ROSETTA_EXTRACT);
for (const language of ['python', 'java', 'go']) {
  docgenLanguages.exec(`jsii-docgen -l ${language} -o API.${language}.md`);
}

// `npm run bench`: cdk8s-mesh against raw cdk8s ApiObjects producing the same bytes (scripts/bench)
project.addTask('bench', {
  description: 'Benchmark mesh synthesis against raw cdk8s at 10, 100, 1000 and 3000 services',
  exec: 'ts-node --transpile-only --project scripts/tsconfig.json scripts/bench/bench.ts',
  env: { CDK8S_CHECK_UPGRADE: 'false' },
});

project.synth();
