// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { fillPlaceholders, splitCommandLine } from './command-line.js';

describe('splitCommandLine', () => {
  it.each([
    { name: 'plain words', line: 'pytest -x  tests', argv: ['pytest', '-x', 'tests'] },
    { name: 'double quotes', line: 'pytest -m "not slow"', argv: ['pytest', '-m', 'not slow'] },
    { name: 'single quotes keep everything', line: `sh -c 'echo "$HOME"; ls'`, argv: ['sh', '-c', 'echo "$HOME"; ls'] },
    { name: 'backslash escapes', line: 'echo a\\ b \\"c', argv: ['echo', 'a b', '"c'] },
    {
      name: 'nothing is expanded',
      line: 'echo $(rm -rf /) ; `id` *',
      argv: ['echo', '$(rm', '-rf', '/)', ';', '`id`', '*'],
    },
    { name: 'empty quoted word', line: 'printf ""', argv: ['printf', ''] },
  ])('$name', ({ line, argv }) => {
    expect(splitCommandLine(line)).toEqual(argv);
  });

  it('rejects an unbalanced quote and an empty command', () => {
    expect(() => splitCommandLine('echo "a')).toThrow(
      '--cmd: unbalanced " quote in "echo "a"; close it or escape it with \\.',
    );
    expect(() => splitCommandLine('   ')).toThrow('--cmd: the command is empty; e.g. --cmd "pytest -x".');
  });
});

describe('fillPlaceholders', () => {
  it('fills known placeholders inside arguments and leaves the rest literal', () => {
    expect(
      fillPlaceholders(['qa', '--image={image}', '{stage}', '{other}', '$(x)'], { image: 'opt:dev', stage: 'dev' }),
    ).toEqual(['qa', '--image=opt:dev', 'dev', '{other}', '$(x)']);
  });
});
