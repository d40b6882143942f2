package alisttest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
)

// claims are the JWT claims the real servers put in a login token. With
// second-granularity iat, two logins of one user within a second get the
// identical token, as on the real servers.
type claims struct {
	Username string `json:"username"`
	PwdTS    int64  `json:"pwd_ts"`
	Exp      int64  `json:"exp"`
	Nbf      int64  `json:"nbf"`
	Iat      int64  `json:"iat"`
}

var jwtHeader = b64(`{"alg":"HS256","typ":"JWT"}`)

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func signJWT(key []byte, c claims) string {
	payload, err := json.Marshal(c)
	if err != nil {
		panic(err) // plain struct
	}
	unsigned := jwtHeader + "." + b64(string(payload))
	return unsigned + "." + jwtSignature(key, unsigned)
}

func jwtSignature(key []byte, unsigned string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(unsigned))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

var errBadJWT = errors.New("not a valid token")

// parseJWT checks the HS256 signature and returns the claims. Expiry is
// checked by the caller against its own record of the token.
func parseJWT(key []byte, token string) (claims, error) {
	var c claims
	parts := strings.Split(token, ".")
	if len(parts) != 3 || parts[0] != jwtHeader {
		return c, errBadJWT
	}
	want := jwtSignature(key, parts[0]+"."+parts[1])
	if !hmac.Equal([]byte(want), []byte(parts[2])) {
		return c, errBadJWT
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return c, errBadJWT
	}
	if err := json.Unmarshal(payload, &c); err != nil {
		return c, errBadJWT
	}
	return c, nil
}
