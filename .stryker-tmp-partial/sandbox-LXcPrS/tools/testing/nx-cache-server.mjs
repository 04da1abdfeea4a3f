#!/usr/bin/env node
// @ts-nocheck
// A remote cache server speaking Nx's self-hosted cache protocol (Nx ≥ 20.8, OpenAPI spec at
// nx.dev/docs/kb/self-hosted-caching): GET /v1/cache/{hash} answers the task's tar archive or
// 404; PUT /v1/cache/{hash} stores one (202), never overwrites (409). With a token, every
// request needs "Authorization: Bearer <token>" (401 otherwise). Archives are files in --dir.
// Nx itself packs, uploads, downloads and restores; this only stores bytes.
//
//   node tools/testing/nx-cache-server.mjs --dir /tmp/nx-cache [--port 0] [--token T]
//   → prints "nx-cache-server listening on http://127.0.0.1:PORT", then one line per request.
//   Point Nx at it: NX_SELF_HOSTED_REMOTE_CACHE_SERVER=http://127.0.0.1:PORT
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { dir: { type: 'string' }, port: { type: 'string', default: '0' }, token: { type: 'string' } },
});
if (!values.dir) {
  console.error('usage: nx-cache-server.mjs --dir <storage dir> [--port N] [--token T]');
  process.exit(2);
}
const dir = path.resolve(values.dir);
mkdirSync(dir, { recursive: true });
const HASH = /^\/v1\/cache\/([A-Za-z0-9_-]{1,200})$/;

const server = createServer((req, res) => {
  const done = (status, text = '') => {
    console.log(`${req.method} ${req.url} ${status}`);
    res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
  };
  const match = HASH.exec(req.url ?? '');
  if (!match) return done(404, 'not found');
  if (values.token && req.headers.authorization !== `Bearer ${values.token}`)
    return done(401, 'missing or wrong token');
  const file = path.join(dir, match[1]);
  if (req.method === 'GET') {
    if (!existsSync(file)) return done(404, 'no such record');
    console.log(`GET ${req.url} 200`);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': statSync(file).size });
    return void createReadStream(file).pipe(res);
  }
  if (req.method === 'PUT') {
    if (existsSync(file)) {
      req.resume();
      return done(409, 'cannot override an existing record');
    }
    // Written aside, then renamed: a reader never gets half an archive.
    const partial = `${file}.${process.pid}.${Date.now()}.part`;
    const out = createWriteStream(partial);
    req.pipe(out);
    out.on('finish', () => {
      renameSync(partial, file);
      done(202);
    });
    req.on('error', () => {
      rmSync(partial, { force: true });
      done(400, 'upload broken');
    });
    return undefined;
  }
  return done(405, 'method not allowed');
});
server.listen(Number(values.port), '127.0.0.1', () => {
  console.log(`nx-cache-server listening on http://127.0.0.1:${server.address().port}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
