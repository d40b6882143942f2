package alist

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"syscall"
	"time"
)

// request is one API call as the transport sees it.
type request struct {
	op         string // short name for messages and logs, e.g. "fs/get"
	method     string
	path       string // API path below the base URL, e.g. "/api/fs/get"
	query      url.Values
	json       any                           // JSON body, if any
	body       func() (io.ReadCloser, error) // raw body (uploads), opened once per attempt
	size       int64                         // raw body size: always sent as Content-Length
	header     http.Header
	remotePath string // for error messages
	idempotent bool   // may be retried after a transient failure
	// retryNoVerdict: not idempotent, yet may be sent again after a failure
	// that shows the server gave no verdict on it. Logins only: noVerdict's
	// reasoning about "database is closed" holds for a login, not for a
	// rename or move that may have half happened before the database went.
	retryNoVerdict bool
	noTimeout      bool // uploads: bounded by the caller's context only
}

type envelope struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

// transientError is a failure worth retrying: a 5xx HTTP status (not an
// AList envelope code), a dropped connection, a timeout of one attempt, or an
// envelope saying the server is stopping or loading (ErrServerUnavailable).
type transientError struct {
	err error
	// noVerdict: the failure shows that the server passed no judgement on the
	// request, so that sending it again cannot count twice. True for a
	// refused connection (nothing was sent) and for ErrServerUnavailable
	// answers ("Loading storage" comes from middleware ahead of every
	// handler; "database is closed" from a server that is going away, taking
	// its in-memory failed-login counter with it). False for an HTTP 502/503:
	// a proxy may say so after the server did handle the request.
	noVerdict bool
}

func (e *transientError) Error() string { return e.err.Error() }
func (e *transientError) Unwrap() error { return e.err }

// call runs r with the session's token, logging in first if needed, and once
// more after a fresh login if the server says the token went stale.
func (s *Session) call(ctx context.Context, r *request, out any) error {
	tok, gen, err := s.currentToken(ctx)
	if err != nil {
		return err
	}
	err = s.send(ctx, r, tok, out)
	if !errors.Is(err, ErrSessionExpired) {
		return err
	}
	s.logf(ctx, "AList session no longer valid; logging in again", map[string]any{"op": r.op})
	tok, _, lerr := s.relogin(ctx, gen)
	if lerr != nil {
		return lerr
	}
	return s.send(ctx, r, tok, out)
}

// send runs r with retries for transient failures of idempotent calls.
func (s *Session) send(ctx context.Context, r *request, token string, out any) error {
	for attempt := 0; ; attempt++ {
		err := s.attempt(ctx, r, token, out)
		var te *transientError
		if err == nil || !errors.As(err, &te) {
			return err
		}
		if !r.mayRetry(te) || attempt >= s.cfg.MaxRetries || ctx.Err() != nil {
			if attempt > 0 {
				return fmt.Errorf("%s %s: %w (gave up after %d retries)", r.op, s.baseStr, te.err, attempt)
			}
			return fmt.Errorf("%s %s: %w", r.op, s.baseStr, te.err)
		}
		wait := backoff(attempt, s.cfg.RetryMaxWait)
		s.logf(ctx, "retrying AList call after a transient failure", map[string]any{
			"op": r.op, "attempt": attempt + 1, "max_retries": s.cfg.MaxRetries, "wait": wait.String(), "error": te.err.Error(),
		})
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%s %s: %w (gave up waiting to retry: %w)", r.op, s.baseStr, te.err, ctx.Err())
		case <-t.C:
		}
	}
}

// mayRetry: an idempotent call after any transient failure; another call only
// after a failure that carries no verdict on it.
func (r *request) mayRetry(te *transientError) bool {
	return r.idempotent || r.retryNoVerdict && te.noVerdict
}

// backoff is exponential from 250ms with full jitter in its upper half, capped.
func backoff(attempt int, maxWait time.Duration) time.Duration {
	d := 250 * time.Millisecond << min(attempt, 16)
	if d > maxWait || d <= 0 {
		d = maxWait
	}
	return d/2 + rand.N(d/2+1)
}

