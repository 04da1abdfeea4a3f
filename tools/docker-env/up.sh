#!/usr/bin/env bash
# Brings up what releasable needs on a machine with no Docker engine running:
# dockerd, local registries on loopback, and the local base image of the demo dirs.
# Idempotent: anything already answering is left alone. Needs root for apt/dockerd.
#
#   bash tools/docker-env/up.sh            # engine + registry :5000 + base image
#   REGISTRY_PORTS="5000 5001" bash tools/docker-env/up.sh
set -euo pipefail

STATE_DIR=${RELEASABLE_ENV_DIR:-/var/lib/releasable-env}
REGISTRY_PORTS=${REGISTRY_PORTS:-5000 5001}
BASE_IMAGE=${RELEASABLE_BASE_IMAGE:-releasable/base:busybox}

log() { printf '[docker-env] %s\n' "$*"; }
need_root() { [ "$(id -u)" = 0 ] || { log "must run as root to $1"; exit 1; }; }

install_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  command -v skopeo >/dev/null || missing+=(skopeo)
  command -v htpasswd >/dev/null || missing+=(apache2-utils)
  [ -x /bin/busybox ] || missing+=(busybox-static)
  command -v curl >/dev/null || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    need_root "install ${missing[*]}"
    log "installing ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  fi
}

start_engine() {
  if docker info >/dev/null 2>&1; then log "engine answers"; return; fi
  need_root "start dockerd"
  mkdir -p "$STATE_DIR/dockerd-data"
  log "starting dockerd (log: $STATE_DIR/dockerd.log)"
  nohup dockerd --data-root "$STATE_DIR/dockerd-data" >"$STATE_DIR/dockerd.log" 2>&1 &
  for _ in $(seq 1 120); do docker info >/dev/null 2>&1 && { log "engine up"; return; }; sleep 0.5; done
  log "dockerd did not answer within 60 s; last lines of its log:"; tail -20 "$STATE_DIR/dockerd.log"; exit 1
}

start_registry() {
  local port=$1 dir="$STATE_DIR/registry-$1"
  if curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1; then log "registry :$port answers"; return; fi
  mkdir -p "$dir/data"
  cat >"$dir/config.yml" <<YML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
YML
  log "starting registry on 127.0.0.1:$port (log: $dir/registry.log)"
  nohup docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
  for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && return; sleep 0.5; done
  log "registry :$port did not answer; its log:"; tail -20 "$dir/registry.log"; exit 1
}

# No image can be pulled here, so the demo dirs' default base image is a busybox
# rootfs imported locally. Real users pass --base-image (e.g. python:3.11-slim).
build_base_image() {
  if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then log "base image $BASE_IMAGE present"; return; fi
  local rootfs
  rootfs=$(mktemp -d)
  mkdir -p "$rootfs"/{bin,tmp,etc,root,app,proc,sys,dev}
  chmod 1777 "$rootfs/tmp"
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\n' >"$rootfs/etc/group"
  log "importing $BASE_IMAGE from busybox-static"
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/bin' --change 'CMD ["sh"]' - "$BASE_IMAGE" >/dev/null
  rm -rf "$rootfs"
}

install_packages
start_engine
for port in $REGISTRY_PORTS; do start_registry "$port"; done
build_base_image
log "ready: DOCKER_HOST=${DOCKER_HOST:-unix:///var/run/docker.sock}, registries: $REGISTRY_PORTS, base image: $BASE_IMAGE"
