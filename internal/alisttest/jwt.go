package alisttest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
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
