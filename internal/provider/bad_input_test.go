package provider

import (
	"context"
	"encoding/pem"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// badInput is one mistake a user can make, and the diagnostic it must get.
type badInput struct {
	name string
	// config returns the configuration (provider block included).
	config func(e *testEnv) string
	want   string // pattern; a space matches any white space
	// setup prepares the server or the disk; it runs before the snapshot.
	setup func(t *testing.T, e *testEnv)
	// local, if set, says why the case needs the local test server.
	local string
}

// fileWith is an alist_file with the given body, under the test's folder.
func fileWith(e *testEnv, rel, body string) string {
	return fmt.Sprintf("resource \"alist_file\" \"x\" {\n  path = %q\n  %s\n}\n", e.path(rel), body)
}

func providerWith(lines ...string) string {
	return "provider \"alist\" {\n  " + strings.Join(lines, "\n  ") + "\n}\n"
}

var limitedUsers = []alisttest.User{
	{Username: "reader", Password: "reader-pass", Permission: 0},
	{Username: "uploader", Password: "uploader-pass", Permission: 1 << 3},
	{Username: "otpuser", Password: "otp-pass", Permission: 0xff, OTPSecret: otpSecret},
}

func badInputs() []badInput {
	plain := func(rel, body string) func(*testEnv) string {
		return func(e *testEnv) string { return e.providerConfig() + fileWith(e, rel, body) }
	}
	badPath := func(p string) func(*testEnv) string {
		return func(e *testEnv) string {
			return e.providerConfig() + fmt.Sprintf("resource \"alist_file\" \"x\" {\n  path = %q\n  content = \"x\"\n}\n", p)
		}
	}
	withProvider := func(lines ...string) func(*testEnv) string {
		return func(e *testEnv) string {
			return providerWith(append([]string{fmt.Sprintf("url = %q", e.url)}, lines...)...) + fileWith(e, "x.txt", `content = "x"`)
		}
	}
	userConfig := func(user, pass, body string) func(*testEnv) string {
		return func(e *testEnv) string {
			return providerWith(fmt.Sprintf("url = %q", e.url), fmt.Sprintf("username = %q", user), fmt.Sprintf("password = %q", pass)) + fileWith(e, "x.txt", body)
		}
	}
	return []badInput{
		// paths
		{name: "relative path", config: badPath("relative/x.txt"), want: `Invalid remote path.*is relative.*must start with "/"`},
		{name: "dot-dot segment", config: badPath("/local/../x.txt"), want: `Invalid remote path.*"\.\." segment`},
		{name: "dot segment", config: badPath("/local/./x.txt"), want: `Invalid remote path.*"\." segment`},
		{name: "empty segment", config: badPath("/local//x.txt"), want: `Invalid remote path.*empty segment.*single slash`},
		{name: "trailing slash", config: badPath("/local/x/"), want: `Invalid remote path.*ends with "/".*remove the trailing slash`},
		{name: "control character", config: badPath("/local/a\tb"), want: `Invalid remote path.*control character`},
		{name: "only the root", config: badPath("/"), want: `Invalid remote path.*site root`},
		// content
		{name: "content and source", config: plain("x.txt", "content = \"x\"\n  source = \"x.txt\""), want: `Invalid Attribute Combination.*content.*source`},
		{name: "no content", config: plain("x.txt", ""), want: `Missing Attribute Configuration.*Exactly one of these attributes.*content,content_base64,source`},
		{name: "source missing", config: plain("x.txt", `source = "/nonexistent/file.txt"`), want: `Unusable source file.*does not exist`},
		{name: "source a directory", config: plain("x.txt", `source = "/tmp"`), want: `Unusable source file.*is a directory.*fileset`},
		{name: "source unreadable", want: `Unusable source file.*(not a regular file|permission denied)`,
			setup: func(t *testing.T, e *testEnv) {
				p := filepath.Join(t.TempDir(), "unreadable")
				if os.Geteuid() == 0 { // root reads anything: a FIFO cannot be uploaded either
					if err := syscall.Mkfifo(p, 0o600); err != nil {
						t.Fatal(err)
					}
				} else {
					writeLocal(t, p, []byte("x"))
					os.Chmod(p, 0)
				}
				e.scratch = p
			},
			config: func(e *testEnv) string {
				return e.providerConfig() + fileWith(e, "x.txt", fmt.Sprintf("source = %q", e.scratch))
			}},
		{name: "content_base64 not base64", config: plain("x.bin", `content_base64 = "not base64!"`), want: `Invalid base64.*filebase64`},
		// provider settings
		{name: "url missing", config: func(e *testEnv) string { return providerWith(`token = "t"`) + fileWith(e, "x.txt", `content = "x"`) }, want: `Missing AList URL.*ALIST_URL`},
		{name: "url without scheme", config: func(e *testEnv) string {
			return providerWith(`url = "files.example.com"`, `token = "t"`) + fileWith(e, "x.txt", `content = "x"`)
		}, want: `Invalid AList URL.*http:// or https://`},
		{name: "url with a query", config: func(e *testEnv) string {
			return providerWith(`url = "http://127.0.0.1:1/?x=1"`, `token = "t"`) + fileWith(e, "x.txt", `content = "x"`)
		}, want: `Invalid AList URL.*query`},
		{name: "url unreachable", config: func(e *testEnv) string {
			return providerWith(`url = "http://127.0.0.1:1"`, `username = "a"`, `password = "b"`, `max_retries = 1`, `retry_max_wait = "100ms"`) + fileWith(e, "x.txt", `content = "x"`)
		}, want: `cannot reach the server at http://127.0.0.1:1|connection refused`},
		{name: "url answering HTML", config: func(e *testEnv) string {
			return providerWith(fmt.Sprintf("url = %q", e.url+"/not-the-api"), fmt.Sprintf("username = %q", e.username), fmt.Sprintf("password = %q", e.password)) + fileWith(e, "x.txt", `content = "x"`)
		}, want: `did not answer as an AList API \(got an HTML page\).*check .url.`},
		{name: "TLS failure", config: func(e *testEnv) string {
			return providerWith(fmt.Sprintf("url = %q", tlsFront(e.t, e.url).url), fmt.Sprintf("username = %q", e.username), fmt.Sprintf("password = %q", e.password)) +
				fileWith(e, "x.txt", `content = "x"`)
		}, want: `certificate`},
		{name: "no credentials", config: withProvider(), want: `Missing credentials.*ALIST_USERNAME.*ALIST_TOKEN`},
		{name: "username without password", config: withProvider(`username = "admin"`), want: `Missing password.*ALIST_PASSWORD`},
		{name: "both OTP settings", config: withProvider(`token = "t"`, `otp_code = "123456"`, fmt.Sprintf("otp_secret = %q", otpSecret)), want: `Conflicting 2FA settings`},
		{name: "OTP secret not base32", config: withProvider(`token = "t"`, `otp_secret = "not base32!"`), want: `Invalid TOTP secret.*base32`},
		{name: "request_timeout not a duration", config: withProvider(`token = "t"`, `request_timeout = "soon"`), want: `request_timeout.*not a duration.*"30s"`},
		{name: "retry_max_wait zero", config: withProvider(`token = "t"`, `retry_max_wait = "0s"`), want: `retry_max_wait.*greater than zero`},
		{name: "max_retries out of range", config: withProvider(`token = "t"`, `max_retries = 99`), want: `max_retries.*0 \(no retries\) to 20`},
		{name: "ca_cert_pem not PEM", config: withProvider(`token = "t"`, `ca_cert_pem = "nope"`), want: `ca_cert_pem.*no PEM certificate`},
		// credentials and permissions (one login attempt each: no lock-out)
		// One failed login: the next test's login succeeds, which resets a real server's lock-out counter.
		{name: "wrong password", config: func(e *testEnv) string { return userConfig(e.username, "wrong-"+e.password, `content = "x"`)(e) },
			want: `login as ".+" failed.*rejected the username or password`},
		{name: "wrong OTP", local: whySecondUser, config: func(e *testEnv) string {
			return providerWith(fmt.Sprintf("url = %q", e.url), `username = "otpuser"`, `password = "otp-pass"`, `otp_code = "000000"`) + fileWith(e, "x.txt", `content = "x"`)
		}, want: `2FA code was missing or wrong.*TOTP secret`},
		{name: "locked out", local: whyLoginCounts, config: userConfig("admin", "admin-pass-123", `content = "x"`), want: `locked this client's IP out.*wait at least 5 minutes`,
			setup: func(t *testing.T, e *testEnv) {
				for range 5 {
					s, _ := alist.NewSession(alist.Config{URL: e.url, Username: "admin", Password: "wrong"})
					s.Login(context.Background())
				}
			}},
		{name: "no write permission", local: whySecondUser, config: userConfig("reader", "reader-pass", `content = "x"`), want: `Cannot upload the file.*permission denied.*make dir and upload`},
		{name: "no storage mounted", config: func(e *testEnv) string {
			return e.providerConfig() + "resource \"alist_file\" \"x\" {\n  path = \"/no-such-storage/x.txt\"\n  content = \"x\"\n}\n"
		}, want: `No AList storage is mounted`},
		{name: "parent is a file", config: plain("parent.txt/x.txt", `content = "x"`), want: `exists as a file`,
			setup: func(t *testing.T, e *testEnv) { e.put(e.path("parent.txt"), []byte("a file")) }},
		{name: "overwrite false on an existing file", config: plain("taken.txt", `content = "x"`), want: `already exists.*terraform import.*overwrite = true`,
			setup: func(t *testing.T, e *testEnv) { e.put(e.path("taken.txt"), []byte("theirs")) }},
		{name: "data source path missing", config: func(e *testEnv) string {
			return e.providerConfig() + fmt.Sprintf("data \"alist_file\" \"x\" {\n  path = %q\n}\n", e.path("nope.txt"))
		}, want: `No such file or folder`},
	}
}

// At least thirty mistakes, each answered by a diagnostic that names the
// attribute or setting and says how to fix it, with the server's files
// exactly as they were before.
func TestAccBadInput(t *testing.T) {
	cases := badInputs()
	if len(cases) < 30 {
		t.Fatalf("only %d bad inputs", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, alisttest.Options{Users: limitedUsers})
			if tc.local != "" {
				e.needsLocal(tc.local)
			}
			// Each configuration says all it means: what it leaves out must
			// stay out, also when an external run's ALIST_* variables are set.
			for _, v := range []string{"ALIST_URL", "ALIST_USERNAME", "ALIST_PASSWORD", "ALIST_TOKEN", "ALIST_OTP_CODE", "ALIST_OTP_SECRET"} {
				t.Setenv(v, "")
			}
			if tc.setup != nil {
				tc.setup(t, e)
			}
			before := e.snapshot()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: []resource.TestStep{{
					Config:      tc.config(e),
					ExpectError: re(`(?s)` + tc.want),
				}},
				CheckDestroy: func(*terraform.State) error {
					if after := e.snapshot(); after != before {
						return fmt.Errorf("the server's files changed:\nbefore:\n%s\nafter:\n%s", before, after)
					}
					return nil
				},
			})
		})
	}
}

