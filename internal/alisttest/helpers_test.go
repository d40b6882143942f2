package alisttest

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var flavors = []Flavor{AListV338, AListV362, OpenListV4}

// eachFlavor runs f as a parallel subtest per flavour (the test itself
// runs in parallel with the others: each has its own servers).
func eachFlavor(t *testing.T, f func(t *testing.T, fl Flavor)) {
	t.Parallel()
	for _, fl := range flavors {
		t.Run(fl.String(), func(t *testing.T) {
			t.Parallel()
			f(t, fl)
		})
	}
}

// client talks to a server with plain net/http, as an outside client does.
type client struct {
	t     testing.TB
	s     *Server
	token string
	hc    *http.Client
}

func newClient(t testing.TB, s *Server) *client {
	return &client{t: t, s: s, hc: &http.Client{Timeout: 30 * time.Second}}
}

// adminClient is a client logged in as the default admin.
func adminClient(t testing.TB, s *Server) *client {
	c := newClient(t, s)
	c.login(DefaultAdminUsername, DefaultAdminPassword).ok(t)
	return c
}

// resp is a decoded answer.
type resp struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`

	status int
	ctype  string
	raw    []byte
	header http.Header
}

// Header is an answer header's value.
func (r resp) Header(k string) string { return r.header.Get(k) }

func (r resp) ok(t testing.TB) resp {
	t.Helper()
	return r.is(t, 200, "success")
}

func (r resp) is(t testing.TB, code int, msg string) resp {
	t.Helper()
	if r.status != 200 || r.Code != code || r.Message != msg {
		t.Fatalf("got HTTP %d code %d %q (%s), want code %d %q", r.status, r.Code, r.Message, trunc(r.raw), code, msg)
	}
	return r
}

func (r resp) obj(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Data, &m); err != nil {
		t.Fatalf("data is not an object: %s", trunc(r.raw))
	}
	return m
}

func trunc(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "..."
	}
	return string(b)
}

// send does one request; headers are "Name: value" strings.
func (c *client) send(method, p string, body io.Reader, headers ...string) resp {
	c.t.Helper()
	req, err := http.NewRequest(method, c.s.URL+p, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if c.token != "" {
		req.Header.Set("Authorization", c.token)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, p, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatalf("%s %s: reading: %v", method, p, err)
	}
	r := resp{status: res.StatusCode, ctype: res.Header.Get("Content-Type"), raw: raw, header: res.Header}
	if strings.HasPrefix(r.ctype, "application/json") {
		if err := json.Unmarshal(raw, &r); err != nil {
			c.t.Fatalf("%s %s: bad JSON %q: %v", method, p, raw, err)
		}
	}
	return r
}

// post sends a JSON body.
func (c *client) post(p string, body any, headers ...string) resp {
	c.t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.send(http.MethodPost, p, bytes.NewReader(b), append([]string{"Content-Type: application/json"}, headers...)...)
}

func (c *client) get(p string, headers ...string) resp {
	c.t.Helper()
	return c.send(http.MethodGet, p, nil, headers...)
}

// login logs in and keeps the token on success.
func (c *client) login(user, pass string, extra ...string) resp {
	c.t.Helper()
	body := map[string]string{"username": user, "password": pass}
	if len(extra) > 0 {
		body["otp_code"] = extra[0]
	}
	saved := c.token
	c.token = ""
	r := c.post("/api/auth/login", body)
	c.token = saved
	if r.Code == 200 {
		var d struct{ Token string }
		_ = json.Unmarshal(r.Data, &d)
		c.token = d.Token
	}
	return r
}

func (c *client) put(p string, content string, headers ...string) resp {
	c.t.Helper()
	return c.send(http.MethodPut, "/api/fs/put", strings.NewReader(content),
		append([]string{"File-Path: " + escapePath(p)}, headers...)...)
}

func (c *client) fsGet(p string) resp {
	c.t.Helper()
	return c.post("/api/fs/get", map[string]any{"path": p})
}

func (c *client) fsList(p string, extra ...any) resp {
	c.t.Helper()
	body := map[string]any{"path": p}
	for i := 0; i+1 < len(extra); i += 2 {
		body[extra[i].(string)] = extra[i+1]
	}
	return c.post("/api/fs/list", body)
}

// names lists the entry names of an fs/list answer.
func names(t testing.TB, r resp) []string {
	t.Helper()
	var d struct {
		Content []struct{ Name string }
	}
	if err := json.Unmarshal(r.Data, &d); err != nil {
		t.Fatalf("bad list: %s", trunc(r.raw))
	}
	out := []string{}
	for _, c := range d.Content {
		out = append(out, c.Name)
	}
	return out
}

// stagedFiles are the uploads received but not moved into place (nor
// removed): none once every request and task has finished.
func stagedFiles(t testing.TB, s *Server) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(s.tmpDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
