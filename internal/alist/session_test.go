package alist_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

var flavors = []alisttest.Flavor{alisttest.AListV338, alisttest.AListV362, alisttest.OpenListV4}

const (
	adminPass = "admin-pass-123"
	otpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
)

func session(t *testing.T, cfg alist.Config) *alist.Session {
	t.Helper()
	s, err := alist.NewSession(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func admin(srv *alisttest.Server) alist.Config {
	return alist.Config{URL: srv.URL, Username: "admin", Password: adminPass, RequestTimeout: 20 * time.Second}
}

func forEachFlavor(t *testing.T, opts alisttest.Options, fn func(t *testing.T, srv *alisttest.Server)) {
	for _, f := range flavors {
		t.Run(f.String(), func(t *testing.T) {
			o := opts
			o.Flavor = f
			fn(t, alisttest.NewServer(t, o))
		})
	}
}

// wordings of the credential rejection per flavour, as the real servers
// answer a wrong password (the probe transcripts' first login).
var wrongPassword = map[alisttest.Flavor]string{
	alisttest.AListV338:  "password is incorrect",
	alisttest.AListV362:  "username or password is incorrect",
	alisttest.OpenListV4: "Invalid username or password",
}

// Every credential rejection the real servers answer, per flavour:
// one login attempt, a typed error, the server's words kept, no secret shown.
func TestLoginRejections(t *testing.T) {
	users := []alisttest.User{{Username: "otpuser", Password: "otp-pass", Role: 0, Permission: 0xff, OTPSecret: otpSecret}}
	forEachFlavor(t, alisttest.Options{Users: users}, func(t *testing.T, srv *alisttest.Server) {
		unknownUser := wrongPassword[srv.Flavor()]
		if srv.Flavor() == alisttest.AListV338 {
			unknownUser = "failed find user: record not found"
		}
		for _, tc := range []struct {
			name string
			cfg  alist.Config
			kind error
			msg  string
		}{
			{"wrong password", alist.Config{Username: "admin", Password: "wrong"}, alist.ErrInvalidCredentials, wrongPassword[srv.Flavor()]},
			{"unknown user", alist.Config{Username: "nobody", Password: "x"}, alist.ErrInvalidCredentials, unknownUser},
			{"otp missing", alist.Config{Username: "otpuser", Password: "otp-pass"}, alist.ErrOTP, "Invalid 2FA code"},
			{"otp wrong", alist.Config{Username: "otpuser", Password: "otp-pass", OTPCode: "000000"}, alist.ErrOTP, "Invalid 2FA code"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				srv.ResetLockout()
				tc.cfg.URL = srv.URL
				s := session(t, tc.cfg)
				before := srv.Logins()
				for i := range 3 { // the session must not try again, however often it is asked
					err := s.Login(context.Background())
					var le *alist.LoginError
					if !errors.As(err, &le) || !errors.Is(err, tc.kind) {
						t.Fatalf("got %v, want a LoginError of kind %v", err, tc.kind)
					}
					if i == 0 && (!strings.Contains(err.Error(), tc.msg) || !strings.Contains(err.Error(), "5 failed logins")) {
						t.Errorf("error %q should quote %q and warn about the lock-out", err, tc.msg)
					}
					var pe *alist.PriorLoginError
					if i > 0 && (!errors.As(err, &pe) || !strings.Contains(err.Error(), "failed earlier in this run")) {
						t.Errorf("repeat %d: %v, want a short pointer to the first error", i, err)
					}
					if strings.Contains(err.Error(), tc.cfg.Password) || strings.Contains(err.Error(), alist.HashPassword(tc.cfg.Password)) {
						t.Errorf("error shows the password: %q", err)
					}
				}
				if n := srv.Logins() - before; n != 1 {
					t.Errorf("%d login attempts, want 1", n)
				}
			})
		}
	})
}

func TestLoginWithTOTPSecret(t *testing.T) {
	users := []alisttest.User{{Username: "otpuser", Password: "otp-pass", Permission: 0xff, OTPSecret: otpSecret}}
	forEachFlavor(t, alisttest.Options{Users: users}, func(t *testing.T, srv *alisttest.Server) {
		s := session(t, alist.Config{URL: srv.URL, Username: "otpuser", Password: "otp-pass", OTPSecret: strings.ToLower(otpSecret)})
		me, err := s.Me(context.Background())
		if err != nil || me.Username != "otpuser" || !me.OTP {
			t.Fatalf("me = %+v, %v", me, err)
		}
		// A typed code works once; the session cannot renew with it.
		code, _ := totp.GenerateCode(otpSecret, time.Now())
		s2 := session(t, alist.Config{URL: srv.URL, Username: "otpuser", Password: "otp-pass", OTPCode: code})
		if _, err := s2.Me(context.Background()); err != nil {
			t.Fatal(err)
		}
		srv.ExpireTokens()
		_, err = s2.Me(context.Background())
		if !errors.Is(err, alist.ErrSessionExpired) || !strings.Contains(err.Error(), "TOTP secret") {
			t.Errorf("after expiry with a one-time code: %v", err)
		}
		if _, err := s.Me(context.Background()); err != nil {
			t.Errorf("a TOTP secret renews the session: %v", err)
		}
	})
}

// After 5 failures the server refuses even the right password; the client
// reports the lock-out and sends nothing more.
func TestLockOut(t *testing.T) {
	forEachFlavor(t, alisttest.Options{}, func(t *testing.T, srv *alisttest.Server) {
		for range 5 {
			session(t, alist.Config{URL: srv.URL, Username: "admin", Password: "wrong"}).Login(context.Background())
		}
		s := session(t, admin(srv))
		before := srv.Logins()
		for i := range 2 {
			err := s.Login(context.Background())
			if !errors.Is(err, alist.ErrLockedOut) || i == 0 && !strings.Contains(err.Error(), "wait at least 5 minutes") {
				t.Fatalf("got %v, want ErrLockedOut with advice", err)
			}
		}
		if n := srv.Logins() - before; n != 1 {
			t.Errorf("%d login attempts after the lock-out, want 1", n)
		}
	})
}

// Stale tokens, each way a server makes them: one shared re-login, and the call goes through.
func TestRelogin(t *testing.T) {
	forEachFlavor(t, alisttest.Options{}, func(t *testing.T, srv *alisttest.Server) {
		ctx := context.Background()
		s := session(t, admin(srv))
		if _, err := s.Me(ctx); err != nil {
			t.Fatal(err)
		}
		for name, stale := range map[string]func(){
			"expired":   srv.ExpireTokens,
			"forgotten": srv.ForgetTokens,
		} {
			before := s.LoginCount()
			stale()
			if _, err := s.Me(ctx); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if n := s.LoginCount() - before; n != 1 {
				t.Errorf("%s: %d logins, want 1", name, n)
			}
		}
		// A changed password kills the tokens; the old password then fails once, for good.
		srv.ChangePassword("admin", "new-pass-456")
		_, err := s.Me(ctx)
		if !errors.Is(err, alist.ErrInvalidCredentials) {
			t.Errorf("after a password change: %v", err)
		}
		srv.ResetLockout()
	})
}

// v3.62: a logout ends the user's other sessions ("session inactive").
func TestReloginAfterSessionInactive(t *testing.T) {
	srv := alisttest.NewServer(t, alisttest.Options{Flavor: alisttest.AListV362})
	ctx := context.Background()
	a, b := session(t, admin(srv)), session(t, admin(srv))
	if _, err := a.Me(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // logins in the same second share a token
	if _, err := b.Me(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Me(ctx); err != nil {
		t.Fatalf("after another session's logout: %v", err)
	}
	if a.LoginCount() != 2 {
		t.Errorf("%d logins, want 2", a.LoginCount())
	}
}

// A configured token that goes stale cannot be renewed: a clear error, no login.
func TestTokenOnly(t *testing.T) {
	forEachFlavor(t, alisttest.Options{}, func(t *testing.T, srv *alisttest.Server) {
		ctx := context.Background()
		perm := session(t, alist.Config{URL: srv.URL, Token: srv.AdminToken()})
		if me, err := perm.Me(ctx); err != nil || !me.IsAdmin() {
			t.Fatalf("permanent admin token: %+v %v", me, err)
		}
		for _, tok := range []string{"garbage", "Bearer " + srv.AdminToken()} {
			s := session(t, alist.Config{URL: srv.URL, Token: tok})
			_, err := s.Me(ctx)
			if !errors.Is(err, alist.ErrSessionExpired) || !strings.Contains(err.Error(), "configure a fresh token") {
				t.Errorf("token %.10q: %v", tok, err)
			}
			if s.LoginCount() != 0 {
				t.Error("a token-only session tried to log in")
			}
		}
	})
}

// Fifty callers at once share one login, and one re-login.
func TestOneLoginForConcurrentCallers(t *testing.T) {
	forEachFlavor(t, alisttest.Options{}, func(t *testing.T, srv *alisttest.Server) {
		s := session(t, admin(srv))
		run := func() {
			var wg sync.WaitGroup
			errs := make(chan error, 50)
			for range 50 {
				wg.Go(func() {
					if _, err := s.Get(context.Background(), "/local", ""); err != nil {
						errs <- err
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
		}
		run()
		if n := srv.Logins(); n != 1 {
			t.Errorf("%d logins for 50 concurrent callers, want 1", n)
		}
		srv.ForgetTokens()
		run()
		if n := srv.Logins(); n != 2 {
			t.Errorf("%d logins after the server forgot the token, want 2", n)
		}
	})
}

// Concurrent first callers of CachedMe with a wrong password: one login is
// sent, one caller gets the full explanation, the others a pointer to it.
func TestCachedMeRejectedLoginExplainedOnce(t *testing.T) {
	srv := alisttest.NewServer(t, alisttest.Options{})
	cfg := admin(srv)
	cfg.Password = "wrong"
	s := session(t, cfg)
	before := srv.Logins()
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); _, errs[i] = s.CachedMe(context.Background()) }()
	}
	wg.Wait()
	full, pointers := 0, 0
	for _, err := range errs {
		var le *alist.LoginError
		var pe *alist.PriorLoginError
		switch {
		case errors.As(err, &pe):
			pointers++
		case errors.As(err, &le):
			full++
		default:
			t.Errorf("unexpected error %v", err)
		}
	}
	if full != 1 || pointers != len(errs)-1 || srv.Logins()-before != 1 {
		t.Errorf("%d full errors, %d pointers, %d logins; want 1, %d, 1", full, pointers, srv.Logins()-before, len(errs)-1)
	}
}
