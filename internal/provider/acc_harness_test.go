package provider

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/pquerna/otp/totp"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// The acceptance tests' harness: the server each test runs against (the
// local test server or a real one), the provider served in-process, and
// the configurations and checks every test file uses.

// TestMain gives the acceptance tests a Terraform CLI configuration of their
// own (the environment may point TF_CLI_CONFIG_FILE at a missing file) and
// insists on a local terraform binary: terraform-plugin-testing would
// otherwise try to download one, which hangs or fails offline.
func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC") == "" {
		os.Exit(m.Run())
	}
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		bin, err := exec.LookPath("terraform")
		if err != nil {
			fmt.Fprintln(os.Stderr, "acceptance tests need a terraform binary: put terraform on PATH or set TF_ACC_TERRAFORM_PATH to its absolute path (nothing is downloaded)")
			os.Exit(1)
		}
		os.Setenv("TF_ACC_TERRAFORM_PATH", bin)
	}
	dir, err := os.MkdirTemp("", "alist-tfacc-cli")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cli := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(cli, []byte("# written by the acceptance tests: no plugin cache, mirrors or overrides\n"), 0o600); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("TF_CLI_CONFIG_FILE", cli)
	os.Setenv("CHECKPOINT_DISABLE", "1")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// testEnv is one test's server: the local test server, or a real one when
// ALIST_URL, ALIST_USERNAME, ALIST_PASSWORD and ALIST_TEST_ROOT are set.
type testEnv struct {
	t        *testing.T
	server   *alisttest.Server // nil against a real server
	url      string
	username string
	password string
	root     string         // a fresh folder below which the test works
	client   *alist.Session // the test's own view of the server

	scratch string // a local path a test case prepared

	mu       sync.Mutex
	sessions map[*alist.Session]bool // every session the provider handed out
}

// externalServer: the tests run against a server of another process, real
// or cmd/alisttest-server, named by ALIST_URL. Read once, at start: some
// tests clear the ALIST_* variables to test the provider's own fallbacks.
var externalServer = os.Getenv("ALIST_URL") != ""

func realServer() bool { return externalServer }

// newEnv starts a local test server with opts, or uses the real server.
func newEnv(t *testing.T, opts alisttest.Options) *testEnv {
	t.Helper()
	return newEnvOn(t, opts, realServer())
}

// newLocalEnv starts a local test server even when the suite runs against
// an external one: a test's second server (the target of a clone).
func newLocalEnv(t *testing.T, opts alisttest.Options) *testEnv {
	t.Helper()
	return newEnvOn(t, opts, false)
}

