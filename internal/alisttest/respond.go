package alisttest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
)

// apiError is an error answered inside the envelope: the real servers
// always use HTTP 200 and carry the status in "code".
type apiError struct {
	code int
	msg  string
}

func (e *apiError) Error() string { return e.msg }

// fail turns an error into an apiError with the given code, keeping an
// apiError as it is (e.g. the 403 of a path join).
func fail(code int, err error) error { return asAPIError(code, err) }

// asAPIError is err as the envelope error it is, or as one with code.
func asAPIError(code int, err error) *apiError {
	if ae, ok := err.(*apiError); ok {
		return ae
	}
	return &apiError{code, err.Error()}
}

func failf(code int, format string, args ...any) error {
	return &apiError{code, fmt.Sprintf(format, args...)}
}

var (
	errPermissionDenied = &apiError{403, "permission denied"}
	errNotAdmin         = &apiError{403, "You are not an admin"}
	errEmptyNames       = &apiError{400, "Empty file names"}
)

// envelope is every /api answer: {"code","message","data"}.
type envelope struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    any    `json:"data"`
}

// writeJSON answers HTTP 200 with v. Like gin (json.Marshal), it escapes
// <, > and & in strings.
func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // our own response types always encode
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

func writeSuccess(w http.ResponseWriter, data any) {
	writeJSON(w, envelope{200, "success", data})
}

func writeError(w http.ResponseWriter, err error) {
	ae := asAPIError(500, err)
	writeJSON(w, envelope{ae.code, ae.msg, nil})
}

// object is a JSON object that keeps its fields in insertion order, so the
// answers read like the real ones and flavour-specific fields are easy to
// add in place.
type object []field

type field struct {
	k string
	v any
}

func (o object) set(k string, v any) object {
	for i := range o {
		if o[i].k == k {
			o[i].v = v
			return o
		}
	}
	return append(o, field{k, v})
}

func (o object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, _ := json.Marshal(f.k)
		buf.Write(k)
		buf.WriteByte(':')
		v, err := json.Marshal(f.v)
		if err != nil {
			return nil, err
		}
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// bind decodes a request into dst the way gin's ShouldBind does: a JSON body
// when the Content-Type says JSON (and the method is not GET), query and
// form parameters otherwise. Fields are matched by their json tag.
func bind(r *http.Request, dst any) error {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if r.Method != http.MethodGet && ct == "application/json" {
		if err := json.NewDecoder(r.Body).Decode(dst); err != nil {
			return &apiError{400, err.Error()}
		}
		return nil
	}
	if ct == "multipart/form-data" {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			return &apiError{400, err.Error()}
		}
	} else if err := r.ParseForm(); err != nil {
		return &apiError{400, err.Error()}
	}
	return bindForm(r.Form, dst)
}

// bindForm fills the string, bool, int and []string fields of the struct
// dst points to from form values.
func bindForm(form map[string][]string, dst any) error {
	v := reflect.ValueOf(dst).Elem()
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		vals, ok := form[name]
		if name == "" || !ok || len(vals) == 0 {
			continue
		}
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(vals[0])
		case reflect.Bool:
			b, err := strconv.ParseBool(vals[0])
			if err != nil {
				return &apiError{400, err.Error()}
			}
			f.SetBool(b)
		case reflect.Int, reflect.Int64:
			n, err := strconv.ParseInt(vals[0], 10, 64)
			if err != nil {
				return &apiError{400, err.Error()}
			}
			f.SetInt(n)
		case reflect.Slice:
			f.Set(reflect.ValueOf(append([]string(nil), vals...)))
		}
	}
	return nil
}
