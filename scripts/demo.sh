#!/usr/bin/env bash
# make demo: build the provider, start the local AList test server (unless
# ALIST_URL is set), apply examples/quickstart, fetch the uploaded file, clean up.
# It never touches ~/.terraformrc: Terraform is pointed at a CLI config of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
TERRAFORM=${TERRAFORM:-$(command -v terraform || true)}
[ -x "$TERRAFORM" ] || { echo "error: make demo needs the terraform CLI on PATH (Terraform >= 1.11 or OpenTofu >= 1.11)" >&2; exit 1; }
command -v curl >/dev/null || { echo "error: make demo needs curl on PATH, to download the published file as a visitor would (e.g. apt-get install curl)" >&2; exit 1; }

demo=$top/.demo
# A failed destroy against a real server leaves its state here, with a note:
# keep it until the user has dealt with what is left on that server.
if [ -f "$demo/LEFT-ON-SERVER" ]; then
  cat "$demo/LEFT-ON-SERVER" >&2
  echo "error: a previous make demo left the resources above; destroy them (see above) or remove $demo to forget them" >&2
  exit 1
fi
rm -rf "$demo"
mkdir -p "$demo/bin" "$demo/work"

if [ -t 1 ]; then step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }; else step() { printf '\n==> %s\n' "$*"; }; fi

root=/local/quickstart
if [ -n "${ALIST_URL:-}" ]; then
  root=${ALIST_DEMO_ROOT:-$root}
  if [ -z "${ALIST_TOKEN:-}" ] && { [ -z "${ALIST_USERNAME:-}" ] || [ -z "${ALIST_PASSWORD:-}" ]; }; then
    echo "error: with ALIST_URL set, make demo logs in as ALIST_USERNAME/ALIST_PASSWORD (or ALIST_TOKEN): set them to an admin account" >&2
    exit 1
  fi
  export TF_VAR_root=$root
  cat <<MSG
make demo against the AList server at $ALIST_URL, as ${ALIST_USERNAME:-the ALIST_TOKEN account}.
It needs an ADMIN account (a meta and a storage are admin-only) and creates, then destroys:
  - files under $root (ALIST_DEMO_ROOT): hello.txt, config/app.yaml (overwriting files of those names)
    and the folder site/ (alist_directory_sync of examples/quickstart/site); empty folders stay
  - a meta (a folder password and hidden names) on $root/site/drafts
  - only if TF_VAR_storage_dir names $root's folder on the server's disk: the folder $root/backup-disk,
    mounted as a storage at /quickstart-backup, and the site mirrored into it by the server's copy tasks
$root must lie in a writable storage. If the destroy fails, make demo says what may be left.
MSG
fi

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
applied=""
cleanup() {
  local status=$?
  # Whatever failed after the apply began, what it created goes again.
  if [ -n "$applied" ]; then destroy || status=1; fi
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  exit "$status"
}
trap cleanup EXIT

# The dev-override warning block is expected: drop it, keep the rest.
quiet_override() { sed -e '/^Warning: Provider development overrides/,+8d' -e '/^ *$/d'; }

destroy() {
  applied=""
  step "terraform destroy"
  local out rc left
  out=$("$TERRAFORM" destroy -auto-approve -input=false -no-color 2>&1) && rc=0 || rc=$?
  if [ "$rc" -eq 0 ]; then printf '%s\n' "$out" | grep -E 'Destroy complete' || true; return 0; fi
  printf '%s\n' "$out" | quiet_override >&2
  [ -z "$server_pid" ] || { echo "error: terraform destroy failed (exit $rc) on the local test server, which is removed anyway" >&2; return 1; }
  left=$("$TERRAFORM" state list 2>/dev/null | grep -v '^data\.' || true)
  {
    echo "error: terraform destroy failed (exit $rc) against $ALIST_URL; these may be left on that server:"
    printf '%s\n' "$left" | sed 's/^/  /'
    echo "  (files and folders under $root, the meta on $root/site/drafts$(grep -q alist_storage <<<"$left" && echo ', the storage at /quickstart-backup'))"
    echo "To retry, with the same ALIST_URL, ALIST_USERNAME and ALIST_PASSWORD (or ALIST_TOKEN) set:"
    echo "  cd $demo/work && TF_CLI_CONFIG_FILE=$demo/terraformrc TF_VAR_root=$root $TERRAFORM destroy && rm -rf $demo"
  } | tee "$demo/LEFT-ON-SERVER" >&2
  return 1
}

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
fi

cp -r examples/quickstart/. "$demo/work/"
cd "$demo/work"

step "terraform apply examples/quickstart"
applied=yes
set +e
"$TERRAFORM" apply -auto-approve -input=false -no-color 2>&1 | quiet_override
rc=${PIPESTATUS[0]}
set -e
[ "$rc" -eq 0 ] || { echo "error: terraform apply failed (exit $rc)" >&2; exit 1; }

backup=$("$TERRAFORM" output -json backup)
[ "$backup" = "[]" ] || { step "The site, mirrored onto the backup storage by the server's copy tasks"; echo "$backup"; }

url=$("$TERRAFORM" output -raw raw_url)
step "Fetching $url"
fetched=$(curl -fsS "$url")
printf '%s\n' "$fetched"

step "terraform plan (expect no changes)"
"$TERRAFORM" plan -detailed-exitcode -input=false -no-color >plan.log 2>&1 && echo "No changes: the server matches the configuration." || { cat plan.log; echo "error: the plan after apply is not empty" >&2; exit 1; }

destroy
step "Done. The file AList served from the raw_url of alist_file.hello was:"
printf '%s\n' "$fetched"
