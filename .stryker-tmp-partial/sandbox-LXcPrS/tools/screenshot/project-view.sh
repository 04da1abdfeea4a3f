#!/usr/bin/env bash
# A picture of Nx's project view of one releasable dir (targets grouped Build / Test / Release /
# Run), taken with headless Chromium: what `nx show project <name> --web` shows a user.
# Usage: bash tools/screenshot/project-view.sh [project] [out.png]   (defaults: opt, reports/project-view-opt.png)
set -euo pipefail
cd "$(dirname "$0")/../.."
project=${1:-opt}
out=$(realpath -m "${2:-reports/project-view-$project.png}")
mkdir -p "$(dirname "$out")"
if ! command -v chromium >/dev/null; then
  echo "[screenshot] installing chromium (apt)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
fi
log=$(mktemp)
# Its own process group, so the server and Nx's plugin workers stop together at the end.
setsid env NX_DAEMON=false node_modules/.bin/nx show project "$project" --web --open=false >"$log" 2>&1 &
server=$!
trap 'kill -- -"$server" 2>/dev/null || true; rm -f "$log"' EXIT
url=""
for _ in $(seq 1 120); do
  url=$(grep -o 'http://[^ ]*project-details/[^ ]*' "$log" | head -1 || true)
  [ -n "$url" ] && break
  sleep 0.5
done
if [ -z "$url" ]; then
  echo "[screenshot] nx did not start the project view:" >&2
  cat "$log" >&2
  exit 1
fi
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,1800 \
  --virtual-time-budget=20000 --screenshot="$out" "$url" 2>/dev/null
echo "[screenshot] $url → $out"
