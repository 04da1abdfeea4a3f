// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { dockerfileSources } from './dockerfile.js';

describe('dockerfileSources', () => {
  it.each([
    {
      name: 'plain COPY and ADD',
      text: 'FROM x\nCOPY devops/docker_build/install.sh /install/\nADD requirements.txt setup.cfg /app/',
      paths: ['devops/docker_build/install.sh', 'requirements.txt', 'setup.cfg'],
      whole: false,
    },
    {
      name: 'ENV value in a source, context-rooted slash',
      text: 'ENV DEVOPS_ROOT=/devops\nCOPY ${DEVOPS_ROOT}/docker_build/poetry.lock .',
      paths: ['devops/docker_build/poetry.lock'],
      whole: false,
    },
    {
      name: 'ARG default and given build arg',
      text: 'ARG LOCK=a.lock\nARG SRC=src\nCOPY $LOCK ${SRC}/ /app/',
      args: { SRC: 'lib' },
      paths: ['a.lock', 'lib'],
      whole: false,
    },
    {
      name: 'multi-stage --from is not a file',
      text: 'FROM a AS build\nFROM b\nCOPY --from=build /out /app\nCOPY --chown=1:1 helpers /app/helpers',
      paths: ['helpers'],
      whole: false,
    },
    { name: 'unknown variable: whole context', text: 'COPY ${NOPE}/x /y', paths: [], whole: true },
    { name: 'copy of the whole context', text: 'COPY . /app', paths: [], whole: true },
    {
      name: 'JSON form and continuation lines',
      text: 'COPY ["a b.txt", "c", "/dst/"]\nCOPY \\\n  d \\\n  /dst/',
      paths: ['a b.txt', 'c', 'd'],
      whole: false,
    },
    {
      name: 'globs kept, URLs ignored',
      text: 'COPY *.toml /app/\nADD https://example.com/x.tgz /tmp/',
      paths: ['*.toml'],
      whole: false,
    },
    { name: 'default with :-', text: 'COPY ${CFG:-conf}/app.ini /etc/', paths: ['conf/app.ini'], whole: false },
    {
      name: 'quoted ARG and ENV values lose their quotes',
      text: 'ARG CONF_DIR="conf"\nENV LOCK=\'poetry.lock\'\nCOPY ${CONF_DIR}/a.ini $LOCK /app/',
      paths: ['conf/a.ini', 'poetry.lock'],
      whole: false,
    },
    {
      name: 'a comment line inside a continuation',
      text: 'COPY \\\n  # the lock file\n  poetry.lock \\\n  /app/',
      paths: ['poetry.lock'],
      whole: false,
    },
    {
      name: 'a heredoc is inline text, its body no instruction',
      text: 'COPY <<EOF /etc/app.conf\nCOPY not-a-path /x\nEOF\nCOPY real.txt /app/',
      paths: ['real.txt'],
      whole: false,
    },
    {
      name: 'the escape directive changes the continuation character',
      text: '# escape=`\nFROM x\nCOPY a.txt `\n  b.txt /app/',
      paths: ['a.txt', 'b.txt'],
      whole: false,
    },
  ])('$name', ({ text, args, paths, whole }) => {
    expect(dockerfileSources(text, args)).toEqual({ paths, wholeContext: whole });
  });
});
