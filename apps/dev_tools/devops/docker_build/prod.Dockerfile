# Prod image: the dev image of the same major.minor with the code copied in.
ARG DEV_IMAGE
FROM ${DEV_IMAGE}
COPY . /app
WORKDIR /app
