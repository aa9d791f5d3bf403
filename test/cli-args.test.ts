import { exactly } from './util/validate';
import { describeOptions, OptionSpec, parseArgs, UsageError } from '../src/cli/args';

const SPECS: OptionSpec[] = [
  { name: 'filename', short: 'f', value: 'FILE', help: 'input' },
  { name: 'tag', value: 'TAG', help: 'image tag' },
  { name: 'native-sidecars', help: 'a flag' },
  { name: 'help', short: 'h', help: 'show this help' },
];

/** The parse as plain data: options by name, and positionals. */
function parsed(args: string[]): { options: { [name: string]: string | true }; positionals: readonly string[] } {
  const { options, positionals } = parseArgs(args, SPECS);
  return { options: Object.fromEntries(options), positionals };
}

describe('parseArgs', () => {
  test.each([
    [['-f', 'a.yaml'], { filename: 'a.yaml' }, []],
    [['-fa.yaml'], { filename: 'a.yaml' }, []],
    [['--filename', 'a.yaml'], { filename: 'a.yaml' }, []],
    [['--filename=a.yaml'], { filename: 'a.yaml' }, []],
    [['--filename=-a.yaml'], { filename: '-a.yaml' }, []],
    [['-f-a.yaml'], { filename: '-a.yaml' }, []],
    [['-f', '-'], { filename: '-' }, []],
    [['--tag='], { tag: '' }, []],
    [['-hf', 'a.yaml'], { help: true, filename: 'a.yaml' }, []],
    [['--native-sidecars', 'x', '-', 'y'], { 'native-sidecars': true }, ['x', '-', 'y']],
    [['-f', 'a.yaml', '--', '-f', '--tag'], { filename: 'a.yaml' }, ['-f', '--tag']],
  ])('%j is read', (args, options, positionals) => {
    expect(parsed(args)).toEqual({ options, positionals });
  });

  test.each([
    [['--frob'], 'unknown option --frob'],
    [['--frob=1'], 'unknown option --frob'],
    [['-z'], 'unknown option -z'],
    [['-hz'], 'unknown option -z'],
    [['-h=1'], 'unknown option -='],
    [['-f'], 'option -f needs a value (FILE)'],
    [['--filename'], 'option --filename needs a value (FILE)'],
    [['--native-sidecars=yes'], "option --native-sidecars takes no value, got 'yes'"],
    [['--native-sidecars='], "option --native-sidecars takes no value, got ''"],
    [['-f', '--tag', 'x'], "option -f needs a value (FILE), got '--tag', which reads as an option (a value starting with '-' is written --filename=--tag)"],
    [['--tag', '-1'], "option --tag needs a value (TAG), got '-1', which reads as an option (a value starting with '-' is written --tag=-1)"],
    [['-f', '--'], "option -f needs a value (FILE), got '--', which reads as an option (a value starting with '-' is written --filename=--)"],
    [['-f', 'a', '-f', 'b'], 'option -f is given more than once'],
    [['--filename', 'a', '-f', 'b'], 'option -f is given more than once'],
    [['-f', 'a', '--filename=b'], 'option --filename is given more than once'],
    [['-h', '--help'], 'option --help is given more than once'],
    // the first mistake in the arguments is the one reported
    [['--frob', '-f'], 'unknown option --frob'],
    [['-f', 'a', '--native-sidecars=1', '--frob'], "option --native-sidecars takes no value, got '1'"],
  ])('%j is a usage error: %s', (args, message) => {
    expect(() => parseArgs(args, SPECS)).toThrow(exactly(message));
    expect(() => parseArgs(args, SPECS)).toThrow(UsageError);
  });
});

describe('parseArgs with a repeatable option', () => {
  const REPEATABLE: OptionSpec[] = [...SPECS, { name: 'header', short: 'H', value: 'NAME=VALUE', repeatable: true, help: 'a header' }];

  test('every value is kept, in order, apart from the options given once', () => {
    // WHEN
    const { options, lists, positionals } = parseArgs(['-H', 'a=1', '--tag', 't', '--header=b=2', '-Hc=3', 'x.yaml'], REPEATABLE);
    // THEN
    expect({ options: Object.fromEntries(options), lists: Object.fromEntries(lists), positionals }).toEqual({
      options: { tag: 't' },
      lists: { header: ['a=1', 'b=2', 'c=3'] },
      positionals: ['x.yaml'],
    });
  });

  test('given once, it is a list of one; not given, it is absent', () => {
    expect(Object.fromEntries(parseArgs(['-H', 'a=1'], REPEATABLE).lists)).toEqual({ header: ['a=1'] });
    expect(parseArgs(['-f', 'a'], REPEATABLE).lists.size).toBe(0);
  });

  test('the options that are not repeatable may still be given only once', () => {
    expect(() => parseArgs(['-H', 'a=1', '-f', 'a', '-f', 'b'], REPEATABLE)).toThrow(exactly('option -f is given more than once'));
  });

  test('a repeated value still needs its value', () => {
    expect(() => parseArgs(['-H', 'a=1', '-H'], REPEATABLE)).toThrow(exactly('option -H needs a value (NAME=VALUE)'));
  });
});

describe('describeOptions', () => {
  test('lists options in a column, short names first, values named', () => {
    expect(describeOptions(SPECS)).toBe([
      '  -f, --filename FILE    input',
      '      --tag TAG          image tag',
      '      --native-sidecars  a flag',
      '  -h, --help             show this help',
    ].join('\n'));
  });
});
