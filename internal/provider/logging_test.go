package provider

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// At TF_LOG=debug the provider's lines come without the framework's
// new_logger_warning, which a log subsystem used before it is created adds
// to every line: each resource and data source, each operation.
func TestAccLogs_debugWithoutFrameworkWarnings(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	logFile := filepath.Join(t.TempDir(), "debug.log")
	t.Setenv("TF_LOG", "DEBUG")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	p := e.path("logs/file.txt")
	cfg := func(content string) string {
		return e.providerConfig() + fmt.Sprintf(`
resource "alist_directory" "d" {
  path = %q
}
resource "alist_file" "f" {
  path    = "${alist_directory.d.path}/file.txt"
  content = %q
}
data "alist_file" "f" {
  path = alist_file.f.path
}
data "alist_files" "d" {
  path = alist_directory.d.path
  depends_on = [alist_file.f]
}
data "alist_me" "me" {}
data "alist_server" "s" {}
`, e.path("logs"), content)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkGone(p),
		Steps: []resource.TestStep{
			{Config: cfg("v1"), Check: e.checkRemote(p, []byte("v1"))},
			{Config: cfg("v2"), Check: e.checkRemote(p, []byte("v2"))},
			{ResourceName: "alist_file.f", ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"content"}},
		},
	})
	log, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(log, []byte("AList API call")); n < 10 {
		t.Fatalf("the debug log (%d bytes) has %d API call lines: the test would prove nothing", len(log), n)
	}
	if i := bytes.Index(log, []byte("new_logger_warning")); i >= 0 {
		t.Errorf("the debug log carries the framework's subsystem warning: …%s…", log[max(0, i-300):min(len(log), i+200)])
	}
}
