package provider

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// manyFiles is n files under the test's folder whose content carries version.
func (e *testEnv) manyFiles(n int, version string, providerExtra ...string) string {
	return e.providerConfig(providerExtra...) + fmt.Sprintf(`
resource "alist_file" "f" {
  count   = %d
  path    = format("%s/f%%03d.txt", count.index)
  content = format("%s %%03d", count.index)
}
`, n, e.root, version)
}

// checkManyFiles checks that the server holds exactly the n files of
// version, and nothing else below the test's folder (no temp files, no
// duplicates).
func (e *testEnv) checkManyFiles(n int, version string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for i := range n {
			p := e.path(fmt.Sprintf("f%03d.txt", i))
			got, err := e.server.ReadFile(p)
			if err != nil {
				return err
			}
			if want := fmt.Sprintf("%s %03d", version, i); string(got) != want {
				return fmt.Errorf("%s holds %q, want %q", p, got, want)
			}
		}
		entries, err := os.ReadDir(e.server.DiskPath(e.root))
		if err != nil {
			return err
		}
		if len(entries) != n {
			var names []string
			for _, de := range entries {
				names = append(names, de.Name())
			}
			return fmt.Errorf("the folder holds %d entries, want %d: %s", len(entries), n, strings.Join(names, " "))
		}
		return nil
	}
}

// Bursts of 5xx answers and dropped connections hit 20% of the file calls
// during a 50-file apply: the retries absorb them, and the state and the
// server agree afterwards.
func TestAccFaults_burstsDuringManyFiles(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	e.needsLocal(whyFaults)
	retries := []string{"max_retries = 10", `retry_max_wait = "20ms"`}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkGone(e.path("f000.txt"), e.path("f049.txt")),
		Steps: []resource.TestStep{
			{
				PreConfig: func() { e.server.FailRateOn("/api/fs/", 0.2, alisttest.FaultHTTP502) },
				Config:    e.manyFiles(50, "v1", retries...),
				Check:     e.checkManyFiles(50, "v1"),
			},
			{
				PreConfig: func() { e.server.FailRateOn("/api/fs/", 0.2, alisttest.FaultDrop) },
				Config:    e.manyFiles(50, "v2", retries...),
				Check:     e.checkManyFiles(50, "v2"),
			},
			{
				PreConfig: func() { e.server.FailRateOn("/api/fs/", 0, alisttest.FaultDrop) },
				Config:    e.manyFiles(50, "v2", retries...),
				PlanOnly:  true,
			},
		},
	})
}

// A connection dropped halfway through a large upload: the upload starts
// again from the beginning of the file and the server ends up with it whole.
func TestAccFaults_dropMidLargeUpload(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	e.needsLocal(whyFaults)
	src := filepath.Join(t.TempDir(), "large.bin")
	data := make([]byte, 48<<20)
	rand.Read(data)
	writeLocal(t, src, data)
	p := e.path("large.bin")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkGone(p),
		Steps: []resource.TestStep{{
			PreConfig:         func() { e.server.FailNextOn("/api/fs/put", 1, alisttest.FaultDropMidBody) },
			Config:            fileConfig(e, "l", p, fmt.Sprintf("source = %q", src)),
			ConfigStateChecks: []statecheck.StateCheck{expectString("alist_file.l", "content_sha256", sha256Hex(data))},
			Check: func(*terraform.State) error {
				got, err := e.server.ReadFile(p)
				if err != nil || !bytes.Equal(got, data) {
					return fmt.Errorf("the server holds %d bytes (%v), want the %d uploaded", len(got), err, len(data))
				}
				if e.server.Count("/api/fs/put") != 2 {
					return fmt.Errorf("%d uploads, want 2 (one dropped, one retried)", e.server.Count("/api/fs/put"))
				}
				return nil
			},
		}},
	})
}

// The server loses the session's token (restart, expiry) between the plan
// and the apply, and in the middle of an apply: the provider logs in again
// once and the apply completes.
func TestAccFaults_tokenLoss(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	e.needsLocal(whyClocks)
	onePlusOneLogin := func(*terraform.State) error {
		if most, _ := e.maxLoginsPerSession(); most != 2 {
			return fmt.Errorf("a provider session logged in %d times, want 2 (the login and one re-login)", most)
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkGone(e.path("f000.txt")),
		Steps: []resource.TestStep{
			{
				// In the middle of the apply: tokens forgotten before the 10th upload.
				PreConfig: func() { e.server.Hook("/api/fs/put", 10, e.server.ForgetTokens) },
				Config:    e.manyFiles(30, "v1"),
				Check:     resource.ComposeTestCheckFunc(e.checkManyFiles(30, "v1"), onePlusOneLogin),
			},
			{
				// Expired before the 20th upload.
				PreConfig: func() { e.resetSessions(); e.server.Hook("/api/fs/put", 20, e.server.ExpireTokens) },
				Config:    e.manyFiles(30, "v2"),
				Check:     resource.ComposeTestCheckFunc(e.checkManyFiles(30, "v2"), onePlusOneLogin),
			},
			{
				// Between plan and apply: the refresh logged in; the first
				// upload finds the token gone.
				PreConfig: func() { e.resetSessions(); e.server.Hook("/api/fs/put", 1, e.server.ForgetTokens) },
				Config:    e.manyFiles(30, "v3"),
				Check:     resource.ComposeTestCheckFunc(e.checkManyFiles(30, "v3"), onePlusOneLogin),
			},
		},
	})
}

