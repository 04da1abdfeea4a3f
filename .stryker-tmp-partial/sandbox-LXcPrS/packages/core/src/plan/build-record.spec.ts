// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import {
  buildRecordFile,
  buildRecordOutput,
  buildRegistryRefs,
  digestRef,
  formatBuildRecord,
  parseBuildRecord,
  type BuildRecord,
} from './build-record.js';

const ID = `sha256:${'a'.repeat(64)}`;
const DIGEST = `sha256:${'b'.repeat(64)}`;
const record: BuildRecord = {
  format: 1,
  project: 'opt',
  stage: 'local',
  ref: 'opt:local-ci-1.2.0',
  imageId: ID,
  version: '1.2.0',
  revision: 'c0ffee',
  buildRef: '127.0.0.1:5000/ci/opt:build-local-123',
  digest: DIGEST,
};

describe('build records', () => {
  it('live under .releasable/builds, per project and stage, as Nx outputs', () => {
    expect(buildRecordFile('opt', 'local')).toBe('.releasable/builds/opt/local.json');
    expect(buildRecordOutput('local')).toBe('{workspaceRoot}/.releasable/builds/{projectName}/local.json');
  });

  it('read back what was written', () => {
    expect(parseBuildRecord(formatBuildRecord(record), 'f.json', 'nx run opt:docker-build-local')).toEqual(record);
    const { buildRef: _b, digest: _d, ...local } = record;
    expect(parseBuildRecord(formatBuildRecord(local), 'f.json', 'p')).toEqual(local);
  });

  it('refuse a damaged record, naming the file, the field and how to make it again', () => {
    expect(() => parseBuildRecord('{', 'f.json', 'nx run opt:docker-build-local')).toThrow(
      /^f\.json: not JSON .*delete it and run "nx run opt:docker-build-local --skip-nx-cache"/,
    );
    expect(() => parseBuildRecord(JSON.stringify({ ...record, imageId: 'abc' }), 'f.json', 'p')).toThrow(
      /f\.json: imageId: .*--skip-nx-cache/,
    );
    const { digest: _d, ...half } = record;
    expect(() => parseBuildRecord(JSON.stringify(half), 'f.json', 'p')).toThrow(/buildRef and digest go together/);
    expect(() => parseBuildRecord(JSON.stringify({ ...record, extra: 1 }), 'f.json', 'p')).toThrow(/f\.json/);
    expect(() => formatBuildRecord({ ...record, digest: 'sha256:short' })).toThrow();
    // Digests are whole: nothing before or after.
    expect(() => parseBuildRecord(JSON.stringify({ ...record, imageId: `x${ID}` }), 'f.json', 'p')).toThrow(/imageId/);
    expect(() => parseBuildRecord(JSON.stringify({ ...record, digest: `${DIGEST}0` }), 'f.json', 'p')).toThrow(
      /digest/,
    );
    expect(() => parseBuildRecord(JSON.stringify({ ...record, stage: 'dev' }), 'f.json', 'p')).toThrow(/stage/);
    const prod = { ...record, stage: 'prod' as const, ref: 'opt:prod-1.2.3', version: '1.2.3' };
    expect(parseBuildRecord(formatBuildRecord(prod), 'f.json', 'p')).toEqual(prod);
    const damaged = (() => {
      try {
        parseBuildRecord(JSON.stringify({ ...record, version: '' }), 'f.json', 'nx run opt:docker-build-local');
      } catch (e) {
        return e as Error & { context: unknown };
      }
      return undefined;
    })();
    expect(damaged?.name).toBe('BuildRecordError');
    expect(damaged?.message).toBe(
      'f.json: version: Too small: expected string to have >=1 characters; delete it and run "nx run opt:docker-build-local --skip-nx-cache".',
    );
    expect(damaged?.context).toEqual({ file: 'f.json' });
  });
});

describe('build registry refs', () => {
  it('tag a build by its task hash, and the stage cache by stage', () => {
    expect(buildRegistryRefs('127.0.0.1:5000/ci', 'opt', 'local', '1234567890')).toEqual({
      content: '127.0.0.1:5000/ci/opt:build-local-1234567890',
      cache: '127.0.0.1:5000/ci/opt:cache-local',
    });
  });

  it('make any hash tag-safe and short enough for Docker', () => {
    const refs = buildRegistryRefs('r.example', 'opt', 'local', `a/b c:${'9'.repeat(300)}`);
    const tag = refs.content.slice(refs.content.lastIndexOf(':') + 1);
    expect(tag).toMatch(/^build-local-a-b-c-9+$/);
    expect(tag.length).toBeLessThanOrEqual(128);
    expect(() => buildRegistryRefs('r.example', 'opt', 'local', '')).toThrow(/task hash/);
  });

  it('pull by digest from the tag-less repository, registry ports kept', () => {
    expect(digestRef('127.0.0.1:5000/ci/opt:build-local-1', DIGEST)).toBe(`127.0.0.1:5000/ci/opt@${DIGEST}`);
    expect(digestRef('127.0.0.1:5000/ci/opt', DIGEST)).toBe(`127.0.0.1:5000/ci/opt@${DIGEST}`);
    expect(digestRef('opt', DIGEST)).toBe(`opt@${DIGEST}`);
  });
});
