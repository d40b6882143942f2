#!/usr/bin/env bash
# make test-external: the acceptance suite against cmd/alisttest-server
# running as a separate process, reached only through ALIST_URL,
# ALIST_USERNAME, ALIST_PASSWORD and ALIST_TEST_ROOT, exactly as against a
# real server; once per flavour. Fails when a test fails or skips for any
# reason other than the documented local-only ones; prints the skip list.
set -euo pipefail
cd "$(dirname "$0")/.."
TERRAFORM=${TERRAFORM:-$(command -v terraform || true)}
[ -x "$TERRAFORM" ] || { echo "test-external: terraform not found (set TERRAFORM)" >&2; exit 1; }
flavors=${FLAVORS:-alist-v3.38 alist-v3.62 openlist-v4}
# The identity and query tests need Terraform >= 1.14; the rest runs $TERRAFORM.
tfq=${TF_ACC_TERRAFORM_QUERY_PATH:-$(TERRAFORM="$TERRAFORM" ./scripts/ensure-terraform-query.sh)}
echo "test-external: terraform for the suite: $TERRAFORM; for the identity and query tests: $tfq"

work=$(mktemp -d)
pid=""
cleanup() {
  [ -z "$pid" ] || { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
go build -o "$work/alisttest-server" ./internal/alisttest/cmd/alisttest-server

status=0
for flavor in $flavors; do
  # -show-hidden=false: /local hides dot files from listings, as a real
  # Local storage created through the API with only root_folder_path does.
  # /local2: a second storage, for the mirrors between storages.
  "$work/alisttest-server" -flavor "$flavor" -caching-storage /cached -storage /local2 -show-hidden=false -url-file "$work/url" >"$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
  url=$(cat "$work/url" 2>/dev/null || true)
  [ -n "$url" ] || { echo "test-external: the $flavor server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }

  log="$work/test-$flavor.log"
  set +e
  env ALIST_URL="$url" ALIST_USERNAME=admin ALIST_PASSWORD=admin-pass-123 ALIST_TEST_ROOT=/local ALIST_TEST_ROOT2=/local2 ALIST_TEST_CACHED_ROOT=/cached \
    ALIST_TOKEN= ALIST_OTP_CODE= ALIST_OTP_SECRET= \
    TF_ACC=1 TF_ACC_TERRAFORM_PATH="$TERRAFORM" TF_ACC_TERRAFORM_QUERY_PATH="$tfq" CHECKPOINT_DISABLE=1 \
    go test -count=1 -v -timeout 30m ./internal/provider/... >"$log" 2>&1
  rc=$?
  set -e
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; rm -f "$work/url"

  passed=$(grep -cE -- '^\s*--- PASS: TestAcc' "$log" || true)
  failed=$(grep -cE -- '^\s*--- FAIL' "$log" || true)
  # A skip's reason is the last line its test logged (the tests run one at
  # a time, so "=== RUN" says whose the lines below are).
  skips=$(awk '
    /^=== (RUN|CONT|NAME) / { name = $3; next }
    /^[ \t]+[A-Za-z0-9_]+\.go:[0-9]+: / { line = $0; sub(/^[ \t]+[A-Za-z0-9_]+\.go:[0-9]+: /, "", line); last[name] = line; next }
    /^[ \t]*--- SKIP: TestAcc/ { print $3 ": " last[$3] }
  ' "$log" | sort)
  undocumented=$(printf '%s\n' "$skips" | grep -v ': local test server only: ' | grep -v '^$' || true)
  echo "== $flavor at $url: $passed acceptance tests passed, $failed failed, $(printf '%s\n' "$skips" | grep -c . || true) skipped"
  [ -z "$skips" ] || printf '%s\n' "$skips" | sed 's/^/   skip  /'
  if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
    echo "test-external: $flavor failed (exit $rc); the failing output:" >&2
    grep -B2 -A30 -E -- '--- FAIL|^panic|error:' "$log" | head -200 >&2
    status=1
  fi
  if [ -n "$undocumented" ]; then
    echo "test-external: $flavor: tests skipped for a reason other than the documented local-only ones:" >&2
    printf '%s\n' "$undocumented" >&2
    status=1
  fi
done
exit $status
