#!/bin/sh
# Research and trading code: prints a greeting with the image version it runs in.
greet() {
  echo "cmamp says hello to ${1:-world} (image ${AM_CONTAINER_VERSION:-none})"
}
