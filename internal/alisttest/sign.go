package alisttest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"hash"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Sign returns the sign of a full virtual path as fs/get reports it:
// base64url(HMAC-SHA256(admin token, "<path>:<expiry>")) + ":" + expiry,
// expiry 0 unless Options.LinkExpiration is set.
func (s *Server) Sign(virtualPath string) string {
	var exp int64
	if s.opts.LinkExpiration > 0 {
		exp = time.Now().Add(s.opts.LinkExpiration).Unix()
	}
	return s.signs.sign(virtualPath, exp)
}

// signer signs with HMACs kept for reuse: a listing signs every file in
// it, and a new HMAC allocates its state and first hashes the key (the
// admin token is longer than a SHA-256 block).
type signer struct {
	pool sync.Pool // of HMAC-SHA256 keyed with the admin token
}

func (sg *signer) init(key string) {
	sg.pool.New = func() any { return hmac.New(sha256.New, []byte(key)) }
}

// sign is signWith(key, data, exp).
func (sg *signer) sign(data string, exp int64) string {
	h, _ := sg.pool.Get().(hash.Hash)
	defer sg.pool.Put(h)
	h.Reset()
	e := strconv.FormatInt(exp, 10)
	_, _ = io.WriteString(h, data)
	_, _ = io.WriteString(h, ":")
	_, _ = io.WriteString(h, e)
	var sum [sha256.Size]byte
	return base64.URLEncoding.EncodeToString(h.Sum(sum[:0])) + ":" + e
}

func signWith(key, data string, exp int64) string {
	e := strconv.FormatInt(exp, 10)
	h := hmac.New(sha256.New, []byte(key))
	h.Write([]byte(data + ":" + e))
	return base64.URLEncoding.EncodeToString(h.Sum(nil)) + ":" + e
}

var (
	errSignExpired   = errors.New("sign expired")
	errSignInvalid   = errors.New("sign invalid")
	errExpireInvalid = errors.New("expire invalid")
	errExpireMissing = errors.New("expire missing")
)

// verifySign checks a sign the way the real servers do, in their order:
// expiry present, parseable, not past (0 never expires), then the HMAC.
func (s *Server) verifySign(data, sign string) error {
	return verifySignWith(s.signs.sign, data, sign)
}

// verifySignWith checks a sign made by signFn (the admin token's signer, or
// v3.62's share access tokens).
func verifySignWith(signFn func(data string, exp int64) string, data, sign string) error {
	parts := strings.Split(sign, ":")
	last := parts[len(parts)-1]
	if last == "" {
		return errExpireMissing
	}
	exp, err := strconv.ParseInt(last, 10, 64)
	if err != nil {
		return errExpireInvalid
	}
	if exp != 0 && exp < time.Now().Unix() {
		return errSignExpired
	}
	if !hmac.Equal([]byte(signFn(data, exp)), []byte(sign)) {
		return errSignInvalid
	}
	return nil
}

// handleDownload serves /d/<path> and /p/<path>: no login, only the sign.
// Both stream the file from disk (Local storages are always proxied).
func handleDownload(c *reqCtx) (any, error) {
	s := c.s
	p := s.downloadPath(c.r.URL.Path[2:]) // strip "/d" or "/p"
	if err := s.verifySign(p, strings.TrimSuffix(c.r.URL.Query().Get("sign"), "/")); err != nil {
		s.downloadError(c.w, 401, err.Error())
		return handled, nil
	}
	o, err := s.fsGet(p)
	if err != nil {
		s.downloadError(c.w, 500, "failed link: "+err.Error())
		return handled, nil
	}
	if o.remote && !o.isDir {
		s.serveRemote(c.w, c.r, p)
		return handled, nil
	}
	if o.isDir || o.disk == "" {
		s.downloadError(c.w, 500, "failed link: not a file")
		return handled, nil
	}
	f, err := os.Open(o.disk)
	if err != nil {
		s.downloadError(c.w, 500, err.Error())
		return handled, nil
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		s.downloadError(c.w, 500, err.Error())
		return handled, nil
	}
	http.ServeContent(c.w, c.r, o.name, fi.ModTime(), f)
	return handled, nil
}

// downloadPath is the virtual path a /d or /p request names, from the
// already decoded route parameter.
//
// AList v3.60 and later unescape it once more (Flavor.downloadPathDecodedTwice)
// before checking the sign and finding the file, so for a name with '%' the
// raw_url fs/get returns (one escape) names another path and answers
// 401 "sign invalid"; escaped once more it works (seen live on v3.62). The unescape is in the download middleware, which v3.62's
// router puts in front of /d as well as /p (one signCheck for both, GET and
// HEAD), so /d decodes twice too.
//
// An invalid escape after the first decode (the name "p%.txt" as returned,
// ".../p%25.txt") also answers "sign invalid" live, so the server does not
// fall back to the once-decoded path. We infer it ignores the error and goes
// on with what url.PathUnescape returns then, "": the root, whose sign never
// matches a file's (and without a sign the checks before the HMAC answer
// as usual).
func (s *Server) downloadPath(param string) string {
	if s.flavor.downloadPathDecodedTwice() {
		param, _ = url.PathUnescape(param) // "" on an invalid escape, see above
	}
	return fixAndCleanPath(param)
}

// downloadError: AList answers inside a JSON envelope with HTTP 200,
// OpenList with an HTML page and the real status.
func (s *Server) downloadError(w http.ResponseWriter, code int, msg string) {
	if s.flavor.openList() {
		writeErrorPage(w, code, msg)
		return
	}
	writeJSON(w, envelope{code, msg, nil})
}