func (s *Session) attempt(ctx context.Context, r *request, token string, out any) error {
	if !r.noTimeout && s.cfg.RequestTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.cfg.RequestTimeout)
		defer cancel()
	}
	req, err := s.newHTTPRequest(ctx, r, token)
	if err != nil {
		return err
	}
	start := time.Now()
	resp, err := s.http.Do(req)
	if err != nil {
		return s.transportError(ctx, r, err)
	}
	defer resp.Body.Close()
	env, err := s.readEnvelope(r, resp)
	s.logf(ctx, "AList API call", map[string]any{
		"op": r.op, "method": r.method, "http_status": resp.StatusCode, "code": env.Code, "duration_ms": time.Since(start).Milliseconds(),
	})
	if err != nil {
		return err
	}
	if env.Code != http.StatusOK {
		ae := &APIError{Op: r.op, Path: r.remotePath, Code: env.Code, Message: hideDiskPaths(env.Message), Kind: classify(env.Code, env.Message), Data: env.Data}
		if ae.Kind == ErrServerUnavailable {
			return &transientError{err: ae, noVerdict: true}
		}
		return ae
	}
	if out == nil || len(env.Data) == 0 || string(env.Data) == "null" {
		return nil
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return fmt.Errorf("%s: cannot decode the server's answer: %w", r.op, err)
	}
	return nil
}

func (s *Session) newHTTPRequest(ctx context.Context, r *request, token string) (*http.Request, error) {
	u := *s.base
	u.Path += r.path
	if r.query != nil {
		u.RawQuery = r.query.Encode()
	}
	var body io.ReadCloser
	size := int64(0)
	switch {
	case r.body != nil:
		rc, err := r.body()
		if err != nil {
			return nil, err
		}
		body, size = rc, r.size
	case r.json != nil:
		b, err := json.Marshal(r.json)
		if err != nil {
			return nil, err
		}
		body, size = io.NopCloser(bytes.NewReader(b)), int64(len(b))
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), body)
	if err != nil {
		if body != nil {
			body.Close()
		}
		return nil, err
	}
	if body != nil {
		// Set explicitly: AList v3 refuses a chunked upload, and net/http only
		// infers the length for a few reader types.
		req.ContentLength = size
		if size == 0 {
			req.Body = http.NoBody
			body.Close()
		}
	}
	if r.json != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", s.cfg.UserAgent)
	if token != "" {
		req.Header.Set("Authorization", token) // raw: AList rejects "Bearer <token>"
	}
	return req, nil
}

// readEnvelope checks that the answer is AList JSON and decodes its envelope.
func (s *Session) readEnvelope(r *request, resp *http.Response) (envelope, error) {
	var env envelope
	if resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return env, &transientError{err: fmt.Errorf("the server answered HTTP %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))}
	}
	ct := resp.Header.Get("Content-Type")
	mt, _, _ := mime.ParseMediaType(ct)
	if mt != "application/json" {
		return env, &NotAPIError{URL: s.baseStr, ContentType: orUnknown(ct), Status: resp.StatusCode}
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 256<<20)).Decode(&env); err != nil {
		if isConnError(err) {
			return env, &transientError{err: fmt.Errorf("the connection broke while reading the answer: %w", err)}
		}
		return env, fmt.Errorf("%s: the server's answer is not valid AList JSON: %w", r.op, err)
	}
	return env, nil
}

func orUnknown(ct string) string {
	if ct == "" {
		return "no Content-Type"
	}
	return strconv.Quote(ct)
}

// transportError turns a failed round trip into a transient error when the
// connection dropped or one attempt timed out, but not when the caller's own
// context ended.
func (s *Session) transportError(ctx context.Context, r *request, err error) error {
	if parent := context.Cause(ctx); parent != nil && !errors.Is(parent, context.DeadlineExceeded) {
		return fmt.Errorf("%s: %w", r.op, parent)
	}
	if isConnError(err) {
		return &transientError{err: err, noVerdict: isDialError(err)}
	}
	return fmt.Errorf("%s: cannot reach the server at %s: %w", r.op, s.baseStr, err)
}

// isDialError reports a failure to open the connection (refused, unreachable,
// dial timeout): no byte of the request left the client.
func isDialError(err error) bool {
	var oe *net.OpError
	return errors.As(err, &oe) && oe.Op == "dial"
}

func isConnError(err error) bool {
	var ne net.Error
	var oe *net.OpError
	switch {
	case errors.As(err, &oe), errors.Is(err, net.ErrClosed):
		return true // a socket operation failed: reset, closed, refused
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.EPIPE),
		errors.Is(err, context.DeadlineExceeded):
		return true
	case errors.As(err, &ne) && ne.Timeout():
		return true
	}
	return false
}
