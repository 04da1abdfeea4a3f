import { describe, expect, it } from '@jest/globals';
import { addChangelogEntry, parseChangelog, readTopHeading, topEntry } from './changelog.js';

const GOOD = `# opt-0.4.0
- 2024-03-06
- Promote \`cvxpy\` to 1.4
- Changes from:
- #7292 - Update cvxpy

# opt-0.3.0
- 2024-02-26
- First
`;

describe('parseChangelog', () => {
  it('parses entries newest first with dates and bodies', () => {
    const log = parseChangelog(GOOD, 'optimizer/changelog.txt');
    expect(log.entries.map((e) => [e.name, e.version, e.date, e.line])).toEqual([
      ['opt', '0.4.0', '2024-03-06', 1],
      ['opt', '0.3.0', '2024-02-26', 7],
    ]);
    expect(topEntry(log)?.lines).toEqual(['- Promote `cvxpy` to 1.4', '- Changes from:', '- #7292 - Update cvxpy']);
  });
  it('keeps names containing dashes and underscores', () => {
    expect(parseChangelog('# dev_tools-my-1.2.0\n- 2024-01-01\n').entries[0]).toMatchObject({
      name: 'dev_tools-my',
      version: '1.2.0',
    });
  });
  it('accepts an empty file', () => {
    expect(parseChangelog('\n\n').entries).toEqual([]);
  });
  it.each([
    {
      name: 'two-part version',
      text: '# opt-1.2\n- 2024-01-01\n',
      message: 'c.txt:1: version "1.2" in "# opt-1.2" must have exactly three numeric parts, e.g. opt-1.2.0.',
    },
    {
      name: 'heading without version',
      text: '# opt\n',
      message: 'c.txt:1: heading "# opt" must look like "# <name>-X.Y.Z", e.g. "# opt-0.4.0".',
    },
    {
      name: 'missing date',
      text: '# opt-1.2.0\n- did things\n',
      message: 'c.txt:2: expected the date line "- YYYY-MM-DD" after "# opt-1.2.0", found "- did things".',
    },
    {
      name: 'impossible date',
      text: '# opt-1.2.0\n- 2024-02-30\n',
      message: 'c.txt:2: expected the date line "- YYYY-MM-DD" after "# opt-1.2.0", found "- 2024-02-30".',
    },
    {
      name: 'text before the first heading',
      text: 'hello\n# opt-1.2.0\n',
      message: 'c.txt:1: expected the first entry heading "# <name>-X.Y.Z", found "hello".',
    },
    {
      name: 'versions not decreasing',
      text: '# opt-1.2.0\n- 2024-01-01\n\n# opt-1.10.0\n- 2023-01-01\n',
      message:
        'c.txt:4: version 1.10.0 must be lower than 1.2.0 above it (line 1); newest entries go first and each version appears once.',
    },
    {
      name: 'no date at end of file',
      text: '# opt-1.2.0\n',
      message: 'c.txt:1: entry "opt-1.2.0" has no date line; add "- YYYY-MM-DD" right after the heading.',
    },
  ])('rejects $name', ({ text, message }) => {
    expect(() => parseChangelog(text, 'c.txt')).toThrow(message);
  });
});

describe('readTopHeading', () => {
  it('reads the first heading only', () => {
    expect(readTopHeading(GOOD)).toEqual({ name: 'opt', version: '0.4.0', line: 1 });
  });
});

describe('addChangelogEntry', () => {
  it('prepends an entry and keeps the rest byte for byte', () => {
    const next = addChangelogEntry(GOOD, {
      name: 'opt',
      version: '0.5.0',
      date: '2024-04-01',
      bullets: ['New solver'],
    });
    expect(next).toBe(`# opt-0.5.0\n- 2024-04-01\n- New solver\n\n${GOOD}`);
    expect(parseChangelog(next).entries[0]?.version).toBe('0.5.0');
  });
  it('refuses a version that does not move forward', () => {
    expect(() => addChangelogEntry(GOOD, { name: 'opt', version: '0.4.0', date: '2024-04-01', bullets: [] })).toThrow(
      'new changelog entry 0.4.0 is not greater than the last released 0.4.0',
    );
  });
});
