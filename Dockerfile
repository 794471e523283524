# syntax=docker/dockerfile:1
# canvasctl as an image: built on the official Swift image, run on Debian 12 slim as a non-root
# user, with `canvasctl` as the entry point. docs/install.md explains building and running it.
#
#   docker build -t canvasctl .                 # the plain image (the last stage, `runtime`)
#   docker build --target ci -t canvasctl:ci .  # the same, plus git, curl and jq for CI jobs
#   docker run --rm -v "$PWD:/work" canvasctl validate manifests
#
# The Swift image's Debian (bookworm) is the runtime's: the binary links the Swift runtime and
# Foundation in (--static-swift-stdlib) and needs from the system only glibc, libstdc++, libyaml
# and mimalloc.

ARG SWIFT_IMAGE=swift:6.3.1-bookworm
ARG DEBIAN_IMAGE=debian:bookworm-slim

FROM ${SWIFT_IMAGE} AS build
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libyaml-dev libmimalloc-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# SwiftPM reads the manifest only when every target's folder exists: the test and fuzz targets'
# folders come along (.dockerignore leaves out their data).
COPY Package.swift ./
COPY Sources Sources
COPY Fuzz Fuzz
COPY Tests Tests
COPY scripts/install scripts/install
# The release build, the man page and the completions, by the same script as a local install. The
# build folder is a cache mount: a rebuild after a source change is incremental.
RUN --mount=type=cache,target=/src/.build-release scripts/install /out

FROM ${DEBIAN_IMAGE} AS base
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates libyaml-0-2 libmimalloc2.0 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 10001 --user-group --create-home --home-dir /home/canvasctl --shell /bin/bash canvasctl \
    && mkdir /work && chown canvasctl:canvasctl /work
COPY --from=build /out/ /usr/local/
# The folder docker run mounts the manifests on. canvasctl writes the state beside the first
# manifest path and --endpoint local's data under .canvasctl/ there, so the user must be able to
# write it (docker run --user "$(id -u):$(id -g)" for a mounted folder of your own).
WORKDIR /work
ENV NO_COLOR=1

# For CI jobs that run their scripts in this image (examples/ci/gitlab): git to look up the branch's
# tip, curl and jq to post the plan on the merge request.
FROM base AS ci
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends git curl jq \
    && rm -rf /var/lib/apt/lists/*
USER canvasctl
RUN canvasctl --version
ENTRYPOINT ["canvasctl"]
CMD ["--help"]

FROM base AS runtime
USER canvasctl
RUN canvasctl --version
ENTRYPOINT ["canvasctl"]
CMD ["--help"]
