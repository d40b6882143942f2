// Package alist is a client for the AList v3 / OpenList v4 HTTP API.
//
// A Session logs in once, lazily, and shares its token among every concurrent
// caller; it logs in again (once, shared) when the server says the token went
// stale, and never repeats a login the server rejected, because AList locks a
// client IP out after five failed logins. It has no Terraform dependency.
package alist

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// DefaultUserAgent is sent when Config.UserAgent is empty.
const DefaultUserAgent = "terraform-provider-alist/dev"

// Config describes how to reach and authenticate to a server. Either Token or
// Username+Password is needed; OTPCode (one shot) or OTPSecret (base32 TOTP
// secret, a fresh code at each login) add a second factor.
type Config struct {
	URL       string // base URL, may carry a path prefix (https://host/alist)
	Username  string
	Password  string
	OTPCode   string
	OTPSecret string
	Token     string // a JWT or the server's permanent admin token

	UserAgent string
	// RequestTimeout bounds each attempt of a call other than an upload. 0: none.
	RequestTimeout time.Duration
	// MaxRetries is how many times a transient failure of an idempotent call
	// is retried (0: never), a server restarting or loading its storages
	// included; a login only when the failure shows the server did not judge
	// it (a refused connection, such a server). RetryMaxWait caps one backoff
	// wait (default 10s).
	MaxRetries   int
	RetryMaxWait time.Duration

	// TLSConfig, if set, is used by the default transport (private CA, etc).
	TLSConfig *tls.Config
	// MaxConnsPerHost sizes the idle pool so parallel callers reuse
	// connections instead of dialing anew; default 32.
	MaxConnsPerHost int
	// HTTPClient replaces the default client (its Timeout should be 0: uploads can be long).
	HTTPClient *http.Client

	// Log, if set, receives one debug line per request and per retry. Fields
	// never hold a token, password or OTP value.
	Log func(ctx context.Context, msg string, fields map[string]any)
	// Now is the clock for TOTP codes (tests); default time.Now.
	Now func() time.Time
}

// Session is safe for concurrent use.
type Session struct {
	cfg     Config
	base    *url.URL // without trailing slash
	baseStr string   // for messages: no userinfo
	http    *http.Client

	mu       sync.Mutex
	token    string
	gen      uint64     // bumped by every login that succeeds
	loginErr error      // a terminal login failure: never try again
	inflight *loginCall // the one login under way, if any
	otpUsed  bool       // a one-shot OTP code has been spent
	logins   int        // login requests sent

	info lazy[ServerInfo] // Info, asked once
	me   lazy[*Me]        // CachedMe, asked once

	adminMu sync.Mutex // one admin write at a time (adminWrite)
	drivers driverCache
}

type loginCall struct {
	done chan struct{}
	err  error
}