// A file deleted on the server between the plan and the apply is uploaded
// all the same.
func TestAccFaults_deletedBetweenPlanAndApply(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	e.needsLocal(whyFaults)
	p := e.path("gone.txt")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkGone(p),
		Steps: []resource.TestStep{
			{Config: fileConfig(e, "g", p, `content = "v1"`)},
			{
				PreConfig: func() { e.server.Hook("/api/fs/put", 1, func() { e.server.RemoveFile(p) }) },
				Config:    fileConfig(e, "g", p, `content = "v2"`),
				Check:     e.checkRemote(p, []byte("v2")),
			},
		},
	})
}

// One hundred files under -parallelism=20 (the race detector is on in make
// test): one login, every file in place.
func TestAccConcurrency_hundredFiles(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	t.Setenv("TF_CLI_ARGS_apply", "-parallelism=20")
	t.Setenv("TF_CLI_ARGS_destroy", "-parallelism=20")
	check := resource.TestCheckFunc(func(*terraform.State) error {
		if most, _ := e.maxLoginsPerSession(); most != 1 {
			return fmt.Errorf("a provider session logged in %d times, want 1", most)
		}
		return nil
	})
	if e.server != nil {
		check = resource.ComposeTestCheckFunc(check, e.checkManyFiles(100, "v1"))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkGone(e.path("f000.txt"), e.path("f099.txt")),
		Steps:                    []resource.TestStep{{Config: e.manyFiles(100, "v1"), Check: check}},
	})
}

// secretWatch keeps a test's known secrets out of everything Terraform
// writes: it runs Terraform at TF_LOG=TRACE into a file of its own, keeps
// the working directories (TestCase.WorkingDir: dir), and checks the
// plans and states of each step, the state files left on disk and the
// whole log for each secret, by what it is.
type secretWatch struct {
	t       *testing.T
	log     string
	dir     string
	secrets map[string]string
}

func watchSecrets(t *testing.T, secrets map[string]string) *secretWatch {
	w := &secretWatch{t: t, log: filepath.Join(t.TempDir(), "trace.log"), dir: t.TempDir(), secrets: secrets}
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", w.log)
	t.Setenv("TF_ACC_PERSIST_WORKING_DIR", "1")
	return w
}

// find names the first secret doc holds.
func (w *secretWatch) find(doc string) error {
	for what, s := range w.secrets {
		if strings.Contains(doc, s) {
			return fmt.Errorf("it holds the %s", what)
		}
	}
	return nil
}

// state checks a step's state.
func (w *secretWatch) state() statecheck.StateCheck {
	return stateScan(func(state string) error {
		if err := w.find(state); err != nil {
			return fmt.Errorf("state: %w", err)
		}
		return nil
	})
}

// plan checks a step's plan.
func (w *secretWatch) plan() plancheck.PlanCheck {
	return planScan(func(plan string) error {
		if err := w.find(plan); err != nil {
			return fmt.Errorf("plan: %w", err)
		}
		return nil
	})
}

// finish, after resource.Test, scans the state files (their private data
// included) and the log, which must hold the provider's own lines.
func (w *secretWatch) finish() {
	t := w.t
	states := 0
	err := filepath.WalkDir(w.dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.Contains(d.Name(), ".tfstate") {
			return err
		}
		states++
		b, err := os.ReadFile(p)
		if err == nil {
			if ferr := w.find(string(b)); ferr != nil {
				t.Errorf("the state file %s: %v", p, ferr)
			}
		}
		return err
	})
	if err != nil || states == 0 {
		t.Errorf("no state file to scan in %s (%v): the test would prove nothing", w.dir, err)
	}
	log, err := os.ReadFile(w.log)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(log, []byte("AList API call")) {
		t.Fatalf("the trace log (%d bytes) lacks the provider's own lines: the test would prove nothing", len(log))
	}
	if bytes.Contains(log, []byte("new_logger_warning")) {
		t.Error("the TRACE log carries the framework's subsystem warning")
	}
	for what, s := range w.secrets {
		if i := bytes.Index(log, []byte(s)); i >= 0 {
			t.Errorf("the TRACE log shows the %s: …%s…", what, log[max(0, i-80):min(len(log), i+len(s)+20)])
		}
	}
}

