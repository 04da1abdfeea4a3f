// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import {
  formatImageRef,
  parseRegistryAddress,
  stageTags,
  toImageName,
  validateRepository,
  validateTag,
} from './image-ref.js';

describe('parseRegistryAddress', () => {
  it.each([
    { url: '127.0.0.1:5000', host: '127.0.0.1:5000', namespace: '' },
    { url: '123.dkr.ecr.eu-north-1.amazonaws.com', host: '123.dkr.ecr.eu-north-1.amazonaws.com', namespace: '' },
    { url: 'ghcr.io/acme/team', host: 'ghcr.io', namespace: 'acme/team' },
    { url: 'localhost:5001', host: 'localhost:5001', namespace: '' },
  ])('accepts $url', ({ url, host, namespace }) => {
    expect(parseRegistryAddress(url)).toEqual({ host, namespace });
  });
  it('rejects a scheme and says what to write instead', () => {
    expect(() => parseRegistryAddress('https://ghcr.io')).toThrow(
      '"https://ghcr.io" has a scheme; registries are written as host[:port][/namespace], e.g. "ghcr.io".',
    );
  });
  it('rejects a bad host', () => {
    expect(() => parseRegistryAddress('bad_host:5000')).toThrow(
      '"bad_host:5000": "bad_host:5000" is not a registry host',
    );
  });
  it('rejects an uppercase namespace', () => {
    expect(() => parseRegistryAddress('ghcr.io/Acme')).toThrow('namespace "Acme" must be lowercase path components');
  });
});

describe('image names and tags', () => {
  it.each([
    { name: 'SorrIssue14_Team1', expected: 'sorrissue14_team1' },
    { name: 'dev_tools', expected: 'dev_tools' },
    { name: 'My App!!', expected: 'my-app' },
    { name: '__x__', expected: 'x' },
    { name: 'a__b', expected: 'a_b' },
    { name: '!!!', expected: '' },
  ])('toImageName($name) = "$expected" and is valid', ({ name, expected }) => {
    const image = toImageName(name);
    expect(image).toBe(expected);
    if (image) expect(validateRepository(image)).toBe(image);
  });
  it('rejects an uppercase repository with a suggestion', () => {
    expect(() => validateRepository('SorrIssue14_Team1')).toThrow(
      '"SorrIssue14_Team1" is not a valid image name: use lowercase letters, digits and single separators (. _ -), e.g. "sorrissue14_team1".',
    );
  });
  it('rejects a tag starting with a dot', () => {
    expect(() => validateTag('.dev')).toThrow('".dev" is not a valid image tag');
  });
  it('formats refs with a registry port', () => {
    expect(formatImageRef({ registry: '127.0.0.1:5000', repository: 'opt', tag: 'dev-0.4.0' })).toBe(
      '127.0.0.1:5000/opt:dev-0.4.0',
    );
    expect(formatImageRef({ registry: '', repository: 'opt', tag: 'dev' })).toBe('opt:dev');
  });
});

describe('stageTags', () => {
  it('names the tags of each stage', () => {
    expect(stageTags('local', '1.4.3', 'Jane Doe')).toEqual({ versioned: 'local-Jane-Doe-1.4.0' });
    expect(stageTags('dev', '1.4.3')).toEqual({ versioned: 'dev-1.4.0', floating: 'dev' });
    expect(stageTags('prod', '1.4.3')).toEqual({ versioned: 'prod-1.4.3', floating: 'prod' });
  });
  it('needs a user for local tags', () => {
    expect(() => stageTags('local', '1.0.0')).toThrow('a local tag needs a user name');
  });
});
