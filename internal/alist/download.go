package alist

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// HashDownload fetches a raw_url (which carries its own sign, so no token is
// sent) and returns the hex SHA-256 of its bytes. It fails unless exactly
// size bytes arrive, which also rules out a JSON error envelope in their place.
func (s *Session) HashDownload(ctx context.Context, rawURL string, size int64) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("User-Agent", s.cfg.UserAgent)
	resp, err := s.http.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("download: HTTP %d", resp.StatusCode)
	}
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(resp.Body, size+1))
	if err != nil {
		return "", err
	}
	if n != size {
		return "", fmt.Errorf("download: got %d bytes, expected %d", n, size)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// downloadURL makes a raw_url from fs/get one that downloads. Only a link
// whose path holds an escaped "%" ("%25") can differ between the servers'
// readings (see DownloadURL), so only then is the server info needed: asked
// once per session, so a run costs at most one more /api/public/settings
// (plus the probes of a self-built server), and none when no name has a "%".
// If the info cannot be had, the link stays as the server sent it: the
// metadata call succeeded, and the link works on most servers.
func (s *Session) downloadURL(ctx context.Context, rawURL string) string {
	if !strings.Contains(beforeQuery(rawURL), "%25") {
		return rawURL
	}
	info, err := s.Info(ctx)
	if err != nil {
		s.logf(ctx, "cannot tell the server's version: raw_url kept as the server sent it", map[string]any{"error": err.Error()})
		return rawURL
	}
	return info.DownloadURL(s.baseStr, rawURL)
}

// DownloadURL returns the link that downloads the file fs/get gave rawURL
// for, on a server reached at siteURL (the session's URL).
//
// AList v3.60 and later unescape the path of /p/ links twice
// (AlistGo/alist#9361, a fix for '#' in names): the router decodes it once, the download middleware again. So
// a name with "%" (raw_url "…/p/local/p%2525.txt?sign=…" for "p%25.txt")
// answers "sign invalid" as sent, and works with each "%" of the path
// escaped once more. On those servers only, and only when the path has an
// escaped "%" (without one, decoding twice gives what decoding once does),
// each "%" of the path below "<site path>/p/" becomes "%25". Everything else
// is kept byte for byte: the sign, the query, and any link that is not a
// /p/ or /d/ link of the site (a storage's direct link, such as an S3
// pre-signed URL, must not be touched).
//
// /d/ is treated like /p/: the decoding is in the download middleware,
// which both routes share (they differ in the handler: /d/ may redirect, /p/
// proxies); a /d/ link that redirects needs the same path to verify its sign.
//
// "The site" is the same host (and non-default port) below the same path
// prefix; the scheme may differ, since a server behind a TLS proxy that does
// not forward the scheme writes http:// links. A server whose site_url names
// another host than the one the session uses writes links this cannot tell
// from a storage's: they are kept as sent.
//
// It is not idempotent ("p%2525.txt" is both the fixed link of "p%.txt" and
// the link fs/get gives for "p%25.txt"): apply it once, to fs/get's raw_url.
// Session.Get already has.
func (i ServerInfo) DownloadURL(siteURL, rawURL string) string {
	if !i.DecodesProxyPathTwice() {
		return rawURL
	}
	site, err := url.Parse(siteURL)
	if err != nil {
		return rawURL
	}
	start, end, ok := proxyObjectPath(site, rawURL)
	if !ok || !strings.Contains(rawURL[start:end], "%25") {
		return rawURL
	}
	return rawURL[:start] + strings.ReplaceAll(rawURL[start:end], "%", "%25") + rawURL[end:]
}

// proxyObjectPath finds in rawURL the escaped object path of a /p/ or /d/
// link of site: the bytes after "<site path>/p/" up to the query. It works
// on the string as sent, so that nothing else is re-encoded.
func proxyObjectPath(site *url.URL, rawURL string) (start, end int, ok bool) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Opaque != "" || !sameSiteHost(site, u) {
		return 0, 0, false
	}
	auth := strings.Index(rawURL, "://") + len("://")
	slash := strings.IndexAny(rawURL[auth:], "/?#")
	if slash < 0 || rawURL[auth+slash] != '/' {
		return 0, 0, false // no path
	}
	start = auth + slash + 1 // after the path's leading "/"
	end = start + len(beforeQuery(rawURL[start:]))
	var prefix []string
	if p := strings.Trim(site.Path, "/"); p != "" {
		prefix = strings.Split(p, "/")
	}
	segs := strings.Split(rawURL[start:end], "/")
	if len(segs) < len(prefix)+2 {
		return 0, 0, false
	}
	for k, want := range prefix {
		if got, err := url.PathUnescape(segs[k]); err != nil || got != want {
			return 0, 0, false
		}
	}
	if route := segs[len(prefix)]; route != "p" && route != "d" {
		return 0, 0, false
	}
	for _, seg := range segs[:len(prefix)+1] {
		start += len(seg) + 1
	}
	return start, end, true
}

// sameSiteHost compares hosts and ports, a scheme's default port written or not.
func sameSiteHost(a, b *url.URL) bool {
	return strings.EqualFold(siteHost(a), siteHost(b))
}

func siteHost(u *url.URL) string {
	host, port := u.Hostname(), u.Port()
	if port == "" || u.Scheme == "http" && port == "80" || u.Scheme == "https" && port == "443" {
		return host
	}
	return net.JoinHostPort(host, port)
}

// beforeQuery is s up to its query or fragment.
func beforeQuery(s string) string {
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		return s[:i]
	}
	return s
}
