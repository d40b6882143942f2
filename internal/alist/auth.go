package alist

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// passwordSalt is the static salt of /api/auth/login/hash, the same on all
// AList v3 and OpenList versions.
const passwordSalt = "-https://github.com/alist-org/alist"

// HashPassword is what /api/auth/login/hash expects instead of the password,
// so that the plain password never travels.
func HashPassword(password string) string {
	sum := sha256.Sum256([]byte(password + passwordSalt))
	return hex.EncodeToString(sum[:])
}

// ValidateTOTPSecret checks that secret is base32 (spaces and case ignored, padding optional).
func ValidateTOTPSecret(secret string) error {
	s := normalizeSecret(secret)
	if s == "" {
		return errors.New("the TOTP secret is empty")
	}
	if _, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.TrimRight(s, "=")); err != nil {
		return errors.New("the TOTP secret is not valid base32 (letters A-Z and digits 2-7, as shown under the QR code when 2FA was enabled)")
	}
	return nil
}

func normalizeSecret(secret string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(secret), " ", ""))
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
	OTPCode  string `json:"otp_code"`
}

// Login makes sure the session holds a token, logging in if it does not.
// Concurrent calls share one login.
func (s *Session) Login(ctx context.Context) error {
	_, _, err := s.currentToken(ctx)
	return err
}

// login sends one /api/auth/login/hash. It is only called by currentToken,
// which guarantees one at a time.
func (s *Session) login(ctx context.Context) (string, error) {
	body := loginRequest{Username: s.cfg.Username, Password: HashPassword(s.cfg.Password)}
	switch {
	case s.cfg.OTPSecret != "":
		code, err := totp.GenerateCodeCustom(normalizeSecret(s.cfg.OTPSecret), s.cfg.Now(), totp.ValidateOpts{
			Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
		})
		if err != nil {
			return "", fmt.Errorf("cannot derive a 2FA code from the TOTP secret: %w", err)
		}
		body.OTPCode = code
	case s.cfg.OTPCode != "":
		body.OTPCode = s.cfg.OTPCode
		s.mu.Lock()
		s.otpUsed = true
		s.mu.Unlock()
	}
	var data struct {
		Token string `json:"token"`
	}
	s.mu.Lock()
	s.logins++
	s.mu.Unlock()
	s.logf(ctx, "logging in to AList", map[string]any{"username": s.cfg.Username, "with_otp": body.OTPCode != ""})
	// A login is sent again only after a failure that shows the credentials
	// were not judged (a refused connection, a server loading or stopping),
	// so that a restart does not fail the run; never after a verdict, nor
	// after a 502/503 that a proxy may give once the server did judge them.
	err := s.send(ctx, &request{op: "auth/login", method: http.MethodPost, path: "/api/auth/login/hash", json: body, retryNoVerdict: true}, "", &data)
	var ae *APIError
	if errors.As(err, &ae) {
		switch {
		case errors.Is(ae, ErrServerUnavailable):
			// Not a verdict (e.g. v3.38 answers "failed find user: sql:
			// database is closed" with code 400 while stopping): not
			// remembered, the next call may log in again.
		case errors.Is(ae, ErrLockedOut), errors.Is(ae, ErrOTP):
			return "", &LoginError{Username: s.cfg.Username, Err: ae}
		case credentialRejected(ae.Code):
			ae.Kind = ErrInvalidCredentials
			return "", &LoginError{Username: s.cfg.Username, Err: ae}
		}
	}
	if err != nil {
		return "", fmt.Errorf("login as %q: %w", s.cfg.Username, err)
	}
	if data.Token == "" {
		return "", fmt.Errorf("login as %q: the server answered success but sent no token", s.cfg.Username)
	}
	return data.Token, nil
}

// Logout ends the session's token on the server. The next call logs in again.
func (s *Session) Logout(ctx context.Context) error {
	s.mu.Lock()
	tok := s.token
	s.mu.Unlock()
	if tok == "" {
		return nil
	}
	err := s.send(ctx, &request{op: "auth/logout", method: http.MethodGet, path: "/api/auth/logout"}, tok, nil)
	s.mu.Lock()
	if s.token == tok {
		s.token = ""
	}
	s.mu.Unlock()
	return err
}

// Me describes the logged-in account, normalised across server versions.
type Me struct {
	ID         int64
	Username   string
	BasePath   string
	Role       int   // 0 general, 1 guest, 2 admin (v3.62's list is reduced to its highest)
	Roles      []int // as the server sent them
	Disabled   bool
	Permission int32
	OTP        bool
}

// IsAdmin reports whether the account has the admin role.
func (m *Me) IsAdmin() bool { return m.Role == 2 }

// CachedMe is Me asked once per session, then kept: for checks that only
// need the account's standing facts (role, base path), such as the plan-time
// base-path warnings, which would otherwise cost one /api/me per resource.
// Concurrent first callers share one request; a failure is not kept. Me
// itself always asks, for a caller that must see a change made during the
// run. Each caller gets its own copy.
func (s *Session) CachedMe(ctx context.Context) (*Me, error) {
	m, err := s.me.get(ctx, s.Me)
	if err != nil {
		return nil, err
	}
	c := *m
	c.Roles = slices.Clone(m.Roles)
	return &c, nil
}

// Me is GET /api/me, asked afresh at each call (see CachedMe).
func (s *Session) Me(ctx context.Context) (*Me, error) {
	var raw struct {
		ID         int64           `json:"id"`
		Username   string          `json:"username"`
		BasePath   string          `json:"base_path"`
		Role       json.RawMessage `json:"role"`
		Disabled   bool            `json:"disabled"`
		Permission int32           `json:"permission"`
		OTP        bool            `json:"otp"`
		// v3.62: per-path permissions; the top-level field may be 0.
		Permissions []struct {
			Path       string `json:"path"`
			Permission int32  `json:"permission"`
		} `json:"permissions"`
	}
	if err := s.call(ctx, &request{op: "me", method: http.MethodGet, path: "/api/me", idempotent: true}, &raw); err != nil {
		return nil, err
	}
	m := &Me{ID: raw.ID, Username: raw.Username, BasePath: raw.BasePath, Disabled: raw.Disabled, Permission: raw.Permission, OTP: raw.OTP}
	var one int
	if err := json.Unmarshal(raw.Role, &one); err == nil {
		m.Roles = []int{one}
	} else if err := json.Unmarshal(raw.Role, &m.Roles); err != nil {
		return nil, fmt.Errorf("me: unexpected role %s", raw.Role)
	}
	for _, r := range m.Roles {
		m.Role = max(m.Role, r)
	}
	if m.Permission == 0 && len(raw.Permissions) > 0 {
		// The entry for the user's base path (or "/") is what applies to it.
		m.Permission = raw.Permissions[0].Permission
		for _, p := range raw.Permissions {
			if p.Path == raw.BasePath || p.Path == "/" {
				m.Permission = p.Permission
				break
			}
		}
	}
	return m, nil
}
