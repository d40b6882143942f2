#!/usr/bin/env bash
# Prints the absolute path of a Terraform-compatible CLI. Uses terraform from
# PATH; on a machine without one, builds OpenTofu from the Go module proxy
# (about 8 minutes on 2 cores; cached in .cache/tofu/<version>) since nothing else can
# be downloaded here. The OpenTofu version must have write-only attributes
# (OpenTofu >= 1.11; 1.10 refuses every *_wo attribute) and be on the proxy:
# `go list -m -versions github.com/opentofu/opentofu` lists them.
set -euo pipefail
if bin=$(command -v terraform 2>/dev/null); then
  echo "$bin"
  exit 0
fi
cd "$(dirname "$0")/.."
version=${TOFU_VERSION:-v1.12.6}
cache=$PWD/.cache/tofu/$version
if [ ! -x "$cache/terraform" ]; then
  echo "terraform is not on PATH: building OpenTofu $version from the Go module proxy into $cache (about 8 minutes on 2 cores)" >&2
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && go mod download -json "github.com/opentofu/opentofu@$version" >/dev/null) || {
    echo "error: cannot fetch OpenTofu $version from the Go module proxy ($(go env GOPROXY)); install Terraform >= 1.11 or OpenTofu >= 1.11 on PATH" >&2
    exit 1
  }
  src=$(go env GOMODCACHE)/github.com/opentofu/opentofu@$version
  mkdir -p "$cache"
  # version.dev=no: report the release's version (as OpenTofu's own release
  # builds do), not "$version-dev".
  (cd "$src" && GOFLAGS=-mod=mod go build -o "$tmp/terraform" \
    -ldflags "-X github.com/opentofu/opentofu/version.dev=no" ./cmd/tofu) >&2
  mv "$tmp/terraform" "$cache/terraform"
fi
echo "$cache/terraform"