func newEnvOn(t *testing.T, opts alisttest.Options, external bool) *testEnv {
	t.Helper()
	e := &testEnv{t: t, sessions: map[*alist.Session]bool{}}
	name := strings.NewReplacer("/", "-", " ", "-").Replace(t.Name())
	if external {
		e.url, e.username, e.password = os.Getenv("ALIST_URL"), os.Getenv("ALIST_USERNAME"), os.Getenv("ALIST_PASSWORD")
		root := os.Getenv("ALIST_TEST_ROOT")
		if root == "" || e.username == "" || e.password == "" {
			t.Fatal("against a real server set ALIST_URL, ALIST_USERNAME, ALIST_PASSWORD and ALIST_TEST_ROOT (a writable folder such as /local)")
		}
		if len(opts.CachingStorages) > 0 {
			// The test is about a storage whose listings the server caches.
			if root = os.Getenv("ALIST_TEST_CACHED_ROOT"); root == "" {
				t.Skip("needs a folder on a storage whose listings the server caches (not Local): set ALIST_TEST_CACHED_ROOT, e.g. to a folder of a WebDAV or \"AList V3\" mount")
			}
		}
		e.root = strings.TrimRight(root, "/") + "/tfacc-" + name + "-" + fmt.Sprint(time.Now().UnixNano())
	} else {
		e.server = alisttest.NewServer(t, opts)
		e.url, e.username, e.password = e.server.URL, "admin", "admin-pass-123"
		if opts.Admin.Username != "" {
			e.username, e.password = opts.Admin.Username, opts.Admin.Password
		}
		e.root = "/local/" + name
		if len(opts.CachingStorages) > 0 {
			e.root = opts.CachingStorages[0] + "/" + name
		}
	}
	c, err := alist.NewSession(alist.Config{URL: e.url, Username: e.username, Password: e.password, OTPSecret: opts.Admin.OTPSecret, RequestTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	e.client = c
	if external {
		t.Cleanup(func() {
			if err := c.RemovePath(context.Background(), e.root); err != nil {
				t.Logf("cleanup of %s: %v", e.root, err)
			}
		})
	}
	return e
}

// withPassword is the same server with another password (and its own session records).
func (e *testEnv) withPassword(pw string) *testEnv { return e.withCredentials(e.username, pw) }

// withURL is the same server and account reached at another URL (a proxy).
func (e *testEnv) withURL(u string) *testEnv {
	c := e.withCredentials(e.username, e.password)
	c.url = u
	return c
}

// withCredentials is the same server as another user.
func (e *testEnv) withCredentials(user, pw string) *testEnv {
	return &testEnv{t: e.t, server: e.server, url: e.url, username: user, password: pw, root: e.root, client: e.client, sessions: map[*alist.Session]bool{}}
}

// needsLocal is for tests that steer the server (faults, counters, clocks)
// or need accounts the test server makes, which a real server cannot give;
// why says which, for the skip list of an external run.
func (e *testEnv) needsLocal(why string) {
	e.t.Helper()
	if e.server == nil {
		e.t.Skip("local test server only: " + why)
	}
}

// Reasons a test runs against the local test server only.
const (
	whyFaults       = "injects faults into the server"
	whyClocks       = "moves the server's token clocks"
	whyLoginCounts  = "counts the logins the server receives"
	whyCounts       = "counts the requests the server receives"
	whySecondUser   = "needs a second account with given permissions, base path or 2FA"
	whyDisk         = "changes files on the server's disk behind its back"
	whyVersionProbe = "makes the server report another version"
)

// forEachFlavor runs test once per flavour of the local test server, or
// once against an external server, whose flavour is what it is.
func forEachFlavor(t *testing.T, test func(t *testing.T, f alisttest.Flavor)) {
	if externalServer {
		t.Run("external", func(t *testing.T) { test(t, alisttest.AListV338) })
		return
	}
	for _, f := range flavors {
		t.Run(f.String(), func(t *testing.T) { test(t, f) })
	}
}

// flavorOf is the test server's flavour that imitates a server's version.
func flavorOf(info alist.ServerInfo) alisttest.Flavor {
	switch {
	case info.IsOpenList():
		return alisttest.OpenListV4
	case info.HasRoles():
		return alisttest.AListV362
	}
	return alisttest.AListV338
}

func (e *testEnv) path(rel string) string { return e.root + "/" + rel }

// factories serves the provider in-process and records its sessions.
func (e *testEnv) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"alist": func() (tfprotov6.ProviderServer, error) {
			p := &alistProvider{version: "test", configured: func(d *providerData) {
				e.mu.Lock()
				e.sessions[d.session] = true
				e.mu.Unlock()
			}}
			return providerserver.NewProtocol6WithError(p)()
		},
	}
}

// providerConfig is a provider block with the env's credentials plus extra lines.
func (e *testEnv) providerConfig(extra ...string) string {
	return fmt.Sprintf("provider \"alist\" {\n  url      = %q\n  username = %q\n  password = %q\n%s}\n",
		e.url, e.username, e.password, indent(extra))
}

func indent(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("  " + l + "\n")
	}
	return b.String()
}

// resetSessions forgets the sessions recorded so far.
func (e *testEnv) resetSessions() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.sessions = map[*alist.Session]bool{}
}

// stateScan is a state check over the whole state as JSON.
type stateScan func(state string) error

func (f stateScan) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	b, err := json.Marshal(req.State)
	if err == nil {
		err = f(string(b))
	}
	resp.Error = err
}

// maxLoginsPerSession is the most logins any one provider session sent.
func (e *testEnv) maxLoginsPerSession() (most, total int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for s := range e.sessions {
		n := s.LoginCount()
		most = max(most, n)
		total += n
	}
	return most, total
}

// checkRemote checks that the server holds exactly want at p.
func (e *testEnv) checkRemote(p string, want []byte) func(*terraform.State) error {
	return func(*terraform.State) error {
		ctx := context.Background()
		obj, err := e.client.Get(ctx, p, "")
		if err != nil {
			return fmt.Errorf("server: %s: %w", p, err)
		}
		if obj.Size != int64(len(want)) {
			return fmt.Errorf("server: %s is %d bytes, want %d", p, obj.Size, len(want))
		}
		if e.server != nil {
			got, err := e.server.ReadFile(p)
			if err != nil {
				return err
			}
			if string(got) != string(want) {
				return fmt.Errorf("server: %s holds %q, want %q", p, trunc(got), trunc(want))
			}
			return nil
		}
		return e.checkServed(p, want)(nil)
	}
}

