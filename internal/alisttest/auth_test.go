package alisttest

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

const otpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

func TestStaticHash(t *testing.T) {
	if got, want := StaticHash("admin-pass-123"), "f8f0351ff7cd114df0b19fc516ec98f4c5e4afa1cbb0c6b34a3442e0fadf6ed6"; got != want {
		t.Fatalf("StaticHash = %s, want %s", got, want)
	}
}

func TestParseFlavor(t *testing.T) {
	for in, want := range map[string]Flavor{
		"alist-v3.38": AListV338, "v3.38": AListV338, "alist-v3.62": AListV362, "v3.62": AListV362,
		"openlist-v4": OpenListV4, "openlist": OpenListV4,
	} {
		if got, err := ParseFlavor(in); err != nil || got != want {
			t.Errorf("ParseFlavor(%q) = %v, %v", in, got, err)
		}
	}
	for _, f := range flavors {
		if got, _ := ParseFlavor(f.String()); got != f {
			t.Errorf("round trip of %v", f)
		}
	}
	if _, err := ParseFlavor("nginx"); err == nil {
		t.Error("ParseFlavor accepted nginx")
	}
	if AListV338.Version() != "v3.38.0" || OpenListV4.Version() != "v4.2.5 (Commit: 0000000)" {
		t.Error("versions")
	}
}

// TestAuthErrors walks the auth errors the real servers answer, per flavour.
func TestAuthErrors(t *testing.T) {
	type want struct {
		code int
		msg  string
	}
	wrongPassword := map[Flavor]want{
		AListV338:  {400, "password is incorrect"},
		AListV362:  {400, "username or password is incorrect"},
		OpenListV4: {401, "Invalid username or password"},
	}
	unknownUser := map[Flavor]want{
		AListV338:  {400, "failed find user: record not found"},
		AListV362:  {400, "username or password is incorrect"},
		OpenListV4: {401, "Invalid username or password"},
	}
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl, Users: []User{
			{Username: "otp", Password: "otp-pw", OTPSecret: otpSecret},
			{Username: "off", Password: "off-pw", Disabled: true},
			{Username: "bob", Password: "bob-pw"},
		}})
		c := newClient(t, s)
		w := wrongPassword[fl]
		c.login("admin", "wrong").is(t, w.code, w.msg)
		w = unknownUser[fl]
		c.login("nobody", "x").is(t, w.code, w.msg)
		c.post("/api/auth/login", map[string]string{"password": "x"}).
			is(t, 400, "Key: 'LoginReq.Username' Error:Field validation for 'Username' failed on the 'required' tag")
		c.login("otp", "otp-pw").is(t, 402, "Invalid 2FA code")
		s.ResetLockout()
		c.login("otp", "otp-pw", "000000").is(t, 402, "Invalid 2FA code")
		code, err := OTPCode(otpSecret)
		if err != nil {
			t.Fatal(err)
		}
		c.login("otp", "otp-pw", code).ok(t)

		anon := newClient(t, s)
		anon.get("/api/me").is(t, 401, "Guest user is disabled, login please")
		anon.get("/api/me", "Authorization: garbage").is(t, 401, "token is invalidated")
		anon.get("/api/me", "Authorization: Bearer "+c.token).is(t, 401, "token is invalidated")
		// A well-formed JWT this server never issued (another key).
		forged := signJWT([]byte("other key"), claims{Username: "admin", Exp: time.Now().Add(time.Hour).Unix()})
		anon.get("/api/me", "Authorization: "+forged).is(t, 401, "token is invalidated")

		bob := newClient(t, s)
		bob.login("bob", "bob-pw").ok(t)
		bob.get("/api/me").ok(t)
		s.ChangePassword("bob", "new-pw")
		bob.get("/api/me").is(t, 401, "Password has been changed, login please")
		w = wrongPassword[fl]
		bob.login("bob", "bob-pw").is(t, w.code, w.msg)
		bob.login("bob", "new-pw").ok(t)
		bob.get("/api/me").ok(t)

		s.ExpireTokens()
		bob.get("/api/me").is(t, 401, "token is expired")
		c.get("/api/me").is(t, 401, "token is expired")

		off := newClient(t, s)
		off.login("off", "off-pw").ok(t)
		off.get("/api/me").is(t, 401, "Current user is disabled, replace please")

		// The permanent admin token never expires and survives a restart.
		s.ForgetTokens()
		anon.get("/api/me", "Authorization: "+s.AdminToken()).ok(t)
		if !strings.HasPrefix(s.AdminToken(), fl.tokenPrefix()) {
			t.Errorf("admin token %q", s.AdminToken())
		}
	})
}

func TestForgetTokens(t *testing.T) {
	s := NewServer(t, Options{})
	c := adminClient(t, s)
	c.get("/api/me").ok(t)
	s.ForgetTokens()
	c.get("/api/me").is(t, 401, "token is invalidated")
	c.login("admin", "admin-pass-123").ok(t)
	c.get("/api/me").ok(t)
}

