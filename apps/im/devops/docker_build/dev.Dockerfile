# Dev image: the tools the code needs. The code itself is mounted at run time
# (docker-bash, docker-cmd, docker-test), so a code change needs no rebuild.
# BASE_IMAGE is a build arg: point it at e.g. python:3.11-slim in a real project;
# the default is the busybox image tools/docker-env/up.sh builds locally.
ARG BASE_IMAGE=releasable/base:busybox
FROM ${BASE_IMAGE}
ARG AM_CONTAINER_VERSION
ENV AM_CONTAINER_VERSION=${AM_CONTAINER_VERSION}
COPY devops/docker_build/install_packages.sh /install/install_packages.sh
RUN sh /install/install_packages.sh
WORKDIR /app
