package alisttest

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// appendString must write exactly what json.Marshal writes, for every
// byte, every rune class it treats specially, and invalid UTF-8.
func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	var cases []string
	for b := 0; b < 256; b++ {
		cases = append(cases, string([]byte{byte(b)}), "a"+string([]byte{byte(b)})+"z")
	}
	for _, r := range []rune{0x7f, 0x80, 0xff, 0x2027, 0x2028, 0x2029, 0x202a, 0xfeff, 0xfffd, utf8.MaxRune, 0x1f600} {
		cases = append(cases, string(r), "x"+string(r)+"<&>")
	}
	cases = append(cases, "", "dir a/sub/hello world.txt", `p%25 #?&+ "q" \ `, "日本語 ファイル.txt",
		"\xe2\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "ok\xc3", strings.Repeat("<a>&\u2028", 100))
	for _, s := range cases {
		want, _ := json.Marshal(s)
		if got := appendString(nil, s); string(got) != string(want) {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	f.Add("hello <world> & \u2028 \x00 \xff")
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendString(nil, s); string(got) != string(want) {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	})
}

// appendJSON writes the answers' value types as json.Marshal does, and
// hands anything else to it.
func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	ts := time.Date(2023, 11, 14, 22, 13, 20, 123456789, time.UTC)
	for _, v := range []any{
		nil, true, false, 0, -7, math.MaxInt64, int32(29183), int64(-1), ts, time.Time{},
		ts.In(time.FixedZone("x", 3600)), "a<b", []string{"x"}, map[string]int{"b": 1, "a": 2},
		[]int(nil), struct {
			A string `json:"a"`
		}{"<"},
	} {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendJSON(nil, v)
		if err != nil || string(got) != string(want) {
			t.Errorf("%#v: got %s %v, want %s", v, got, err, want)
		}
	}
	// The answers' own types: field order kept, nil lists null, nested
	// objects written in place.
	data := object{{"content", []object{{{"name", "a&b"}, {"size", int64(3)}}, {}}}, {"none", []object(nil)},
		{"obj", object(nil)}, {"modified", ts}, {"related", []object{}}}
	got, err := appendJSON(nil, envelope{200, "success", data})
	want := `{"code":200,"message":"success","data":{"content":[{"name":"a\u0026b","size":3},{}],"none":null,` +
		`"obj":{},"modified":"2023-11-14T22:13:20.123456789Z","related":[]}}`
	if err != nil || string(got) != want {
		t.Errorf("got  %s %v\nwant %s", got, err, want)
	}
	if viaMarshal, _ := json.Marshal(envelope{200, "success", data}); string(viaMarshal) != want {
		t.Errorf("json.Marshal: %s", viaMarshal)
	}
}
