#!/bin/sh
# The container version is baked into the image and passed by compose.
test -n "${AM_CONTAINER_VERSION:-}"