func TestTokenLifetime(t *testing.T) {
	s := NewServer(t, Options{TokenLifetime: 300 * time.Millisecond})
	c := adminClient(t, s)
	c.get("/api/me").ok(t)
	cl := jwtClaims(t, c.token)
	if cl.Username != "admin" || cl.Iat != cl.Nbf || cl.Exp < cl.Iat {
		t.Fatalf("claims %+v", cl)
	}
	time.Sleep(400 * time.Millisecond)
	c.get("/api/me").is(t, 401, "token is expired")
}

func jwtClaims(t *testing.T, tok string) claims {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", tok)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	keys := []string{}
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if !reflect.DeepEqual(keys, []string{"exp", "iat", "nbf", "pwd_ts", "username"}) {
		t.Fatalf("claims %v", keys)
	}
	var c claims
	_ = json.Unmarshal(b, &c)
	return c
}

func TestSameSecondSameToken(t *testing.T) {
	s := NewServer(t, Options{})
	for try := 0; try < 3; try++ {
		a, b := adminClient(t, s), adminClient(t, s)
		if a.token == b.token {
			return
		}
		if jwtClaims(t, a.token).Iat == jwtClaims(t, b.token).Iat {
			t.Fatal("two logins in one second got different tokens")
		}
	}
	t.Fatal("never got two logins within one second")
}

func TestLoginHashAndForms(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl})
		c := newClient(t, s)
		r := c.post("/api/auth/login/hash", map[string]string{"username": "admin", "password": StaticHash("admin-pass-123")}).ok(t)
		d := r.obj(t)
		if _, ok := d["token"].(string); !ok {
			t.Fatalf("no token: %s", r.raw)
		}
		dk, hasDK := d["device_key"].(string)
		if hasDK != (fl == AListV362) || hasDK && len(dk) != 32 {
			t.Fatalf("device_key %q on %v", dk, fl)
		}
		// The hash endpoint wants the hash, not the password.
		if r := c.post("/api/auth/login/hash", map[string]string{"username": "admin", "password": "admin-pass-123"}); r.Code == 200 {
			t.Fatal("login/hash accepted the plain password")
		}
		s.ResetLockout()
		// Query and form parameters work too.
		q := url.Values{"username": {"admin"}, "password": {"admin-pass-123"}}
		c.send("POST", "/api/auth/login?"+q.Encode(), nil).ok(t)
		c.send("POST", "/api/auth/login", strings.NewReader(q.Encode()), "Content-Type: application/x-www-form-urlencoded").ok(t)
		// Malformed JSON answers Go's error.
		c.send("POST", "/api/auth/login", strings.NewReader("{bad"), "Content-Type: application/json").
			is(t, 400, "invalid character 'b' looking for beginning of object key string")
		if s.Logins() != 5 {
			t.Fatalf("Logins() = %d, want 5", s.Logins())
		}
	})
}

func TestLockout(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl})
		c := newClient(t, s)
		w := fl.errWrongPassword()
		// A success resets the counter.
		for i := 0; i < 4; i++ {
			c.login("admin", "bad").is(t, w.code, w.msg)
		}
		c.login("admin", "admin-pass-123").ok(t)
		for i := 0; i < 5; i++ {
			if s.LockedOut() {
				t.Fatalf("locked out after %d failures", i)
			}
			c.login("admin", "bad").is(t, w.code, w.msg)
		}
		if !s.LockedOut() {
			t.Fatal("not locked out after 5 failures")
		}
		c.login("admin", "admin-pass-123").is(t, 429, msgTooManyAttempts)
		c.post("/api/auth/login/hash", map[string]string{"username": "admin", "password": StaticHash("admin-pass-123")}).
			is(t, 429, msgTooManyAttempts)
		if s.Logins() != 12 {
			t.Fatalf("Logins() = %d", s.Logins())
		}

		// Every refused attempt restarts the 5 minutes; after them the
		// counter is gone.
		s.auth.mu.Lock()
		s.auth.lockouts["127.0.0.1"].until = time.Now().Add(time.Second)
		s.auth.mu.Unlock()
		c.login("admin", "admin-pass-123").is(t, 429, msgTooManyAttempts)
		s.auth.mu.Lock()
		until := s.auth.lockouts["127.0.0.1"].until
		s.auth.lockouts["127.0.0.1"].until = time.Now().Add(-time.Second)
		s.auth.mu.Unlock()
		if d := time.Until(until); d < 4*time.Minute {
			t.Fatalf("lock not restarted: %v left", d)
		}
		c.login("admin", "admin-pass-123").ok(t)

		for i := 0; i < 5; i++ {
			c.login("nobody", "bad")
		}
		c.login("admin", "admin-pass-123").is(t, 429, msgTooManyAttempts)
		s.ResetLockout()
		c.login("admin", "admin-pass-123").ok(t)
	})
}

