#!/usr/bin/env bash
# The main job on the embedded default (local engine + local registry on 127.0.0.1:5000):
# release the demo dir `opt` through every image stage with the Nx targets a user would run.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=${NX_DAEMON:-false}
project=${1:-opt}

bash tools/docker-env/up.sh
[ -d node_modules/nx ] || npm ci --no-audit --no-fund

run() { printf '\n== nx run %s\n' "$*"; npx nx run "$@"; }
run "$project:docker-build-local"
run "$project:docker-test"
run "$project:docker-test:slow"
run "$project:docker-tag-dev"
run "$project:docker-qa"
run "$project:docker-push-dev"
run "$project:docker-build-prod"
run "$project:docker-test" --stage prod
run "$project:docker-push-prod"
run "$project:version-check" --stage prod

image=$(npx nx show project "$project" --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(/image ([^,.]+)/.exec(JSON.parse(s).metadata.description)[1]))')
printf '\n== registry 127.0.0.1:5000 now holds %s with tags: ' "$image"
curl -fsS "http://127.0.0.1:5000/v2/$image/tags/list"; echo
