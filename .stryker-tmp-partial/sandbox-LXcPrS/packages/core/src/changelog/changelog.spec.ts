// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { addChangelogEntry, formatChangelogWarnings, parseChangelog, readTopHeading, topEntry } from './changelog.js';

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
      name: 'a top heading without "#"',
      text: 'opt-1.3.0\n- 2024-01-01\n\n# opt-1.2.0\n- 2023-01-01\n',
      message:
        'c.txt:1: the top entry heading "opt-1.3.0" has no "#"; write "# opt-1.3.0" (the top entry is the version released).',
    },
  ])('rejects $name', ({ text, message }) => {
    expect(() => parseChangelog(text, 'c.txt')).toThrow(message);
  });

  it.each([
    {
      name: 'a date without zero padding',
      text: '# opt-1.2.0\n- 2021-12-1\n- did things\n',
      date: '2021-12-01',
      warning: 'c.txt:2: date "- 2021-12-1" should be written "- 2021-12-01".',
    },
    {
      name: 'a missing date line',
      text: '# opt-1.2.0\n- did things\n',
      date: undefined,
      warning: 'c.txt:2: expected the date line "- YYYY-MM-DD" after "# opt-1.2.0", found "- did things".',
    },
    {
      name: 'an impossible date',
      text: '# opt-1.2.0\n- 2024-02-30\n',
      date: undefined,
      warning: 'c.txt:2: expected the date line "- YYYY-MM-DD" after "# opt-1.2.0", found "- 2024-02-30".',
    },
    {
      name: 'no date at the end of the file',
      text: '# opt-1.2.0\n',
      date: undefined,
      warning: 'c.txt:1: entry "opt-1.2.0" has no date line; add "- YYYY-MM-DD" right after the heading.',
    },
  ])('accepts $name with a warning', ({ text, date, warning }) => {
    const log = parseChangelog(text, 'c.txt');
    expect(log.entries[0]?.version).toBe('1.2.0');
    expect(log.entries[0]?.date).toBe(date);
    expect(formatChangelogWarnings(log)).toEqual([warning]);
  });

  it('reads years of hand edits below the top entry with warnings, keeping the top strict', () => {
    const text = [
      '# cmamp-1.3.0',
      '- 2024-05-02',
      '- Latest',
      '',
      'cmamp-1.2.0',
      '- 2023/7/4',
      '- A heading someone wrote without "#"',
      '',
      '# cmamp-1.1',
      '- 2022-01-01',
      '',
      '# cmamp-1.1.0',
      '- 2021-12-1',
      '## Notes',
      '',
      '# cmamp-1.1.0',
      '- 2021-10-01',
      '',
    ].join('\n');
    const log = parseChangelog(text, 'c.txt');
    expect(log.entries.map((e) => [e.version, e.date])).toEqual([
      ['1.3.0', '2024-05-02'],
      ['1.2.0', '2023-07-04'],
      ['1.1.0', '2021-12-01'],
      ['1.1.0', '2021-10-01'],
    ]);
    expect(formatChangelogWarnings(log)).toEqual([
      'c.txt:5: heading "cmamp-1.2.0" has no "#"; write "# cmamp-1.2.0".',
      'c.txt:6: date "- 2023/7/4" should be written "- 2023-07-04".',
      'c.txt:9: version "1.1" in "# cmamp-1.1" must have exactly three numeric parts, e.g. cmamp-1.2.0. The entry is skipped.',
      'c.txt:13: date "- 2021-12-1" should be written "- 2021-12-01".',
      'c.txt:16: version 1.1.0 must be lower than 1.1.0 above it (line 12); newest entries go first and each version appears once.',
    ]);
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
