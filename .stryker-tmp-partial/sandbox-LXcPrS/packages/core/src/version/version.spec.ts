// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import {
  assertStrictlyForward,
  bumpVersion,
  compareCodeAndContainer,
  maxReleaseVersion,
  parseReleaseVersion,
  stageVersion,
} from './version.js';

describe('parseReleaseVersion', () => {
  it.each([
    { input: '1.2.3', ok: true },
    { input: '0.0.0', ok: true },
    { input: '1.2', ok: false },
    { input: '1.2.3.4', ok: false },
    { input: 'v1.2.3', ok: false },
    { input: '1.2.3-rc.1', ok: false },
    { input: '01.2.3', ok: false },
  ])('$input → ok=$ok', ({ input, ok }) => {
    if (ok) expect(parseReleaseVersion(input)).toBe(input);
    else
      expect(() => parseReleaseVersion(input)).toThrow(
        `version: "${input}" is not a release version; use exactly three numeric parts like 1.4.0 (no "v", no pre-release suffix).`,
      );
  });
});

describe('stageVersion', () => {
  it('uses X.Y.0 for local and dev, the full version for prod', () => {
    expect(stageVersion('local', '1.4.3')).toBe('1.4.0');
    expect(stageVersion('dev', '1.4.3')).toBe('1.4.0');
    expect(stageVersion('prod', '1.4.3')).toBe('1.4.3');
  });
});

describe('assertStrictlyForward', () => {
  it('compares semantically, not as strings (1.10.0 > 1.9.0)', () => {
    expect(() => assertStrictlyForward('1.10.0', '1.9.0')).not.toThrow();
  });
  it('refuses re-releasing the same version', () => {
    expect(() => assertStrictlyForward('1.2.0', '1.2.0')).toThrow(
      'release 1.2.0 is not greater than the last released 1.2.0; add a changelog entry with a higher version (e.g. 1.3.0).',
    );
  });
  it('refuses going backwards', () => {
    expect(() => assertStrictlyForward('1.9.0', '1.10.0')).toThrow(
      'release 1.9.0 is not greater than the last released 1.10.0',
    );
  });
  it('accepts anything when nothing was released', () => {
    expect(() => assertStrictlyForward('0.1.0', undefined)).not.toThrow();
  });
});

describe('bumpVersion / maxReleaseVersion', () => {
  it('bumps each part', () => {
    expect(bumpVersion('1.2.3', 'major')).toBe('2.0.0');
    expect(bumpVersion('1.2.3', 'minor')).toBe('1.3.0');
    expect(bumpVersion('1.2.3', 'patch')).toBe('1.2.4');
  });
  it('finds the highest release version, ignoring junk', () => {
    expect(maxReleaseVersion(['1.9.0', '1.10.0', 'latest', '1.2.3-rc1'])).toBe('1.10.0');
    expect(maxReleaseVersion([])).toBeUndefined();
  });
});

describe('compareCodeAndContainer', () => {
  it.each([
    {
      name: 'dev image serves every prod patch of its minor',
      stage: 'dev' as const,
      code: '1.4.3',
      container: '1.4.0',
      inSync: true,
    },
    { name: 'local image the same', stage: 'local' as const, code: '1.4.3', container: '1.4.0', inSync: true },
    { name: 'dev image of an older minor', stage: 'dev' as const, code: '1.5.0', container: '1.4.0', inSync: false },
    { name: 'prod image must match exactly', stage: 'prod' as const, code: '1.4.3', container: '1.4.2', inSync: false },
    { name: 'prod exact match', stage: 'prod' as const, code: '1.4.3', container: '1.4.3', inSync: true },
  ])('$name', ({ stage, code, container, inSync }) => {
    expect(compareCodeAndContainer(stage, code, container).inSync).toBe(inSync);
  });
});