// A user who may upload but not delete: the destroy fails clearly and the
// file stays.
func TestAccBadInput_noDeletePermission(t *testing.T) {
	e := newEnv(t, alisttest.Options{Users: limitedUsers})
	e.needsLocal(whySecondUser)
	up := e.withCredentials("uploader", "uploader-pass")
	p := e.path("kept.txt")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: up.factories(),
		Steps: []resource.TestStep{
			{Config: fileConfig(up, "k", p, `content = "kept"`), Check: e.checkRemote(p, []byte("kept"))},
			{Config: up.providerConfig(), ExpectError: re(`(?s)Cannot delete the file.*permission denied.*"remove"`)},
			// The file is still there and still in the state: the admin's
			// plan finds nothing to do, and the admin's destroy cleans up.
			{Config: fileConfig(e, "k", p, `content = "kept"`), Check: e.checkRemote(p, []byte("kept")), PlanOnly: true},
		},
		CheckDestroy: e.checkGone(p),
	})
}

// snapshot lists every file the server holds below the test's folder (path,
// size, modification time), for before/after comparisons.
func (e *testEnv) snapshot() string {
	var lines []string
	if e.server != nil {
		root := e.server.Dir()
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			info, _ := d.Info()
			if info != nil {
				rel, _ := filepath.Rel(root, p)
				lines = append(lines, fmt.Sprintf("%s %d %d", rel, info.Size(), info.ModTime().UnixNano()))
			}
			return nil
		})
	} else {
		items, _ := e.client.List(context.Background(), e.root, alist.ListOptions{})
		for _, it := range items {
			lines = append(lines, fmt.Sprintf("%s %d %s", it.Name, it.Size, it.Modified))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// tlsServer is an HTTPS front with a self-signed certificate.
type tlsServer struct {
	url, caPEM string
}

// tlsFront puts an HTTPS front with a self-signed certificate before the
// server at target (the local test server or an external one).
func tlsFront(t *testing.T, target string) tlsServer {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	director := proxy.Director
	proxy.Director = func(r *http.Request) { director(r); r.Host = u.Host }
	ts := httptest.NewTLSServer(proxy)
	t.Cleanup(ts.Close)
	return tlsServer{url: ts.URL, caPEM: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw}))}
}

// TLS stays verified: a private CA is trusted through ca_cert_pem, and
// insecure_skip_verify works but warns.
func TestAccProvider_tls(t *testing.T) {
	e := newEnv(t, alisttest.Options{})
	front := tlsFront(t, e.url)
	over := e.withURL(front.url)
	p := e.path("tls.txt")
	cfg := func(extra, content string) string {
		return over.providerConfig(extra) + fmt.Sprintf("resource \"alist_file\" \"x\" {\n  path = %q\n  content = %q\n}\n", p, content)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: over.factories(),
		CheckDestroy:             e.checkGone(p),
		Steps: []resource.TestStep{
			{Config: cfg(fmt.Sprintf("ca_cert_pem = %q", front.caPEM), "over TLS"), Check: e.checkRemote(p, []byte("over TLS"))},
			{Config: cfg("insecure_skip_verify = true", "over TLS, unverified"), Check: e.checkRemote(p, []byte("over TLS, unverified"))},
		},
	})
}
