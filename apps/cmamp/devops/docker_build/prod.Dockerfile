# Prod image: the dev image of the same major.minor with the code copied in.
ARG DEV_IMAGE
FROM ${DEV_IMAGE}
# Prod images carry their full X.Y.Z (dev images carry X.Y.0).
ARG AM_CONTAINER_VERSION
ENV AM_CONTAINER_VERSION=${AM_CONTAINER_VERSION}
COPY . /app
WORKDIR /app
