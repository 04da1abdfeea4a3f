#!/usr/bin/env bash
# The main job on the embedded default (local engine + local registry on 127.0.0.1:5000):
# release the demo dir `opt` (dev, then prod) with `nx run opt:release-all`, then show what the
# registry and git now hold. Rerunning it is safe: a completed release is a no-op.
# Needs a clean git tree (releases refuse uncommitted changes).
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=${NX_DAEMON:-false}
project=${1:-opt}

bash tools/docker-env/up.sh
[ -d node_modules/nx ] || npm ci --no-audit --no-fund
npm run build --silent

printf '\n== nx run %s:release-all\n' "$project"
npx nx run "$project:release-all" --registries local

image=$(npx nx show project "$project" --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(/image ([^,]+),/.exec(JSON.parse(s).metadata.description)[1]))')
printf '\n== registry 127.0.0.1:5000, %s: ' "$image"
curl -fsS "http://127.0.0.1:5000/v2/$image/tags/list"
printf '\n== git tags of %s: %s\n' "$project" "$(git tag --list "$project-*" | tr '\n' ' ')"