func TestLogout(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl})
		c := adminClient(t, s)
		c.get("/api/auth/logout").ok(t)
		c.get("/api/me").is(t, 401, "token is invalidated")
		c.token = ""
		c.get("/api/auth/logout").is(t, 401, "Guest user is disabled, login please")
	})
}

// TestSessionInactive: on v3.62, logging out deactivates the session, so
// the user's other tokens from the same client die too.
func TestSessionInactive(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Flavor: AListV362})
	// Three tokens of one user, a second apart (within a second the token
	// would be the same string, whatever the Client-Id).
	older := adminClient(t, s)
	waitNextSecond(t, older.token)
	otherClient := newClient(t, s)
	r := otherClient.send("POST", "/api/auth/login", strings.NewReader(`{"username":"admin","password":"admin-pass-123"}`),
		"Content-Type: application/json", "Client-Id: other-client").ok(t)
	otherClient.token = r.obj(t)["token"].(string)
	waitNextSecond(t, otherClient.token)
	newer := adminClient(t, s)

	newer.get("/api/auth/logout").ok(t)
	newer.get("/api/me").is(t, 401, "token is invalidated")
	older.get("/api/me").is(t, 401, "session inactive")
	older.get("/api/me").is(t, 401, "token is invalidated")
	otherClient.get("/api/me").ok(t) // another client's session lives on
	// A new login starts a new session.
	adminClient(t, s).get("/api/me").ok(t)

	// Other flavours have no sessions: logout kills only that token.
	s2 := NewServer(t, Options{Flavor: AListV338})
	a := adminClient(t, s2)
	waitNextSecond(t, a.token)
	b := adminClient(t, s2)
	b.get("/api/auth/logout").ok(t)
	a.get("/api/me").ok(t)
}

// waitNextSecond sleeps until a login gets a token other than tok (tokens
// are per user and second).
func waitNextSecond(t *testing.T, tok string) {
	time.Sleep(time.Until(time.Unix(jwtClaims(t, tok).Iat+1, 0)) + 10*time.Millisecond)
}

func TestMeShapes(t *testing.T) {
	want := map[Flavor]string{
		AListV338:  "base_path disabled id otp password permission role sso_id username",
		AListV362:  "base_path disabled id otp password permission permissions role role_names sso_id username",
		OpenListV4: "allow_ldap base_path disabled id otp password permission role sso_id username",
	}
	adminPerm := map[Flavor]float64{AListV338: 0, AListV362: 65535, OpenListV4: 29183}
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl, Users: []User{{Username: "guest", Role: RoleGuest}}})
		me := adminClient(t, s).get("/api/me").ok(t).obj(t)
		if got := keys(me); got != want[fl] {
			t.Fatalf("me keys %q, want %q", got, want[fl])
		}
		if me["username"] != "admin" || me["permission"] != adminPerm[fl] {
			t.Fatalf("me %v", me)
		}
		if fl == AListV362 {
			if !reflect.DeepEqual(me["role"], []any{2.0}) || !reflect.DeepEqual(me["role_names"], []any{"admin"}) {
				t.Fatalf("v3.62 role %v %v", me["role"], me["role_names"])
			}
		} else if me["role"] != 2.0 {
			t.Fatalf("role %v", me["role"])
		}
		// An enabled guest answers for requests without a token.
		g := newClient(t, s).get("/api/me").ok(t).obj(t)
		if g["username"] != "guest" {
			t.Fatalf("guest me %v", g)
		}
	})
}

func keys(m map[string]any) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, " ")
}

func TestTwoFactorSetup(t *testing.T) {
	eachFlavor(t, func(t *testing.T, fl Flavor) {
		s := NewServer(t, Options{Flavor: fl, Users: []User{{Username: "bob", Password: "bob-pw"}}})
		c := newClient(t, s)
		c.login("bob", "bob-pw").ok(t)
		g := c.post("/api/auth/2fa/generate", nil).ok(t).obj(t)
		secret, _ := g["secret"].(string)
		if secret == "" || !strings.HasPrefix(g["qr"].(string), "data:image/png;base64,") {
			t.Fatalf("generate: %v", g)
		}
		c.post("/api/auth/2fa/verify", map[string]string{"code": "000000", "secret": secret}).is(t, 400, "Invalid 2FA code")
		code, _ := OTPCode(secret)
		c.post("/api/auth/2fa/verify", map[string]string{"code": code, "secret": secret}).ok(t)
		if me := c.get("/api/me").ok(t).obj(t); me["otp"] != true {
			t.Fatalf("otp not on: %v", me)
		}
		c.login("bob", "bob-pw").is(t, 402, "Invalid 2FA code")
		c.login("bob", "bob-pw", code).ok(t)
	})
}
