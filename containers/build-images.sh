#!/usr/bin/env bash
# Builds the two images: auth0-okta-workforce-harness/emulators and …/demo-app (tag `latest`).
#
#   containers/build-images.sh                 on the official Node image (needs a registry)
#   containers/build-images.sh --local-base    on a base image made from this machine's Node
#                                              (containers/build-node-base.sh), for machines that
#                                              reach no container registry
#
# NODE_IMAGE=<image> chooses another base; IMAGE_PREFIX (default auth0-okta-workforce-harness)
# names the images. Prints each image's size when done.
set -euo pipefail
cd "$(dirname "$0")/.."

prefix=${IMAGE_PREFIX:-auth0-okta-workforce-harness}
node_image=${NODE_IMAGE:-node:20-bookworm-slim}
build_args=()
case "${1:-}" in
  --local-base)
    node_image=$(containers/build-node-base.sh)
    # The local base carries this machine's CA bundle: npm in the build stage trusts what this machine trusts.
    build_args+=(--build-arg NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt)
    ;;
  "") ;;
  *) echo "Usage: $0 [--local-base]" >&2; exit 2 ;;
esac

# Without the buildx plugin, the classic builder (the Dockerfile needs nothing else).
docker buildx version >/dev/null 2>&1 || export DOCKER_BUILDKIT=0

for target in emulators demo-app; do
  echo "Building $prefix/$target on $node_image…" >&2
  docker build --quiet -f containers/Dockerfile --target "$target" --build-arg "NODE_IMAGE=$node_image" "${build_args[@]}" \
    --label "org.opencontainers.image.revision=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    -t "$prefix/$target:latest" . >/dev/null
done
docker image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E "^$prefix/(emulators|demo-app|node-local)" >&2
