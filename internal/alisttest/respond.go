package alisttest

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
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

func (e envelope) appendTo(buf []byte) ([]byte, error) {
	buf = append(buf, `{"code":`...)
	buf = strconv.AppendInt(buf, int64(e.Code), 10)
	buf = append(buf, `,"message":`...)
	buf = appendString(buf, e.Message)
	buf = append(buf, `,"data":`...)
	buf, err := appendJSON(buf, e.Data)
	return append(buf, '}'), err
}

// writeJSON answers HTTP 200 with v. Like gin (json.Marshal), it escapes
// <, > and & in strings: appendJSON writes what json.Marshal would.
func writeJSON(w http.ResponseWriter, v any) {
	bp, _ := jsonBuffers.Get().(*[]byte) // always one: the pool's New makes them
	b, err := appendJSON((*bp)[:0], v)
	if err != nil {
		panic(err) // our own response types always encode
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
	if cap(b) <= maxPooledBuffer {
		*bp = b
		jsonBuffers.Put(bp)
	}
}

// jsonBuffers are reused answer buffers: a listing's answer is tens of KiB.
// Those of huge answers are left to the garbage collector.
var jsonBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

const maxPooledBuffer = 1 << 20

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

// pick is the fields named, in that order (those o lacks are left out).
func (o object) pick(keys ...string) object {
	var out object
	for _, k := range keys {
		for _, f := range o {
			if f.k == k {
				out = append(out, f)
			}
		}
	}
	return out
}

func (o object) MarshalJSON() ([]byte, error) { return o.appendTo(nil) }

func (o object) appendTo(buf []byte) ([]byte, error) {
	buf = append(buf, '{')
	for i, f := range o {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendString(buf, f.k)
		buf = append(buf, ':')
		var err error
		if buf, err = appendJSON(buf, f.v); err != nil {
			return nil, err
		}
	}
	return append(buf, '}'), nil
}

// appendJSON appends v as json.Marshal encodes it. The answers' own types
// are written directly: through json.Marshal, every object of a listing
// went through reflection and its output was validated and copied again
// at each level of nesting, which was most of the cost of a listing.
// Anything else goes to json.Marshal.
func appendJSON(buf []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(buf, "null"...), nil
	case envelope:
		return v.appendTo(buf)
	case object:
		return v.appendTo(buf)
	case []object:
		if v == nil {
			return append(buf, "null"...), nil
		}
		buf = append(buf, '[')
		for i, o := range v {
			if i > 0 {
				buf = append(buf, ',')
			}
			var err error
			if buf, err = o.appendTo(buf); err != nil {
				return nil, err
			}
		}
		return append(buf, ']'), nil
	case string:
		return appendString(buf, v), nil
	case bool:
		return strconv.AppendBool(buf, v), nil
	case int:
		return strconv.AppendInt(buf, int64(v), 10), nil
	case int32:
		return strconv.AppendInt(buf, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(buf, v, 10), nil
	case time.Time:
		b, err := v.MarshalJSON()
		return append(buf, b...), err
	}
	b, err := json.Marshal(v)
	return append(buf, b...), err
}

// appendString is encoding/json's string encoding with HTML escaping, as
// json.Marshal does it: <, >, & and control characters as \u00XX (except
// \b \f \n \r \t), invalid UTF-8 as \ufffd, U+2028 and U+2029 escaped.
// TestAppendStringMatchesEncodingJSON holds it to json.Marshal.
func appendString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			buf = append(buf, s[start:i]...)
			switch b {
			case '"', '\\':
				buf = append(buf, '\\', b)
			case '\b':
				buf = append(buf, '\\', 'b')
			case '\f':
				buf = append(buf, '\\', 'f')
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\r':
				buf = append(buf, '\\', 'r')
			case '\t':
				buf = append(buf, '\\', 't')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			buf = append(buf, s[start:i]...)
			buf = append(buf, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			buf = append(buf, s[start:i]...)
			buf = append(buf, '\\', 'u', '2', '0', '2', hex[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
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
