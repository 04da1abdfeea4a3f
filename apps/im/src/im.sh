#!/bin/sh
# Market data ingestion: prints a greeting with the image version it runs in.
greet() {
  echo "im says hello to ${1:-world} (image ${AM_CONTAINER_VERSION:-none})"
}
