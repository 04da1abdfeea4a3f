import { describe, expect, it } from '@jest/globals';
import { parseYaml, yamlErrorLine, yamlErrorReason } from './yaml.js';

const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe('parseYaml: what repo_config and compose authors expect of YAML 1.2', () => {
  it.each([
    { name: 'dates stay strings', text: 'released: 2026-11-27\n', value: { released: '2026-11-27' } },
    { name: 'yes/on stay strings', text: 'a: yes\nb: on\nc: true\n', value: { a: 'yes', b: 'on', c: true } },
    { name: 'numbers and null', text: 'n: 12\nf: 1.5\nz: ~\n', value: { n: 12, f: 1.5, z: null } },
    {
      name: 'flow collections',
      text: 'fast: { command: [sh, run.sh] }\n',
      value: { fast: { command: ['sh', 'run.sh'] } },
    },
    { name: 'empty text is null', text: '', value: null },
    { name: 'comments only is null', text: '# nothing yet\n', value: null },
  ])('$name', ({ text, value }) => {
    expect(parseYaml(text)).toEqual(value);
  });

  it('merge keys only where asked (compose files)', () => {
    const text = 'base: &b\n  image: x\napp:\n  <<: *b\n  user: me\n';
    expect(parseYaml(text, { mergeKeys: true })).toEqual({ base: { image: 'x' }, app: { image: 'x', user: 'me' } });
    expect((parseYaml(text) as { app: Record<string, unknown> }).app).not.toHaveProperty('image');
  });

  it.each([
    { name: 'a duplicated key', text: 'image: a\nname: b\nimage: c\n', line: 3, reason: /duplicated mapping key/ },
    { name: 'an unclosed flow sequence', text: 'image: [a\n', line: 2, reason: /./ },
    {
      name: 'two documents (js-yaml gives no line)',
      text: 'a: 1\n---\nb: 2\n',
      line: undefined,
      reason: /single document/,
    },
  ])('throws on $name, naming its line', ({ text, line, reason }) => {
    const error = thrown(() => parseYaml(text));
    expect(yamlErrorLine(error)).toBe(line);
    expect(yamlErrorReason(error)).toMatch(reason);
    expect(yamlErrorReason(error)).not.toContain('\n');
  });

  it('reports a non-YAML error by its first line', () => {
    expect(yamlErrorLine(new Error('x'))).toBeUndefined();
    expect(yamlErrorReason(new Error('first\nsecond'))).toBe('first');
  });
});
