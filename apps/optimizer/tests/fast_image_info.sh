#!/bin/sh
# The image records what it was built as (devops/docker_build/install_packages.sh).
grep -q "^opt " /etc/releasable/image-info
