#!/bin/sh
# Installs the image's packages. The demo base image has everything already;
# record what the image was built with, so tests can check it.
set -eu
mkdir -p /etc/releasable
echo "opt ${AM_CONTAINER_VERSION:-unknown}" > /etc/releasable/image-info
