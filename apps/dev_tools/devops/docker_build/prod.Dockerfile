# Prod image: the dev image of the same major.minor with the code copied in.
ARG DEV_IMAGE
FROM ${DEV_IMAGE}
# Prod images carry their full X.Y.Z (dev images carry X.Y.0). The build arg has its own name:
# the dev image's ENV AM_CONTAINER_VERSION would shadow an ARG of the same name.
ARG PROD_VERSION
ENV AM_CONTAINER_VERSION=${PROD_VERSION}
COPY . /app
WORKDIR /app
