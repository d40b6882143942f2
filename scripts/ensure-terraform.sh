#!/usr/bin/env bash
# Prints the absolute path of a Terraform-compatible CLI. Uses terraform from
# PATH; on a machine without one, builds OpenTofu from the Go module proxy
# (about 8 minutes on 2 cores; cached in .cache/tofu) since nothing else can
# be downloaded here.
set -euo pipefail
if bin=$(command -v terraform 2>/dev/null); then
  echo "$bin"
  exit 0
fi
cd "$(dirname "$0")/.."
cache=$PWD/.cache/tofu
version=${TOFU_VERSION:-v1.10.10}
if [ ! -x "$cache/terraform" ]; then
  echo "terraform is not on PATH: building OpenTofu $version from the Go module proxy into $cache" >&2
  tmp=$(mktemp -d)
  (cd "$tmp" && go mod download -json "github.com/opentofu/opentofu@$version" >/dev/null)
  src=$(go env GOMODCACHE)/github.com/opentofu/opentofu@$version
  mkdir -p "$cache"
  (cd "$src" && GOFLAGS=-mod=mod go build -o "$cache/terraform" ./cmd/tofu) >&2
  rm -rf "$tmp"
fi
echo "$cache/terraform"
