import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Protocol } from '../../src';
import {
  arrayOf, bool, checkTypes, childPath, containerResources, describeValue, duration, instance, mapOf, num, oneOf, optional, shape, str, typeProblems,
} from '../../src/private/props';
import { exactly } from '../util/validate';

describe('describeValue', () => {
  test.each([
    ['8080', "'8080'"],
    [42, '42'],
    [NaN, 'NaN'],
    [true, 'true'],
    [null, 'null'],
    [undefined, 'undefined'],
    [[1], 'an array'],
    [{ a: 1 }, 'an object'],
    [() => 1, 'a function'],
    [Duration.seconds(1), 'a Duration'],
  ])('%p is shown as %p', (value, shown) => {
    expect(describeValue(value)).toBe(shown);
  });
});

describe('schemas', () => {
  const PORT = shape({ port: num, protocol: optional(oneOf(Protocol)), name: optional(str) });
  const PROPS = shape({ ports: optional(arrayOf(PORT)), labels: optional(mapOf(str)), on: optional(bool) });

  test('a value that fits has no problems', () => {
    expect(typeProblems({ ports: [{ port: 80, protocol: Protocol.GRPC, name: 'grpc' }], labels: { a: 'b' }, on: false }, PROPS)).toEqual([]);
  });

  test('optional fields may be left out, and fields the schema does not list are not looked at', () => {
    expect(typeProblems({ extra: 5 }, PROPS)).toEqual([]);
  });

  test('every problem names its path, what is allowed and what was given', () => {
    // GIVEN
    const props = { ports: [{ port: '8080', protocol: 'SCTP' }, null, { port: 80, name: 7 }], labels: { team: 3 }, on: 'yes' };
    // WHEN
    const problems = typeProblems(props, PROPS);
    // THEN
    expect(problems).toEqual([
      "'ports[0].port' must be a number, got '8080'",
      "'ports[0].protocol' must be one of HTTP, HTTP2, HTTPS, GRPC, GRPC-WEB, TCP, TLS, MONGO, MYSQL, REDIS, UDP, got 'SCTP'",
      "'ports[1]' must be an object, got null",
      "'ports[2].name' must be a string, got 7",
      "'labels['team']' must be a string, got 3",
      "'on' must be a boolean, got 'yes'",
    ]);
  });

  test('null is not a value left out', () => {
    expect(typeProblems({ ports: null }, PROPS)).toEqual(["'ports' must be an array, got null"]);
  });

  test('a required field that is missing is named', () => {
    expect(typeProblems({ ports: [{}] }, PROPS)).toEqual(["'ports[0].port' must be a number, got undefined"]);
  });

  test('props that are not an object are named as props, or as the argument they were given as', () => {
    expect(typeProblems('x', PROPS)).toEqual(["'props' must be an object, got 'x'"]);
    expect(typeProblems(null, PROPS, '', 'options')).toEqual(["'options' must be an object, got null"]);
    expect(typeProblems(undefined, optional(PROPS))).toEqual([]);
  });

  test('a single value is checked at its own path', () => {
    expect(typeProblems(5, str, 'name')).toEqual(["'name' must be a string, got 5"]);
    expect(typeProblems('reviews', str, 'name')).toEqual([]);
  });

  test('instances are told apart by their test', () => {
    const mesh = instance('Mesh', v => v instanceof Construct);
    expect(typeProblems({}, mesh, 'mesh')).toEqual(["'mesh' must be a Mesh, got an object"]);
    expect(typeProblems(new Construct(undefined as any, 'root'), mesh, 'mesh')).toEqual([]);
  });

  test('durations and container resources are duck-typed (an app may load a second copy of cdk8s)', () => {
    expect(typeProblems({ toMilliseconds: () => 5 }, duration, 'timeout')).toEqual([]);
    expect(typeProblems(5, duration, 'timeout')).toEqual(["'timeout' must be a Duration (e.g. Duration.seconds(5)), got 5"]);
    expect(typeProblems({ cpu: { request: kplus.Cpu.millis(5) }, memory: { limit: Size.mebibytes(5) } }, containerResources, 'resources')).toEqual([]);
    expect(typeProblems({ cpu: { request: '500m' }, memory: { limit: 512 } }, containerResources, 'resources')).toEqual([
      "'resources.cpu.request' must be a Cpu (e.g. Cpu.millis(500)), got '500m'",
      "'resources.memory.limit' must be a Size (e.g. Size.mebibytes(128)), got 512",
    ]);
  });
});

describe('checkTypes', () => {
  test('throws every problem at once, each with the construct path', () => {
    // GIVEN
    const root = new Construct(undefined as any, '');
    const scope = new Construct(root, 'chart');
    // WHEN
    const check = () => checkTypes(scope, { a: 1, b: 2 }, shape({ a: str, b: str }));
    // THEN
    expect(check).toThrow(exactly("[chart] 'a' must be a string, got 1\n[chart] 'b' must be a string, got 2"));
  });

  test('a construct that does not exist yet is named by its future path', () => {
    const root = new Construct(undefined as any, '');
    const scope = new Construct(root, 'chart');
    expect(childPath(scope, 'svc')).toBe('chart/svc');
    expect(childPath(root, 'chart')).toBe('chart');
    expect(() => checkTypes(childPath(scope, 'svc'), 1, str, 'name')).toThrow(exactly("[chart/svc] 'name' must be a string, got 1"));
  });
});
