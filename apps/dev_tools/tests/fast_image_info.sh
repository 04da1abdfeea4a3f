#!/bin/sh
# The image records what it was built as (devops/docker_build/install_packages.sh).
grep -q "^dev_tools " /etc/releasable/image-info
