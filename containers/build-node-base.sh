#!/usr/bin/env bash
# Builds a Node base image from this machine's own Node installation, for machines that reach no
# container registry (the images' default base, the official Node image, cannot be pulled there).
# The image is a minimal root file system imported with `docker import`: the `node` binary and the
# shared libraries `ldd` lists, npm (for the images' dependency stage), `env` (npm's shebang), the
# machine's CA bundle, and a non-root user `node` (uid 1000, as in the official image). No shell,
# no package manager. Node carries its own time-zone data (ICU), so tzdata is not needed.
#
#   containers/build-node-base.sh [tag]    prints the tag; pass it as --build-arg NODE_IMAGE=<tag>
set -euo pipefail

node_bin=$(readlink -f "$(command -v node)")
version=$("$node_bin" --version)
tag=${1:-auth0-okta-workforce-harness/node-local:${version#v}}
npm_dir=$(readlink -f "$(npm root -g)/npm")
env_bin=$(readlink -f "$(command -v env)")

[ -x "$node_bin" ] || { echo "node not found on PATH" >&2; exit 1; }
[ -f "$npm_dir/bin/npm-cli.js" ] || { echo "npm not found under $(npm root -g)" >&2; exit 1; }
command -v docker >/dev/null || { echo "docker is not installed (Debian: apt-get install -y docker.io)" >&2; exit 1; }

# The same Node and npm as last time: keep the image (and the build cache of the images on it).
fingerprint=$(cat "$node_bin" "$npm_dir/package.json" "$env_bin" /etc/ssl/certs/ca-certificates.crt | sha256sum | cut -c1-16)
if [ "$(docker image inspect --format '{{ index .Config.Labels "node-local.fingerprint" }}' "$tag" 2>/dev/null)" = "$fingerprint" ]; then
  echo "$tag"
  exit 0
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

# Each binary with every library the dynamic loader resolves for it, at the same paths.
copy_with_libraries() {
  local bin=$1 target=$2
  install -D -m 0755 "$bin" "$root$target"
  ldd "$bin" | grep -oE '/[^ ]+' | while read -r lib; do
    install -D -m 0755 "$(readlink -f "$lib")" "$root$lib"
  done
}
copy_with_libraries "$node_bin" /usr/local/bin/node
copy_with_libraries "$env_bin" /usr/bin/env

mkdir -p "$root/usr/local/lib/node_modules"
cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"

install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nnode:x:1000:1000::/home/node:/usr/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' >"$root/etc/group"
mkdir -p "$root/tmp" "$root/root" "$root/home/node"
chmod 1777 "$root/tmp"
chmod 0700 "$root/root"
chown 1000:1000 "$root/home/node"

echo "Importing $tag (node $version, $(du -sh "$root" | cut -f1) uncompressed)…" >&2
tar -C "$root" --numeric-owner -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'ENV NODE_VERSION='"${version#v}" \
  --change 'CMD ["node"]' \
  --change "LABEL node-local.fingerprint=$fingerprint" \
  - "$tag" >/dev/null
echo "$tag"
