package alisttest

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// otpOpts are the real servers' TOTP settings: SHA1, 6 digits, 30 s, and
// one step of tolerance either way.
var otpOpts = totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

func validOTP(code, secret string) bool {
	ok, err := totp.ValidateCustom(code, secret, time.Now().UTC(), otpOpts)
	return err == nil && ok
}

// OTPCode returns the current TOTP code for a base32 secret, for tests that
// log in a user with 2FA.
func OTPCode(secret string) (string, error) {
	return totp.GenerateCodeCustom(secret, time.Now().UTC(), otpOpts)
}

var errGuest2FA = &apiError{400, "Guest user can not generate 2FA code"}

func handle2FAGenerate(c *reqCtx) (any, error) {
	if c.user.isGuest() {
		return nil, errGuest2FA
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: c.s.flavor.siteTitle(), AccountName: c.user.Username})
	if err != nil {
		return nil, fail(500, err)
	}
	img, err := key.Image(200, 200)
	if err != nil {
		return nil, fail(500, err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fail(500, err)
	}
	return object{
		{"qr", "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())},
		{"secret", key.Secret()},
	}, nil
}

type verify2FAReq struct {
	Code   string `json:"code"`
	Secret string `json:"secret"`
}

func handle2FAVerify(c *reqCtx) (any, error) {
	if c.user.isGuest() {
		return nil, errGuest2FA
	}
	var req verify2FAReq
	if err := bind(c.r, &req); err != nil {
		return nil, err
	}
	if !validOTP(req.Code, req.Secret) {
		return nil, &apiError{400, "Invalid 2FA code"}
	}
	// Enabling 2FA updates the user but keeps pwd_ts: tokens stay valid.
	a := &c.s.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	if u := a.users[c.user.Username]; u != nil {
		u.OTPSecret = req.Secret
	}
	return nil, nil
}
