import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { KPLUS_UNITS, OWN_UNITS, quantityMap, resolveResources } from '../../src/private/resources';

const { Cpu } = kplus;

describe('container resources', () => {
  test('requests and limits become quantities, sizes in Mi (or Gi for cdk8s-plus ephemeral storage)', () => {
    const r = {
      cpu: { request: Cpu.millis(250), limit: Cpu.units(1) },
      memory: { request: Size.mebibytes(64), limit: Size.gibibytes(1) },
      ephemeralStorage: { request: Size.gibibytes(1), limit: Size.gibibytes(2) },
    };
    expect(resolveResources('resources', r, KPLUS_UNITS, true)).toEqual({
      quantities: { requests: { 'cpu': '250m', 'memory': '64Mi', 'ephemeral-storage': '1Gi' }, limits: { 'cpu': '1', 'memory': '1024Mi', 'ephemeral-storage': '2Gi' } },
      problems: [],
    });
  });

  test.each([
    ['cpu', { cpu: { request: Cpu.millis(500), limit: Cpu.millis(500) } }],
    ['memory', { memory: { request: Size.mebibytes(512), limit: Size.mebibytes(512) } }],
    ['ephemeralStorage', { ephemeralStorage: { request: Size.mebibytes(512), limit: Size.mebibytes(512) } }],
  ])('a %s request equal to its limit is accepted', (_, r) => {
    expect(resolveResources('resources', r, OWN_UNITS, false).problems).toEqual([]);
  });

  test.each([
    ['cpu', { cpu: { request: Cpu.millis(501), limit: Cpu.millis(500) } }, "'resources.cpu.request' 501m must not exceed 'resources.cpu.limit' 500m"],
    ['cpu', { cpu: { request: Cpu.units(0.5001), limit: Cpu.millis(500) } }, "'resources.cpu.request' 0.5001 must not exceed 'resources.cpu.limit' 500m"],
    ['memory', { memory: { request: Size.mebibytes(513), limit: Size.mebibytes(512) } }, "'resources.memory.request' 513Mi must not exceed 'resources.memory.limit' 512Mi"],
    ['ephemeralStorage', { ephemeralStorage: { request: Size.mebibytes(513), limit: Size.mebibytes(512) } },
      "'resources.ephemeralStorage.request' 513Mi must not exceed 'resources.ephemeralStorage.limit' 512Mi"],
  ])('a %s request above its limit fails', (_, r, message) => {
    expect(resolveResources('resources', r, OWN_UNITS, false).problems).toEqual([message]);
  });

  test('a request without a limit, and a limit without a request, are fine', () => {
    expect(resolveResources('resources', { cpu: { request: Cpu.units(64) }, memory: { limit: Size.mebibytes(1) } }, OWN_UNITS, false)).toEqual({
      quantities: { requests: { cpu: '64' }, limits: { memory: '1Mi' } },
      problems: [],
    });
  });

  test('a default that contradicts a given request or limit gives way to it', () => {
    const defaults = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } };
    const r = { cpu: { request: Cpu.units(3) }, memory: { limit: Size.mebibytes(64) } };
    expect(resolveResources('resources', r, OWN_UNITS, false, defaults).quantities).toEqual({
      requests: { cpu: '3', memory: '64Mi' },
      limits: { cpu: '3', memory: '64Mi' },
    });
  });

  test('negative and unparsable CPU amounts fail', () => {
    const r = { cpu: { request: Cpu.millis(-100), limit: Cpu.units(NaN) } };
    expect(resolveResources('resources', r, OWN_UNITS, false).problems).toEqual([
      "'resources.cpu.request' must not be negative, got -100m",
      "'resources.cpu.limit' must be a CPU quantity like Cpu.millis(500) or Cpu.units(2), got 'NaN'",
    ]);
  });

  test('sizes cdk8s-plus cannot write fail; this library writes them in KiB', () => {
    const r = { memory: { request: Size.kibibytes(1536) }, ephemeralStorage: { limit: Size.mebibytes(512) } };
    expect(resolveResources('resources', r, KPLUS_UNITS, true).problems).toEqual([
      "'resources.memory.request' must be a whole number of mebibytes (cdk8s-plus writes it in Mi), got 1.5 mebibytes",
      "'resources.ephemeralStorage.limit' must be a whole number of gibibytes (cdk8s-plus writes it in Gi), got 0.5 gibibytes",
    ]);
    expect(resolveResources('resources', r, OWN_UNITS, false)).toEqual({
      quantities: { requests: { memory: '1536Ki' }, limits: { 'ephemeral-storage': '512Mi' } },
      problems: [],
    });
  });

  test('a size that is not a whole number of KiB fails', () => {
    expect(resolveResources('resources', { memory: { limit: Size.mebibytes(NaN) } }, OWN_UNITS, false).problems).toEqual([
      "'resources.memory.limit' must be a non-negative size, got NaN KiB",
    ]);
    expect(resolveResources('resources', { memory: { limit: Size.kibibytes(0.5) } }, OWN_UNITS, false).problems).toEqual([
      "'resources.memory.limit' must be a whole number of kibibytes, got 0.5 KiB",
    ]);
  });
});

describe('quantities for the typed bindings', () => {
  test('set values become quantities; values left undefined are left out', () => {
    const q = quantityMap({ cpu: '100m', memory: undefined });
    expect(Object.keys(q!)).toEqual(['cpu']);
    expect(q!.cpu.value).toBe('100m');
  });

  test('no requirement at all (no map, an empty map, only undefined values) is undefined, so the field is left out', () => {
    expect([quantityMap(undefined), quantityMap({}), quantityMap({ cpu: undefined })]).toEqual([undefined, undefined, undefined]);
  });
});