// checkServed checks that the server serves exactly want at p, through its
// download link: for files the test server holds on no disk of its own (a
// storage that reaches another server).
// peerDriver is the driver a test mounts this server with: "AList V3",
// except on OpenList, whose AList V3 driver (v4.1.9 to v4.2.5) sets no
// path on what it lists, so that nothing below its top folder is found and
// its links ask the target for "" (warnPeerDriver); its own OpenList
// driver serves every folder.
func (e *testEnv) peerDriver() string {
	e.t.Helper()
	info, err := e.client.Info(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	if info.IsOpenList() {
		return "OpenList"
	}
	return peerDriver
}

func (e *testEnv) checkServed(p string, want []byte) func(*terraform.State) error {
	return func(*terraform.State) error {
		ctx := context.Background()
		obj, err := e.client.Get(ctx, p, "")
		if err != nil {
			return fmt.Errorf("server: %s: %w", p, err)
		}
		sum, err := e.client.HashDownload(ctx, obj.RawURL, obj.Size)
		if err != nil {
			return err
		}
		if sum != sha256Hex(want) {
			return fmt.Errorf("server: %s has SHA-256 %s, want %s", p, sum, sha256Hex(want))
		}
		return nil
	}
}

// checkGone checks that nothing is left at any of paths (CheckDestroy).
func (e *testEnv) checkGone(paths ...string) func(*terraform.State) error {
	return func(*terraform.State) error {
		for _, p := range paths {
			_, err := e.client.Get(context.Background(), p, "")
			if err == nil {
				return fmt.Errorf("server: %s still exists after destroy", p)
			}
			if !isNotFound(err) {
				return err
			}
		}
		return nil
	}
}

// put writes a file on the server the way another user would.
func (e *testEnv) put(p string, data []byte) {
	e.t.Helper()
	if _, err := e.client.Put(context.Background(), alist.PutRequest{Path: p, Size: int64(len(data)), Open: alist.BytesBody(data)}); err != nil {
		e.t.Fatalf("put %s: %v", p, err)
	}
}

// seed stores files as a test's starting point: on the local server's disk
// (quick), through the API of an external one, eight at a time.
func (e *testEnv) seed(files map[string][]byte) {
	e.t.Helper()
	if e.server != nil {
		for p, data := range files {
			if err := e.server.WriteFile(p, data); err != nil {
				e.t.Fatal(err)
			}
		}
		return
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(files))
	sem := make(chan struct{}, 8)
	for p, data := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if _, err := e.client.Put(context.Background(), alist.PutRequest{Path: p, Size: int64(len(data)), Open: alist.BytesBody(data)}); err != nil {
				errs <- fmt.Errorf("put %s: %w", p, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		e.t.Fatal(err)
	}
}

// changeBehindBack changes a file out of band: on disk for the local server
// (no cache sees it), through the API on a real one.
func (e *testEnv) changeBehindBack(p string, data []byte) {
	e.t.Helper()
	if e.server != nil {
		if err := e.server.WriteFile(p, data); err != nil {
			e.t.Fatal(err)
		}
		return
	}
	e.put(p, data)
}

func (e *testEnv) deleteBehindBack(p string) {
	e.t.Helper()
	var err error
	if e.server != nil {
		err = e.server.RemoveFile(p)
	} else {
		err = e.client.RemovePath(context.Background(), p)
	}
	if err != nil {
		e.t.Fatal(err)
	}
}

func isNotFound(err error) bool { return errors.Is(err, alist.ErrNotFound) }

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func trunc(b []byte) string {
	if len(b) > 64 {
		return string(b[:64]) + "…"
	}
	return string(b)
}

// re compiles an expected-error pattern; a space matches any run of white
// space, since Terraform wraps diagnostics.
func re(s string) *regexp.Regexp { return regexp.MustCompile(strings.ReplaceAll(s, " ", `\s+`)) }

// The vocabulary of the tests: configurations, checks and steps every test file uses.

var flavors = []alisttest.Flavor{alisttest.AListV338, alisttest.AListV362, alisttest.OpenListV4}

func fileConfig(e *testEnv, name, p, attrs string) string {
	return e.providerConfig() + fmt.Sprintf("resource \"alist_file\" %q {\n  path = %q\n%s\n}\n", name, p, attrs)
}

func expectString(addr, attr, want string) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), knownvalue.StringExact(want))
}