// NewSession checks the configuration and returns a session. It sends nothing.
func NewSession(cfg Config) (*Session, error) {
	u, err := ParseBaseURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	if cfg.Token == "" && (cfg.Username == "" || cfg.Password == "") {
		return nil, errors.New("no credentials: set a token, or a username and a password")
	}
	if cfg.OTPCode != "" && cfg.OTPSecret != "" {
		return nil, errors.New("set either a one-time OTP code or a TOTP secret, not both")
	}
	if cfg.OTPSecret != "" {
		if err := ValidateTOTPSecret(cfg.OTPSecret); err != nil {
			return nil, err
		}
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if cfg.RetryMaxWait <= 0 {
		cfg.RetryMaxWait = 10 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Session{cfg: cfg, base: u, baseStr: u.Redacted(), token: cfg.Token}
	s.http = cfg.HTTPClient
	if s.http == nil {
		s.http = &http.Client{Transport: newTransport(cfg)}
	}
	return s, nil
}

func newTransport(cfg Config) *http.Transport {
	base, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		base = &http.Transport{Proxy: http.ProxyFromEnvironment}
	}
	t := base.Clone()
	n := cfg.MaxConnsPerHost
	if n <= 0 {
		n = 32
	}
	// Terraform runs 10 operations at once by default; an idle pool of 2 (Go's
	// default) would make most of them open a fresh connection every call.
	t.MaxIdleConns = n * 2
	t.MaxIdleConnsPerHost = n
	if cfg.TLSConfig != nil {
		t.TLSClientConfig = cfg.TLSConfig
	}
	return t
}

// ParseBaseURL checks that raw is an absolute http(s) URL with a host and no
// query or fragment, and returns it without a trailing slash.
func ParseBaseURL(raw string) (*url.URL, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, errors.New("the server URL is empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("the server URL is not a valid URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("the server URL %q must start with http:// or https://", u.Redacted())
	}
	if u.Host == "" {
		return nil, fmt.Errorf("the server URL %q has no host", u.Redacted())
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return nil, fmt.Errorf("the server URL %q must not have a query or fragment: give the AList site's base URL, e.g. https://files.example.com or https://example.com/alist", u.Redacted())
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// URL is the base URL the session talks to, without credentials.
func (s *Session) URL() string { return s.baseStr }

// LoginCount is how many login requests the session has sent.
func (s *Session) LoginCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logins
}

// HasToken reports whether a token is at hand (no login needed for the next call).
func (s *Session) HasToken() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.token != ""
}

// currentToken returns a usable token and the login generation it belongs to,
// logging in first if needed. Concurrent callers share one login.
func (s *Session) currentToken(ctx context.Context) (string, uint64, error) {
	for {
		s.mu.Lock()
		if s.token != "" {
			tok, gen := s.token, s.gen
			s.mu.Unlock()
			return tok, gen, nil
		}
		if s.loginErr != nil {
			err := s.loginErr
			s.mu.Unlock()
			return "", 0, prior(err)
		}
		if call := s.inflight; call != nil {
			s.mu.Unlock()
			select {
			case <-call.done:
				if call.err != nil {
					return "", 0, prior(call.err)
				}
				continue
			case <-ctx.Done():
				return "", 0, ctx.Err()
			}
		}
		if err := s.canLogin(); err != nil {
			s.mu.Unlock()
			return "", 0, err
		}
		call := &loginCall{done: make(chan struct{})}
		s.inflight = call
		s.mu.Unlock()

		// The login runs detached from the caller's cancellation so that one
		// caller giving up does not fail the others waiting on it. It stays
		// bounded: each attempt by RequestTimeout (in attempt), the retries
		// of a server that is restarting by MaxRetries and RetryMaxWait. No
		// overall RequestTimeout here, which would cut those retries short.
		tok, err := s.login(context.WithoutCancel(ctx))

		s.mu.Lock()
		s.inflight = nil
		call.err = err
		if err == nil {
			s.token = tok
			s.gen++
		} else if isTerminalLogin(err) {
			s.loginErr = err
		}
		s.mu.Unlock()
		close(call.done)
		if err != nil {
			return "", 0, err
		}
	}
}

// AccountChanged tells the session that an admin update renamed its own
// account (username, the new name, or "" for none) or set its password
// (password, or "" for unchanged): the next login uses them. The token
// stays until the server refuses it: an admin update logs the account out,
// and the session then logs in again, as the account is now.
func (s *Session) AccountChanged(oldUsername, username, password string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cfg.Username != oldUsername || s.cfg.Password == "" {
		return // a token session, or another account
	}
	if username != "" {
		s.cfg.Username = username
	}
	if password != "" {
		s.cfg.Password = password
	}
}

// canLogin reports why a login is impossible, if it is. Called with s.mu held.
func (s *Session) canLogin() error {
	switch {
	case s.cfg.Username == "" || s.cfg.Password == "":
		return fmt.Errorf("%w: the server no longer accepts the configured token (expired, revoked, or the server restarted and forgot it): "+
			"configure a fresh token, or a username and password so that the provider can log in again", ErrSessionExpired)
	case s.cfg.OTPCode != "" && s.otpUsed:
		return fmt.Errorf("%w: the session ended and the one-time OTP code has already been used: "+
			"configure the TOTP secret instead of a typed code, so that a fresh code can be derived at each login", ErrSessionExpired)
	}
	return nil
}

// relogin is called by a caller whose token (of generation gen) the server
// declared stale. Only the first such caller of a generation drops the token;
// the others then wait for the same login.
func (s *Session) relogin(ctx context.Context, gen uint64) (string, uint64, error) {
	s.mu.Lock()
	if s.gen == gen && s.inflight == nil && s.loginErr == nil {
		s.token = ""
		if s.cfg.Username == "" || s.cfg.Password == "" {
			s.gen++ // the configured token is dead for good; canLogin explains
		}
	}
	s.mu.Unlock()
	return s.currentToken(ctx)
}

// prior shortens a terminal login error for the callers that did not send the login.
func prior(err error) error {
	var le *LoginError
	if errors.As(err, &le) {
		return &PriorLoginError{Login: le}
	}
	return err
}

func isTerminalLogin(err error) bool {
	var le *LoginError
	return errors.As(err, &le)
}

func (s *Session) logf(ctx context.Context, msg string, fields map[string]any) {
	if s.cfg.Log != nil {
		s.cfg.Log(ctx, msg, fields)
	}
}
