import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import {
  AccessLogEncoding, ControlPlane, DataPlane, InjectionTemplates, IstioRelease, Mesh, MeshConfigOptions, MeshProps, OutboundTrafficPolicyMode,
} from '../src';
import { findObject, synthValid } from './util/validate';

/** A control plane with the given mesh config; no data plane, so no mesh config is refused for injection reasons. */
function setup(meshConfig: MeshConfigOptions, meshProps: MeshProps = {}) {
  const chart = new Chart(Testing.app(), 'test');
  const mesh = new Mesh(chart, 'mesh', { dataPlane: DataPlane.none(), ...meshProps });
  const controlPlane = new ControlPlane(chart, 'cp', { mesh, meshConfig });
  return { chart, mesh, controlPlane };
}

async function meshYaml(chart: Chart, name = 'istio'): Promise<string> {
  return findObject(await synthValid(chart), 'ConfigMap', name, 'istio-system').data.mesh;
}

async function istiod(chart: Chart): Promise<any> {
  return findObject(await synthValid(chart), 'Deployment', 'istiod', 'istio-system').spec.template;
}

describe('mesh config', () => {
  test('without options it is Istio\'s default mesh config for the mesh', async () => {
    const { chart } = setup({}, { rootNamespace: 'istio-system', trustDomain: 'prod.example.com' });
    expect(await meshYaml(chart)).toBe([
      'defaultConfig:',
      '  discoveryAddress: istiod.istio-system.svc:15012',
      'defaultProviders:',
      '  metrics:',
      '  - prometheus',
      'enablePrometheusMerge: true',
      'rootNamespace: istio-system',
      'trustDomain: prod.example.com',
    ].join('\n'));
  });

  test('every option is written under Istio\'s name, keys sorted', async () => {
    // GIVEN / WHEN
    const { chart } = setup({
      accessLogFile: '/dev/stdout',
      accessLogEncoding: AccessLogEncoding.JSON,
      accessLogFormat: '[%START_TIME%] %REQ(:METHOD)% %RESPONSE_CODE%\n',
      outboundTrafficPolicy: OutboundTrafficPolicyMode.REGISTRY_ONLY,
      enableAutoMtls: false,
      holdApplicationUntilProxyStarts: true,
      proxyConcurrency: 0,
      enablePrometheusMerge: false,
      connectTimeout: Duration.seconds(5),
      protocolDetectionTimeout: Duration.millis(100),
      tracingSampling: 2.5,
    });
    // THEN
    const text = await meshYaml(chart);
    expect(YAML.parse(text)).toEqual({
      accessLogEncoding: 'JSON',
      accessLogFile: '/dev/stdout',
      accessLogFormat: '[%START_TIME%] %REQ(:METHOD)% %RESPONSE_CODE%\n',
      connectTimeout: '5s',
      defaultConfig: { concurrency: 0, discoveryAddress: 'istiod.istio-system.svc:15012', holdApplicationUntilProxyStarts: true },
      defaultProviders: { metrics: ['prometheus'] },
      enableAutoMtls: false,
      enablePrometheusMerge: false,
      outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
      protocolDetectionTimeout: '100ms',
      rootNamespace: 'istio-system',
      trustDomain: 'cluster.local',
    });
    expect(text.split('\n').filter(l => !l.startsWith(' ') && !l.startsWith('-')).map(l => l.split(':')[0])).toEqual([
      'accessLogEncoding', 'accessLogFile', 'accessLogFormat', 'connectTimeout', 'defaultConfig', 'defaultProviders', 'enableAutoMtls',
      'enablePrometheusMerge', 'outboundTrafficPolicy', 'protocolDetectionTimeout', 'rootNamespace', 'trustDomain',
    ]);
  });

  test('the given options are recorded in the debug values', async () => {
    const { chart } = setup({ accessLogFile: '/dev/stdout', proxyConcurrency: 2, tracingSampling: 10 }, { trustDomain: 'example.org' });
    const values = findObject(await synthValid(chart), 'ConfigMap', 'values', 'istio-system').data;
    expect(JSON.parse(values['original-values'])).toMatchObject({
      meshConfig: { accessLogFile: '/dev/stdout', defaultConfig: { concurrency: 2 }, rootNamespace: 'istio-system', trustDomain: 'example.org' },
      traceSampling: 10,
    });
    expect(JSON.parse(values['merged-values']).meshConfig).toEqual({
      accessLogFile: '/dev/stdout', defaultConfig: { concurrency: 2 }, enablePrometheusMerge: true, rootNamespace: 'istio-system', trustDomain: 'example.org',
    });
  });

  test('a revision\'s mesh config points proxies at its istiod', async () => {
    const { chart } = setup({}, { istio: IstioRelease.of({ revision: 'stable' }) });
    expect(YAML.parse(await meshYaml(chart, 'istio-stable')).defaultConfig).toEqual({ discoveryAddress: 'istiod-stable.istio-system.svc:15012' });
  });

  test('Prometheus merging off also stops Prometheus scraping istiod', async () => {
    const on = setup({});
    const off = setup({ enablePrometheusMerge: false });
    expect((await istiod(on.chart)).metadata.annotations).toEqual({ 'prometheus.io/port': '15014', 'prometheus.io/scrape': 'true', 'sidecar.istio.io/inject': 'false' });
    expect((await istiod(off.chart)).metadata.annotations).toEqual({ 'sidecar.istio.io/inject': 'false' });
  });

  test('trace sampling is istiod\'s PILOT_TRACE_SAMPLING', async () => {
    const { chart } = setup({ tracingSampling: 0.05 });
    const env = (await istiod(chart)).spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'PILOT_TRACE_SAMPLING')).toEqual({ name: 'PILOT_TRACE_SAMPLING', value: '0.05' });
    expect(YAML.parse(await meshYaml(chart))).not.toHaveProperty('defaultConfig.tracing');
  });

  test('mesh config for the webhook data plane reaches the injector through the mesh config', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-config-test-'));
    try {
      const file = path.join(dir, 'config.yaml');
      fs.writeFileSync(file, 'templates:\n  sidecar: |\n    spec: {}\n');
      const chart = new Chart(Testing.app(), 'test');
      const mesh = new Mesh(chart, 'mesh');
      new ControlPlane(chart, 'cp', { mesh, injectionTemplates: InjectionTemplates.fromFile(file), meshConfig: { holdApplicationUntilProxyStarts: true } });
      expect(YAML.parse(await meshYaml(chart)).defaultConfig.holdApplicationUntilProxyStarts).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('mesh config validation', () => {
  test.each([
    [0, '0'],
    [100, '100'],
    [0.01, '0.01'],
    [99.99, '99.99'],
  ])('tracingSampling %p is accepted', async (value, env) => {
    const { chart } = setup({ tracingSampling: value });
    expect((await istiod(chart)).spec.containers[0].env.find((e: any) => e.name === 'PILOT_TRACE_SAMPLING').value).toBe(env);
  });

  test.each([-0.01, 100.01, 1.005, NaN])('tracingSampling %p fails', (value) => {
    expect(() => setup({ tracingSampling: value })).toThrow(
      `[test/cp] 'meshConfig.tracingSampling' must be between 0 and 100 with at most two decimals, got ${value}`);
  });

  test.each([0, 1024])('proxyConcurrency %p is accepted', async (value) => {
    const { chart } = setup({ proxyConcurrency: value });
    expect(YAML.parse(await meshYaml(chart)).defaultConfig.concurrency).toBe(value);
  });

  test.each([-1, 1025, 1.5])('proxyConcurrency %p fails', (value) => {
    expect(() => setup({ proxyConcurrency: value })).toThrow(`[test/cp] 'meshConfig.proxyConcurrency' must be an integer between 0 and 1024, got ${value}`);
  });

  test.each(['stdout', '/', '/var/log/', '/dev/std out', ''])('accessLogFile %p fails', (value) => {
    expect(() => setup({ accessLogFile: value })).toThrow(`[test/cp] 'meshConfig.accessLogFile' must be an absolute file path such as /dev/stdout, got '${value}'`);
  });

  test('access log encoding and format need an access log file', () => {
    expect(() => setup({ accessLogEncoding: AccessLogEncoding.TEXT, accessLogFormat: '%START_TIME%' })).toThrow([
      "[test/cp] 'meshConfig.accessLogEncoding' needs 'meshConfig.accessLogFile': without a file Envoy writes no access log",
      "[test/cp] 'meshConfig.accessLogFormat' needs 'meshConfig.accessLogFile': without a file Envoy writes no access log",
    ].join('\n'));
  });

  test('an empty access log format fails', () => {
    expect(() => setup({ accessLogFile: '/dev/stdout', accessLogFormat: ' ' }))
      .toThrow("[test/cp] 'meshConfig.accessLogFormat' must not be empty: leave it out for Istio's default format");
  });

  test.each([
    ['connectTimeout', Duration.millis(1), '1ms'],
    ['connectTimeout', Duration.hours(1), '1h'],
    ['protocolDetectionTimeout', Duration.millis(1), '1ms'],
    ['protocolDetectionTimeout', Duration.seconds(90), '90s'],
  ] as const)('%s %p is written as %p', async (prop, value, written) => {
    const { chart } = setup({ [prop]: value });
    expect(YAML.parse(await meshYaml(chart))[prop]).toBe(written);
  });

  test.each([
    ['connectTimeout', Duration.millis(0), "'meshConfig.connectTimeout' must be at least 1ms, got 0ms"],
    ['connectTimeout', Duration.millis(1.5), "'meshConfig.connectTimeout' must be a whole number of milliseconds, got 1.5ms"],
    ['protocolDetectionTimeout', Duration.millis(0.5), "'meshConfig.protocolDetectionTimeout' must be at least 1ms, got 0.5ms"],
  ] as const)('%s %p fails', (prop, value, message) => {
    expect(() => setup({ [prop]: value })).toThrow(`[test/cp] ${message}`);
  });

  test('every problem is reported at once', () => {
    expect(() => setup({ tracingSampling: 101, proxyConcurrency: -1 })).toThrow([
      "[test/cp] 'meshConfig.tracingSampling' must be between 0 and 100 with at most two decimals, got 101",
      "[test/cp] 'meshConfig.proxyConcurrency' must be an integer between 0 and 1024, got -1",
    ].join('\n'));
  });
});
