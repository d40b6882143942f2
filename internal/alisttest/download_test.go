package alisttest

import (
	"net/http"
	"strings"
	"testing"
)

// TestDownloadDecodedTwice: AList v3.62 unescapes the /d and /p path twice,
// so the raw_url fs/get returns for a name with '%' answers "sign invalid"
// there and works escaped once more; v3.38 and OpenList decode once.
func TestDownloadDecodedTwice(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl})
		c := adminClient(t, s)
		anon := newClient(t, s)
		twice := fl == AListV362

		// serves: the URL answers the content.
		serves := func(u, want string) {
			t.Helper()
			r := anon.get(strings.TrimPrefix(u, s.URL))
			if r.status != 200 || string(r.raw) != want {
				t.Fatalf("GET %s: HTTP %d %q, want %q", u, r.status, r.raw, want)
			}
		}
		// refused: the URL answers the flavour's 401 msg.
		refused := func(u, msg string) {
			t.Helper()
			r := anon.get(strings.TrimPrefix(u, s.URL))
			if fl == OpenListV4 {
				if r.status != 401 || !strings.Contains(string(r.raw), "<p>"+msg+"</p>") {
					t.Fatalf("GET %s: HTTP %d %q, want the 401 page", u, r.status, r.raw)
				}
				return
			}
			// Exactly the envelope the real v3 servers send, HTTP 200.
			if want := `{"code":401,"message":"` + msg + `","data":null}`; r.status != 200 || string(r.raw) != want {
				t.Fatalf("GET %s: HTTP %d %s, want %s", u, r.status, r.raw, want)
			}
		}

		for _, tc := range []struct {
			name     string // file name
			returned string // its escaped name in raw_url
			again    string // escaped once more
		}{
			{"p%25.txt", "p%2525.txt", "p%252525.txt"},
			{"p%.txt", "p%25.txt", "p%2525.txt"}, // as returned: an invalid escape after one decode
		} {
			p := "/local/t/" + tc.name
			c.put(p, tc.name).ok(t)
			sign := s.Sign(p)
			raw := c.fsGet(p).ok(t).obj(t)["raw_url"].(string)
			// raw_url stays what the real servers return: escaped once.
			if want := s.URL + "/p/local/t/" + tc.returned + "?sign=" + sign; raw != want {
				t.Fatalf("raw_url %s, want %s", raw, want)
			}
			for _, prefix := range []string{"/p/", "/d/"} {
				asReturned := strings.Replace(raw, "/p/", prefix, 1)
				escapedAgain := strings.Replace(asReturned, tc.returned, tc.again, 1)
				if twice {
					refused(asReturned, "sign invalid")
					serves(escapedAgain, tc.name)
				} else {
					serves(asReturned, tc.name)
					refused(escapedAgain, "sign invalid")
				}
			}
		}
		// Without a sign the checks before the HMAC answer as usual, even
		// for a path whose second unescape fails.
		refused("/d/local/t/p%25.txt", "expire missing")

		// HEAD goes the same way.
		req, _ := http.NewRequest(http.MethodHead, s.URL+"/p/local/t/p%252525.txt?sign="+s.Sign("/local/t/p%25.txt"), nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if wantFile := twice; (res.Header.Get("Content-Length") == "8") != wantFile {
			t.Fatalf("HEAD escaped again: HTTP %d, Content-Length %q", res.StatusCode, res.Header.Get("Content-Length"))
		}

		// Names without '%' work as returned everywhere: the second
		// unescape finds nothing left to decode.
		const odd = "/local/t/a b#c?d&e+f é.txt"
		c.put(odd, "odd").ok(t)
		raw := c.fsGet(odd).ok(t).obj(t)["raw_url"].(string)
		serves(raw, "odd")
		serves(strings.Replace(raw, "/p/", "/d/", 1), "odd")
	})
}
