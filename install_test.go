package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// A newcomer's path after make demo: make install with a fresh HOME, then a
// configuration in a new folder that only says required_providers, and a
// plain terraform init, apply and destroy. Against the local test server, or
// a real one when ALIST_URL, ALIST_USERNAME, ALIST_PASSWORD and
// ALIST_TEST_ROOT are set (the test works in a fresh folder below the root).
func TestAccInstall_freshHome(t *testing.T) {
	tf := acceptanceTerraform(t)
	if _, err := exec.LookPath("make"); err != nil {
		t.Fatal("make install needs GNU make on PATH")
	}
	url, user, pw, root, agents := installServer(t)
	client, err := alist.NewSession(alist.Config{URL: url, Username: user, Password: pw, OTPSecret: os.Getenv("ALIST_OTP_SECRET"), RequestTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}

	home := t.TempDir()
	makeEnv := installEnv(t, home)
	version := strings.TrimSpace(runIn(t, "", makeEnv, "make", "-s", "version"))
	if !regexp.MustCompile(`^\d+\.\d+\.\d+`).MatchString(version) {
		t.Fatalf("make version says %q, not a version Terraform can select", version)
	}
	out := runIn(t, "", makeEnv, "make", "install")

	// Where Terraform's and OpenTofu's implied local mirrors look, each under
	// its own default registry host name.
	platform := runtime.GOOS + "_" + runtime.GOARCH
	var installed [][]byte
	for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
		p := filepath.Join(home, ".terraform.d", "plugins", host, "alist-terraform", "alist", version, platform, "terraform-provider-alist_v"+version)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("make install did not put the provider at %s: %v\n%s", p, err, out)
		}
		if !strings.Contains(out, p) {
			t.Errorf("make install does not say it installed %s:\n%s", p, out)
		}
		installed = append(installed, data)
	}
	if !bytes.Equal(installed[0], installed[1]) {
		t.Error("the Terraform and OpenTofu copies differ")
	}
	// The block make install prints is the one the configuration uses, and
	// the one the README shows.
	block := regexp.MustCompile(`(?ms)^terraform \{\n.*?^\}\n`).FindString(out)
	constraint := regexp.MustCompile(`version = "[^"]+"`).FindString(block)
	if block == "" || constraint == "" {
		t.Fatalf("make install does not print a required_providers block with a version:\n%s", out)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), constraint) {
		t.Errorf("README.md does not show the constraint make install prints (%s)", constraint)
	}

	remote := root + "/tfinstall-" + fmt.Sprint(time.Now().UnixNano()) + "/hello.txt"
	content := "installed with make install\n"
	work := t.TempDir()
	config := block + fmt.Sprintf(`
provider "alist" {
  url      = %q
  username = %q
  password = %q
}

resource "alist_file" "hello" {
  path    = %q
  content = %q
}
`, url, user, pw, remote, content)
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	// A CLI configuration with no provider_installation block: Terraform's
	// implied one, the local mirrors first. The environment may name another.
	cli := filepath.Join(t.TempDir(), "terraformrc")
	if err := os.WriteFile(cli, []byte("# no provider_installation: the implied local mirrors\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tfEnv := append(installEnv(t, home), "TF_CLI_CONFIG_FILE="+cli, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	// init goes through a proxy that does not exist, so any download fails.
	initEnv := append(tfEnv, "HTTPS_PROXY=http://127.0.0.1:9", "HTTP_PROXY=http://127.0.0.1:9", "NO_PROXY=", "https_proxy=", "http_proxy=", "no_proxy=")
	initOut := runIn(t, work, initEnv, tf, "init", "-input=false", "-no-color")
	if !strings.Contains(initOut, "alist-terraform/alist v"+version) {
		t.Errorf("terraform init did not install version %s:\n%s", version, initOut)
	}
	var selected struct {
		Providers map[string]string `json:"provider_selections"`
	}
	if err := json.Unmarshal([]byte(runIn(t, work, tfEnv, tf, "version", "-json")), &selected); err != nil {
		t.Fatal(err)
	}
	if got := selected.Providers["registry.terraform.io/alist-terraform/alist"] + selected.Providers["registry.opentofu.org/alist-terraform/alist"]; got != version {
		t.Errorf("terraform selected alist-terraform/alist %q, want the installed %s (%v)", got, version, selected.Providers)
	}

	destroyed := false
	t.Cleanup(func() {
		if !destroyed {
			runIn(t, work, tfEnv, tf, "destroy", "-auto-approve", "-input=false", "-no-color")
		}
		if err := client.RemovePath(context.Background(), path.Dir(remote)); err != nil {
			t.Logf("cleanup of %s: %v", path.Dir(remote), err)
		}
	})
	runIn(t, work, tfEnv, tf, "apply", "-auto-approve", "-input=false", "-no-color")
	ctx := t.Context()
	obj, err := client.Get(ctx, remote, "")
	if err != nil {
		t.Fatalf("after apply, %s is not on the server: %v", remote, err)
	}
	if got := download(t, obj.RawURL); got != content {
		t.Errorf("the server serves %q at %s, want %q", got, remote, content)
	}
	if agents != nil {
		// The provider Terraform ran says the version make install stamped.
		want := "terraform-provider-alist/" + version + " "
		found := false
		agents.Range(func(k, _ any) bool { found = found || strings.HasPrefix(k.(string), want); return !found })
		if !found {
			t.Errorf("no request from the installed provider (User-Agent %q…)", want)
		}
	}
	runIn(t, work, tfEnv, tf, "destroy", "-auto-approve", "-input=false", "-no-color")
	destroyed = true
	if _, err := client.Get(ctx, remote, ""); !errors.Is(err, alist.ErrNotFound) {
		t.Errorf("after destroy, fs/get %s: %v, want not found", remote, err)
	}
}

// acceptanceTerraform skips the test unless TF_ACC is set, and returns the
// terraform (or OpenTofu) binary to run: TF_ACC_TERRAFORM_PATH, or PATH's.
func acceptanceTerraform(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 (make test does) to run terraform")
	}
	if tf := os.Getenv("TF_ACC_TERRAFORM_PATH"); tf != "" {
		return tf
	}
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("terraform is not on PATH (or set TF_ACC_TERRAFORM_PATH)")
	}
	return tf
}