func expectSize(addr string, n int) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New("size"), knownvalue.Int64Exact(int64(n)))
}

func importStep(addr string) resource.TestStep {
	return resource.TestStep{
		ResourceName: addr, ImportState: true, ImportStateVerify: true,
		// What the configuration said, not what the server holds: unknowable on import.
		ImportStateVerifyIgnore: []string{"content", "content_base64", "source"},
	}
}

func writeLocal(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// loginToken logs in with plain HTTP, as another tool would, for a token.
func loginToken(t *testing.T, e *testEnv) string { return loginTokenWith(t, e, "") }

// loginTokenOTP is loginToken for an account with the test's TOTP secret.
func loginTokenOTP(t *testing.T, e *testEnv) string {
	code, err := totp.GenerateCode(otpSecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return loginTokenWith(t, e, code)
}

func loginTokenWith(t *testing.T, e *testEnv, otpCode string) string {
	t.Helper()
	body := fmt.Sprintf(`{"username":%q,"password":%q,"otp_code":%q}`, e.username, alist.HashPassword(e.password), otpCode)
	resp, err := http.Post(e.url+"/api/auth/login/hash", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env struct {
		Code int
		Data struct{ Token string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil || env.Data.Token == "" {
		t.Fatalf("login: code %d, %v", env.Code, err)
	}
	return env.Data.Token
}

func t0() context.Context { return context.Background() }

const otpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

func dirConfig(e *testEnv, p, extra string) string {
	return e.providerConfig() + fmt.Sprintf("resource \"alist_directory\" \"d\" {\n  path = %q\n  %s\n}\n", p, extra)
}

func (e *testEnv) checkDir(p string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		o, err := e.client.Get(t0(), p, "")
		if err != nil {
			return err
		}
		if !o.IsDir {
			return fmt.Errorf("%s is not a folder", p)
		}
		return nil
	}
}

func mkdir(t *testing.T, e *testEnv, p string) {
	t.Helper()
	if err := e.client.Mkdir(t0(), p); err != nil {
		t.Fatal(err)
	}
}

// attrsOf is a data source's flat attributes.
func attrsOf(s *terraform.State, addr string) map[string]string {
	return s.RootModule().Resources[addr].Primary.Attributes
}

// queryTerraformEnv names a Terraform >= 1.14 (the first with list resources
// and `terraform query`; identity needs >= 1.12) for the tests that need
// one, while the rest of the suite keeps the Terraform of
// TF_ACC_TERRAFORM_PATH (which may be older: 1.11 stays covered). make test
// sets it from scripts/ensure-terraform-query.sh.
const queryTerraformEnv = "TF_ACC_TERRAFORM_QUERY_PATH"

// useQueryTerraform makes this test run a Terraform >= 1.14 and returns its
// path. It fails, never skips, without one: these tests are part of the
// suite. The acceptance tests run one at a time, so the variable is this
// test's alone until it ends.
func useQueryTerraform(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		// As resource.Test itself does: a plain go test runs no acceptance test.
		t.Skip("Acceptance tests skipped unless env 'TF_ACC' set")
	}
	for _, bin := range []string{os.Getenv(queryTerraformEnv), os.Getenv("TF_ACC_TERRAFORM_PATH")} {
		if bin == "" {
			continue
		}
		if v, ok := terraformMinor(bin); ok && v >= 14 {
			t.Setenv("TF_ACC_TERRAFORM_PATH", bin)
			// The other CLI may be OpenTofu, whose provider host the suite uses.
			t.Setenv("TF_ACC_PROVIDER_HOST", "registry.terraform.io")
			t.Logf("terraform for this test: %s (1.%d)", bin, v)
			return bin
		}
	}
	t.Fatalf("this test needs Terraform >= 1.14 (terraform query, list resources): set %s to one, or run it through make test, which builds one with scripts/ensure-terraform-query.sh", queryTerraformEnv)
	return ""
}

var terraformMinors sync.Map // path -> minor version (-1: not Terraform 1.x)

// terraformMinor is the minor version of the Terraform 1.x at bin (OpenTofu
// is not Terraform: its query support differs).
func terraformMinor(bin string) (int, bool) {
	if v, ok := terraformMinors.Load(bin); ok {
		return v.(int), v.(int) >= 0
	}
	minor := -1
	cmd := exec.Command(bin, "version")
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=/dev/null", "CHECKPOINT_DISABLE=1")
	if out, err := cmd.Output(); err == nil {
		if m := regexp.MustCompile(`^Terraform v1\.(\d+)\.`).FindSubmatch(out); m != nil {
			minor, _ = strconv.Atoi(string(m[1]))
		}
	}
	terraformMinors.Store(bin, minor)
	return minor, minor >= 0
}

// Resource identity (Terraform >= 1.12: the tests using these call
// useQueryTerraform first). attr is the identity's one attribute, which
// names the resource's own attribute of the same name.

// identityCase is one resource's identity test, on a fresh server: an
// import of a bad name fails, both ways, with badErr; cfg creates addr,
// called name, whose identity is then attr = name; rename, when set,
// renames it in place to renamed; and import blocks find it again by its
// identity and by its string import ID.
type identityCase struct {
	addr, attr string
	bad        string
	badErr     *regexp.Regexp
	cfg, name  string
	check      resource.TestCheckFunc // the server after the create
	id         string                 // the string import ID, when not name
	settles    bool                   // see importBlockSteps

	rename, renamed string
	renameCheck     resource.TestCheckFunc
}

func (c identityCase) steps() []resource.TestStep {
	steps := badImportSteps(c.cfg, c.addr, c.attr, c.bad, c.badErr)
	steps = append(steps, resource.TestStep{Config: c.cfg, ConfigStateChecks: []statecheck.StateCheck{expectIdentity(c.addr, c.attr, c.name)}, Check: c.check})
	name, id := c.name, cmp.Or(c.id, c.name)
	if c.rename != "" {
		steps = append(steps, renameStep(c.rename, c.addr, c.attr, c.renamed, c.renameCheck))
		name, id = c.renamed, c.renamed
	}
	return append(steps, importBlockSteps(c.addr, c.attr, name, id, c.settles)...)
}

// rememberID remembers addr's id (the server's row) for a later check.
func rememberID(addr string, id *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		*id = attrsOf(s, addr)["id"]
		return nil
	}
}

// checkNoneNamed checks that the server has no what called name.
func checkNoneNamed[T any](what, name string, find func(context.Context, string) (T, error)) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if _, err := find(t0(), name); !isNotFound(err) {
			return fmt.Errorf("server: %s %s is there (%v), want none", what, name, err)
		}
		return nil
	}
}

