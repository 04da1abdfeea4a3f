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
  command -v ip >/dev/null || missing+=(iproute2) # the second engine's bridge
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

# start_registry PORT [auth|readonly]: a registry on loopback. With "auth", pushes and pulls
# need htpasswd login $AUTH_REGISTRY_USER / $AUTH_REGISTRY_PASSWORD; "readonly" serves reads and
# denies every push. The tests use both for refused reads and denied pushes.
AUTH_REGISTRY_PORT=${AUTH_REGISTRY_PORT:-5002}
AUTH_REGISTRY_USER=${AUTH_REGISTRY_USER:-releasable}
AUTH_REGISTRY_PASSWORD=${AUTH_REGISTRY_PASSWORD:-releasable-test-secret}
start_registry() {
  local port=$1 mode=${2:-open} dir="$STATE_DIR/registry-$1" auth='' readonly=''
  if curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/" 2>/dev/null | grep -qE '^(200|401)$'; then log "registry :$port answers"; return; fi
  mkdir -p "$dir/data"
  if [ "$mode" = auth ]; then
    htpasswd -Bbn "$AUTH_REGISTRY_USER" "$AUTH_REGISTRY_PASSWORD" >"$dir/htpasswd"
    auth="auth:
  htpasswd:
    realm: releasable-test
    path: $dir/htpasswd"
  fi
  if [ "$mode" = readonly ]; then
    readonly="  maintenance:
    readonly:
      enabled: true"
  fi
  cat >"$dir/config.yml" <<YML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
$readonly
http:
  addr: 127.0.0.1:$port
$auth
YML
  log "starting registry on 127.0.0.1:$port (log: $dir/registry.log)"
  nohup docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
  for _ in $(seq 1 60); do
    curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/" 2>/dev/null | grep -qE '^(200|401)$' && return
    sleep 0.5
  done
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

# The python and node kinds of the releasable-dir generator need an image with python3 +
# pytest and node. Python's and Node's images cannot be pulled here, so a Debian rootfs with
# Debian's packages (from the machine's own apt mirror) is imported instead. Its pip may
# install into the system (no PEP 668 marker), so "pip install pytest" finds it installed.
LANG_BASE_IMAGE=${RELEASABLE_LANG_BASE_IMAGE:-releasable/base:debian}
build_lang_base_image() {
  if docker image inspect "$LANG_BASE_IMAGE" >/dev/null 2>&1; then log "base image $LANG_BASE_IMAGE present"; return; fi
  command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null
  local rootfs mirror
  rootfs=$(mktemp -d)
  mirror=$(grep -hoE '^URIs: *\S+' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 | awk '{print $2}')
  mirror=${mirror:-http://deb.debian.org/debian}
  log "building $LANG_BASE_IMAGE (debootstrap from $mirror: python3, pytest, pip, nodejs)"
  if ! debootstrap --variant=minbase --include=python3-pytest,python3-pip,nodejs bookworm "$rootfs" "$mirror" \
    >"$rootfs.log" 2>&1; then
    log "debootstrap failed; its log:"; tail -20 "$rootfs.log"; rm -rf "$rootfs" "$rootfs.log"; exit 1
  fi
  rm -f "$rootfs"/usr/lib/python3*/EXTERNALLY-MANAGED
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import --change 'CMD ["/bin/sh"]' - "$LANG_BASE_IMAGE" >/dev/null
  rm -rf "$rootfs" "$rootfs.log"
}

# A second engine next to the first, for tests of two CI agents on one machine: its own socket,
# data root, exec root and bridge. Never "--bridge none": that deletes the first engine's docker0.
# It gets the busybox base image only (what the distributed tests build from).
SECOND_ENGINE_SOCKET=${RELEASABLE_SECOND_ENGINE_SOCKET:-/var/run/releasable-engine-b.sock}
SECOND_ENGINE_BRIDGE=${RELEASABLE_SECOND_ENGINE_BRIDGE:-rlsbr1}
start_second_engine() {
  local host="unix://$SECOND_ENGINE_SOCKET" dir="$STATE_DIR/engine-b"
  if DOCKER_HOST=$host docker info >/dev/null 2>&1; then log "second engine answers"; else
    need_root "start a second dockerd"
    if ! ip link show "$SECOND_ENGINE_BRIDGE" >/dev/null 2>&1; then
      ip link add name "$SECOND_ENGINE_BRIDGE" type bridge
      ip addr add 172.29.0.1/16 dev "$SECOND_ENGINE_BRIDGE"
      ip link set "$SECOND_ENGINE_BRIDGE" up
    fi
    mkdir -p "$dir/data" "$dir/exec"
    log "starting a second dockerd on $host (log: $dir/dockerd.log)"
    nohup dockerd --host "$host" --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
      --bridge "$SECOND_ENGINE_BRIDGE" --iptables=false >"$dir/dockerd.log" 2>&1 &
    local up=''
    for _ in $(seq 1 120); do DOCKER_HOST=$host docker info >/dev/null 2>&1 && { up=1; break; }; sleep 0.5; done
    [ -n "$up" ] || { log "second dockerd did not answer; its log:"; tail -20 "$dir/dockerd.log"; exit 1; }
  fi
  if ! DOCKER_HOST=$host docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    log "loading $BASE_IMAGE into the second engine"
    docker save "$BASE_IMAGE" | DOCKER_HOST=$host docker load >/dev/null
  fi
}

install_packages
start_engine
for port in $REGISTRY_PORTS; do start_registry "$port"; done
start_registry "$AUTH_REGISTRY_PORT" auth
start_registry "${READONLY_REGISTRY_PORT:-5003}" readonly
build_base_image
build_lang_base_image
[ "${RELEASABLE_SECOND_ENGINE:-1}" = 0 ] || start_second_engine
log "ready: DOCKER_HOST=${DOCKER_HOST:-unix:///var/run/docker.sock} (second engine: unix://$SECOND_ENGINE_SOCKET), registries: $REGISTRY_PORTS, $AUTH_REGISTRY_PORT (htpasswd), ${READONLY_REGISTRY_PORT:-5003} (read-only), base images: $BASE_IMAGE, $LANG_BASE_IMAGE"
