#!/bin/sh
# Portfolio optimizer service: prints a greeting with the image version it runs in.
greet() {
  echo "opt says hello to ${1:-world} (image ${AM_CONTAINER_VERSION:-none})"
}
