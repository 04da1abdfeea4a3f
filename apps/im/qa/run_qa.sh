#!/bin/sh
# QA from the host: the image given as $1 must answer with its baked-in version.
set -eu
image=${1:?usage: run_qa.sh <image>}
version=$(docker run --rm "$image" sh -c 'echo "$AM_CONTAINER_VERSION"')
[ -n "$version" ] || { echo "QA: $image has no AM_CONTAINER_VERSION"; exit 1; }
echo "QA: $image reports version $version"