// A full lifecycle at TF_LOG=TRACE with known secrets: none of them, and no
// session token, appears in the logs or in the state.
func TestAccSecretsStayOutOfLogsAndState(t *testing.T) {
	const password = "S3cret-Pa55word-xyzzy"
	e := newEnv(t, alisttest.Options{Admin: alisttest.User{Username: "admin", Password: password, Role: 2, OTPSecret: otpSecret}})
	e.needsLocal(whySecondUser)
	p := e.path("secret.txt")
	token := loginTokenOTP(t, e)
	w := watchSecrets(t, map[string]string{
		"password": password, "password hash": alist.HashPassword(password), "otp secret": otpSecret,
		"configured token": token, "admin token": e.server.AdminToken(), "any JWT": "eyJhbGciOiJIUzI1NiIs",
	})
	// The secrets come from the environment, as in a pipeline: the test
	// harness logs the configuration it runs, which must not hold them.
	t.Setenv("ALIST_URL", e.url)
	t.Setenv("ALIST_USERNAME", e.username)
	t.Setenv("ALIST_PASSWORD", password)
	t.Setenv("ALIST_OTP_SECRET", otpSecret)
	t.Setenv("ALIST_TOKEN", "")
	file := func(content string) string {
		return fmt.Sprintf("provider \"alist\" {}\nresource \"alist_file\" \"s\" {\n  path = %q\n  content = %q\n}\n", p, content)
	}
	steps := []resource.TestStep{
		{Config: file("v1"), ConfigStateChecks: []statecheck.StateCheck{w.state()}},
		{
			// With a token too, which the server then forgets: a re-login.
			PreConfig: func() {
				t.Setenv("ALIST_TOKEN", token)
				e.server.Hook("/api/fs/put", 1, e.server.ForgetTokens)
			},
			Config:            file("v2"),
			ConfigStateChecks: []statecheck.StateCheck{w.state()},
		},
		importStep("alist_file.s"),
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: e.factories(), CheckDestroy: e.checkGone(p), Steps: steps, WorkingDir: w.dir})
	w.finish()
	if log, _ := os.ReadFile(w.log); !bytes.Contains(log, []byte("logging in to AList")) {
		t.Error("the trace log lacks the logins: the test would prove nothing")
	}
}

// A server slower than the resource's timeout: a clear error that names the
// setting to raise, and nothing left half-done.
func TestAccFaults_slowServerTimeout(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	e.needsLocal(whyFaults)
	p := e.path("slow.txt")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy:             e.checkGone(p),
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { e.server.SetLatency(3 * time.Second) },
				Config:      fileConfig(e, "s", p, "content = \"x\"\n  timeouts {\n    create = \"1s\"\n  }"),
				ExpectError: re(`(?s)deadline exceeded.*ran out of time.*raise the resource's .timeouts.`),
			},
			{
				PreConfig: func() { e.server.SetLatency(0) },
				Config:    fileConfig(e, "s", p, "content = \"x\"\n  timeouts {\n    create = \"1s\"\n  }"),
				Check:     e.checkRemote(p, []byte("x")),
			},
		},
	})
}

// The server restarts in the middle of an apply (a real v3.38 answered
// "database is closed" while stopping, and "Loading storage, please wait"
// while starting; OpenList holds requests instead; all forget every
// token): the apply rides it out, and every file is intact.
func TestAccFaults_serverRestartMidApply(t *testing.T) {
	forEachFlavor(t, func(t *testing.T, f alisttest.Flavor) {
		e := newEnv(t, alisttest.Options{Flavor: f})
		e.needsLocal(whyFaults)
		restart := func() { e.server.Restart(400*time.Millisecond, 600*time.Millisecond) }
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			CheckDestroy:             e.checkGone(e.path("f000.txt"), e.path("f059.txt")),
			Steps: []resource.TestStep{
				{
					PreConfig: func() { e.server.Hook("/api/fs/put", 25, restart) },
					Config:    e.manyFiles(60, "v1"),
					Check:     e.checkManyFiles(60, "v1"),
				},
				{
					// During the refresh of a plan, then the apply.
					PreConfig: func() { e.server.Hook("/api/fs/get", 10, restart) },
					Config:    e.manyFiles(60, "v2"),
					Check:     e.checkManyFiles(60, "v2"),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
				},
			},
		})
	})
}