// installServer is the local test server, or the external one the ALIST_*
// variables name: URL, account, and a writable folder. Locally, agents
// collects the User-Agent of every request (nil against another server).
func installServer(t *testing.T) (url, user, pw, root string, agents *sync.Map) {
	if url = os.Getenv("ALIST_URL"); url == "" {
		srv := alisttest.NewServer(t, alisttest.Options{})
		agents = &sync.Map{}
		front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			agents.Store(r.Header.Get("User-Agent"), true)
			srv.ServeHTTP(w, r)
		}))
		t.Cleanup(front.Close)
		return front.URL, alisttest.DefaultAdminUsername, alisttest.DefaultAdminPassword, "/local", agents
	}
	user, pw, root = os.Getenv("ALIST_USERNAME"), os.Getenv("ALIST_PASSWORD"), strings.TrimRight(os.Getenv("ALIST_TEST_ROOT"), "/")
	if user == "" || pw == "" || root == "" {
		t.Fatal("against a real server set ALIST_URL, ALIST_USERNAME, ALIST_PASSWORD and ALIST_TEST_ROOT (a writable folder such as /local)")
	}
	return url, user, pw, root, nil
}

// installEnv is this process's environment with HOME (and the XDG folders
// Terraform and OpenTofu also search) moved to home, Go's own folders kept
// (so that make install reuses the build and module caches), and nothing
// that steers Terraform or an enclosing make.
func installEnv(t *testing.T, home string) []string {
	goEnv := runIn(t, "", os.Environ(), "go", "env", "GOPATH", "GOMODCACHE", "GOCACHE", "GOENV")
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "TF_"), strings.HasPrefix(name, "XDG_"), name == "HOME",
			name == "MAKEFLAGS", name == "MFLAGS", name == "MAKELEVEL", name == "MAKEOVERRIDES":
			continue
		}
		env = append(env, kv)
	}
	for i, name := range []string{"GOPATH", "GOMODCACHE", "GOCACHE", "GOENV"} {
		env = append(env, name+"="+strings.Split(goEnv, "\n")[i])
	}
	return append(env, "HOME="+home, "XDG_DATA_HOME="+filepath.Join(home, ".local", "share"), "XDG_CONFIG_HOME="+filepath.Join(home, ".config"))
}

// runIn runs a command in dir (this package's folder when ""), failing the
// test with its output when it fails; it returns stdout and stderr together.
func runIn(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func download(t *testing.T, rawURL string) string {
	t.Helper()
	resp, err := http.Get(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: HTTP %d, %v: %s", rawURL, resp.StatusCode, err, body)
	}
	return string(body)
}
