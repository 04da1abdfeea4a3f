#!/bin/sh
# Linters and developer tools: prints a greeting with the image version it runs in.
greet() {
  echo "dev_tools says hello to ${1:-world} (image ${AM_CONTAINER_VERSION:-none})"
}
