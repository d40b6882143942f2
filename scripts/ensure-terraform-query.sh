#!/usr/bin/env bash
# Prints the absolute path of a Terraform >= 1.14, the first with
# `terraform query` (list resources). Uses $TERRAFORM or the terraform on PATH
# when it is new enough; otherwise builds Terraform from the Go module proxy,
# since nothing else can be downloaded here, and caches the binary outside the
# clone, keyed by version, so later runs on the same machine reuse it.
#
# The proxy's module zip of github.com/hashicorp/terraform leaves out its
# nested modules (the remote-state backends azure, consul, cos, gcs,
# kubernetes, oci, oss, pg, s3, and internal/legacy): a plain build fails. The
# build drops their require/replace lines from a copy of go.mod and their
# registrations from internal/backend/init/init.go; the CLI it gives lacks
# only those state backends (the local backend, which the tests use, stays).
set -euo pipefail
version=${TERRAFORM_QUERY_VERSION:-v1.15.9}
min_minor=14

new_enough() { # $1: a CLI; true when it is Terraform (not OpenTofu) >= 1.14
  local v
  # The whole output, not `| head -1`: under pipefail, head closing the pipe
  # early can fail the check at random.
  v=$(TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$1" version 2>/dev/null) || return 1
  [[ $v =~ ^Terraform\ v1\.([0-9]+)\. ]] && [ "${BASH_REMATCH[1]}" -ge $min_minor ]
}

for cand in "${TERRAFORM:-}" "$(command -v terraform 2>/dev/null || true)"; do
  if [ -n "$cand" ] && new_enough "$cand"; then
    echo "$cand"
    exit 0
  fi
done

cache=${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-alist/terraform/$version
if [ -x "$cache/terraform" ] && new_enough "$cache/terraform"; then
  echo "$cache/terraform"
  exit 0
fi

echo "no Terraform >= 1.$min_minor on PATH: building Terraform $version from the Go module proxy into $cache (about 10 minutes on 2 cores, once per machine)" >&2
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
(cd "$tmp" && go mod download -json "github.com/hashicorp/terraform@$version" >/dev/null) || {
  echo "error: cannot fetch Terraform $version from the Go module proxy ($(go env GOPROXY)); install Terraform >= 1.$min_minor on PATH or set TERRAFORM" >&2
  exit 1
}
src=$(go env GOMODCACHE)/github.com/hashicorp/terraform@$version
cp -r "$src" "$tmp/src"
chmod -R u+w "$tmp/src"
cd "$tmp/src"
missing='internal/backend/remote-state/(azure|consul|cos|gcs|kubernetes|oci|oss|pg|s3)|internal/legacy'
grep -Ev "github.com/hashicorp/terraform/($missing) " go.mod >go.mod.new && mv go.mod.new go.mod
# The imports and the map entries of the missing backends.
grep -Ev "\"github.com/hashicorp/terraform/($missing)\"|backend(Azure|Consul|Cos|GCS|Kubernetes|OCI|OSS|Pg|S3)\.New\(\)" \
  internal/backend/init/init.go >init.go.new && mv init.go.new internal/backend/init/init.go
# The release build's flags: no dev suffix in the version it reports.
GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -o "$tmp/terraform" \
  -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" . >&2
mkdir -p "$cache"
mv "$tmp/terraform" "$cache/terraform"
new_enough "$cache/terraform" || { echo "error: the Terraform built from $version does not report >= 1.$min_minor" >&2; exit 1; }
echo "$cache/terraform"
