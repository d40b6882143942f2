#!/usr/bin/env bash
# make demo: build the provider, start the local AList test server (unless
# ALIST_URL is set), apply examples/quickstart, fetch the uploaded file, clean up.
# It never touches ~/.terraformrc: Terraform is pointed at a CLI config of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
TERRAFORM=${TERRAFORM:-$(command -v terraform || true)}
[ -x "$TERRAFORM" ] || { echo "error: make demo needs the terraform CLI on PATH" >&2; exit 1; }

demo=$top/.demo
rm -rf "$demo"
mkdir -p "$demo/bin" "$demo/work"

if [ -t 1 ]; then step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }; else step() { printf '\n==> %s\n' "$*"; }; fi

step "Building the provider"
go build -o "$demo/bin/terraform-provider-alist" .
cat > "$demo/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "alist-terraform/alist" = "$demo/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE=$demo/terraformrc CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

if [ -z "${ALIST_URL:-}" ]; then
  step "Starting the local AList test server"
  go build -o "$demo/bin/alisttest-server" ./internal/alisttest/cmd/alisttest-server
  "$demo/bin/alisttest-server" -addr 127.0.0.1:0 -url-file "$demo/url" -dir "$demo/storage" >"$demo/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do [ -s "$demo/url" ] && break; sleep 0.1; done
  [ -s "$demo/url" ] || { cat "$demo/server.log" >&2; echo "error: the test server did not start" >&2; exit 1; }
  export ALIST_URL=$(cat "$demo/url") ALIST_USERNAME=admin ALIST_PASSWORD=admin-pass-123
  export TF_VAR_storage_dir=$demo/storage/local/quickstart # where the bundled server keeps /local/quickstart
  echo "server: $ALIST_URL (user admin)"
else
  echo "using the AList server at $ALIST_URL"
  [ -z "${ALIST_DEMO_ROOT:-}" ] || export TF_VAR_root=$ALIST_DEMO_ROOT
fi

cp -r examples/quickstart/. "$demo/work/"
cd "$demo/work"

step "terraform apply examples/quickstart"
# The dev-override warning block is expected here: drop it, keep the rest.
"$TERRAFORM" apply -auto-approve -input=false -no-color 2>&1 | sed -e '/^Warning: Provider development overrides/,+8d' -e '/^ *$/d' || true
[ -f terraform.tfstate ] && "$TERRAFORM" output -raw raw_url >/dev/null 2>&1 || { echo "error: terraform apply failed" >&2; exit 1; }

url=$("$TERRAFORM" output -raw raw_url)
step "Fetching $url"
fetched=$(curl -fsS "$url")
printf '%s\n' "$fetched"

step "terraform plan (expect no changes)"
"$TERRAFORM" plan -detailed-exitcode -input=false -no-color >plan.log 2>&1 && echo "No changes: the server matches the configuration." || { cat plan.log; exit 1; }

step "terraform destroy"
"$TERRAFORM" destroy -auto-approve -input=false -no-color 2>&1 | grep -E 'Destroy complete|Error' || true
step "Done. The file AList served from the raw_url of alist_file.hello was:"
printf '%s\n' "$fetched"