// expectIdentity checks that addr's identity is attr = name.
func expectIdentity(addr, attr, name string) statecheck.StateCheck {
	return statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{attr: knownvalue.StringExact(name)})
}

// importBlockSteps import addr again into a copy of the state without it:
// once by an import block giving its identity (the one in state, which must
// come back unchanged) and once by one giving the string import ID id.
// Each plans the import, of the object called name, and no change, unless
// settles (a resource that cannot prove an imported object equal to its
// configuration, and plans an update after the import).
func importBlockSteps(addr, attr, name, id string, settles bool) []resource.TestStep {
	checks := resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectKnownValue(addr, tfjsonpath.New(attr), knownvalue.StringExact(name)),
	}}
	step := func(kind resource.ImportStateKind) resource.TestStep {
		return resource.TestStep{ResourceName: addr, ImportState: true, ImportStateKind: kind, ImportStateId: id,
			ImportPlanChecks: checks, ExpectNonEmptyPlan: settles}
	}
	return []resource.TestStep{step(resource.ImportBlockWithResourceIdentity), step(resource.ImportBlockWithID)}
}

// badImportSteps plan an import of name into addr (declared by cfg), by an
// import block with the string ID and by one with the identity: both
// fail with the same error, want.
func badImportSteps(cfg, addr, attr, name string, want *regexp.Regexp) []resource.TestStep {
	step := func(by string) resource.TestStep {
		return resource.TestStep{Config: cfg + fmt.Sprintf("import {\n  to = %s\n  %s\n}\n", addr, by), PlanOnly: true, ExpectError: want}
	}
	return []resource.TestStep{step(fmt.Sprintf("id = %q", name)), step(fmt.Sprintf("identity = { %s = %q }", attr, name))}
}

// renameStep applies cfg, which renames addr to name: an update in place,
// not a replace, after which the identity names the new name. check looks
// at the server.
func renameStep(cfg, addr, attr, name string, check resource.TestCheckFunc) resource.TestStep {
	return resource.TestStep{
		Config: cfg,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
			plancheck.ExpectKnownValue(addr, tfjsonpath.New(attr), knownvalue.StringExact(name)),
		}},
		ConfigStateChecks: []statecheck.StateCheck{expectIdentity(addr, attr, name)},
		Check:             check,
	}
}
