#!/usr/bin/env bash
# The commands behind the RUN lines of service.Dockerfile and simulator.Dockerfile, in one script so that
# infrastructure/docker/dockerfile.int.test.ts runs exactly what an image build runs, on a machine without
# Docker. Run from the repository root (the images' WORKDIR, /app):
#   manifests                    keep only package.json files, the lockfile and this script (npm ci's cache layer)
#   install                      every dependency, dev ones included, as locked
#   generate                     each service's Prisma client (src/generated/prisma, bundled into dist/)
#   build <workspace>            that workspace's npm `build` script (scripts/build/bundle.mjs -> dist/)
#   production-deps <workspace>  the production dependencies of that workspace only
set -euo pipefail

# The cache mount (or the machine's cache) is trusted: the lockfile pins every tarball by its hash.
# Install scripts stay off: the build needs none (Prisma's clients are generated below, esbuild ships its
# binary as an optional package), and a dependency's script never runs with the image builder's rights.
NPM_CI=(npm ci --no-audit --no-fund --prefer-offline --ignore-scripts)

workspace_arg() {
  local workspace=${1:-}
  [[ -n $workspace && -f $workspace/package.json ]] || {
    echo "steps.sh: '$workspace' is not a workspace folder (set the SERVICE / SIMULATOR build argument)" >&2
    exit 2
  }
  echo "$workspace"
}

manifests() {
  find . -type f ! -name package.json ! -name package-lock.json ! -path ./infrastructure/docker/steps.sh -delete
  find . -mindepth 1 -type d -empty -delete
}

install() {
  "${NPM_CI[@]}"
  # The `node` npm package pins Node 24 for machines whose own Node is older; the image's Node is 24
  # already, and without its install script the package's bin is a stub that must not shadow it.
  rm -f node_modules/.bin/node
}

# In parallel, like scripts/lib/migrate.sh; prisma.config.ts supplies the DATABASE_URL `generate` wants.
generate() {
  local schema status=0
  for schema in services/*/prisma/schema.prisma; do
    (cd "$(dirname "$(dirname "$schema")")" && npx --no-install prisma generate >/dev/null) &
  done
  for job in $(jobs -p); do wait "$job" || status=1; done
  ((status == 0)) || { echo "steps.sh: prisma generate failed; run it in the service folder to see why" >&2; exit 1; }
}

build() {
  npm run build --workspace "$(workspace_arg "${1:-}")"
}

production_deps() {
  "${NPM_CI[@]}" --omit=dev --workspace "$(workspace_arg "${1:-}")"
}

step=${1:-}
shift || true
case $step in
  manifests) manifests ;;
  install) install ;;
  generate) generate ;;
  build) build "$@" ;;
  production-deps) production_deps "$@" ;;
  *)
    echo "usage: steps.sh manifests | install | generate | build <workspace> | production-deps <workspace>" >&2
    exit 2
    ;;
esac
