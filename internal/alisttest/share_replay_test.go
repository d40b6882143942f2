package alisttest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// Replay of the shares transcripts (shares-<flavor>.out): v3.62's and
// OpenList's share APIs and downloads, v3.38's web UI pages. Random share
// ids are made the recorded ones (queueShareID), <token> in a public share request is
// the last v3.62 access token, and the public URLs' answers (status line,
// headers, one "[body...]" line) are compared by status, Content-Type,
// Content-Disposition and body (a JSON envelope's code and message, a
// file's bytes, an HTML page's message).

// sharesReplayPlan replays a shares transcript with bob's exchanges (by
// number) sent as bob, the rest as the admin; last 0 is the end.
func sharesReplayPlan(file string, last int, bobs ...[2]int) replayPlan {
	var segs []segment
	next := 1
	for _, b := range bobs {
		segs = append(segs,
			segment{file: file, from: next, to: b[0] - 1},
			segment{file: file, from: b[0], to: b[1], user: "bob", password: "bob-pass-123"})
		next = b[1] + 1
	}
	segs = append(segs, segment{file: file, from: next, to: last})
	return replayPlan{name: "shares", disk: true, segments: segs}
}

// mapShares puts this server's access token in place of the recording's.
func (r *replayer) mapShares(s string) string {
	if r.shareToken != "" {
		s = strings.ReplaceAll(s, "auth=<token>", "auth="+url.QueryEscape(r.shareToken))
		s = strings.ReplaceAll(s, `"token":"<token>"`, `"token":"`+r.shareToken+`"`)
	}
	return s
}

var createdShareIDRE = regexp.MustCompile(`^\{"code":200,"message":"success","data":\{"(?:id":\d+,"share_id|id)":"([^"]+)"`)

// queueShareID makes the random id of a share create the recorded one, so
// ids, and what depends on their order (OpenList lists by id, and acts on
// the first share by id when none is given), are the recording's.
func (r *replayer) queueShareID(x *exchange) {
	if !strings.HasPrefix(x.target, "/api/share/create") || x.data == nil {
		return
	}
	m := createdShareIDRE.FindStringSubmatch(x.body)
	if m == nil || strings.Contains(*x.data, `"`+m[1]+`"`) { // a chosen id
		return
	}
	r.s.shares.mu.Lock()
	r.s.shares.nextIDs = append(r.s.shares.nextIDs, m[1])
	r.s.shares.mu.Unlock()
}

// learnShares learns the v3.62 access token an auth answered.
func (r *replayer) learnShares(x *exchange, ours any) {
	if o, _ := ours.(map[string]any); strings.HasPrefix(x.target, "/api/public/share/auth") {
		if tok, _ := o["token"].(string); tok != "" {
			r.shareToken = tok
		}
	}
}

// checkRaw compares the answer of a public URL with its recording.
func (r *replayer) checkRaw(x *exchange, res *http.Response, got []byte) error {
	lines := strings.Split(x.body, "\n")
	for _, h := range lines[1 : len(lines)-1] {
		k, v, _ := strings.Cut(h, ": ")
		if k != "Content-Type" && k != "Content-Disposition" {
			continue
		}
		if g := res.Header.Get(k); g != v {
			return fmt.Errorf("%s %q, want %q", k, g, v)
		}
	}
	last := lines[len(lines)-1]
	body := strings.ReplaceAll(string(got), r.localDir(), "<DIR>")
	switch {
	case strings.HasPrefix(last, "[body] {"):
		var want, have map[string]any
		if err := json.Unmarshal([]byte(strings.TrimPrefix(last, "[body] ")), &want); err != nil {
			return fmt.Errorf("recorded body: %v", err)
		}
		if err := json.Unmarshal(got, &have); err != nil {
			return fmt.Errorf("not JSON: %q", got)
		}
		if have["code"] != want["code"] || have["message"] != want["message"] {
			return fmt.Errorf("code %v %q, want %v %q", have["code"], have["message"], want["code"], want["message"])
		}
	case strings.HasPrefix(last, "[body] "):
		if want := strings.TrimPrefix(last, "[body] "); string(got) != want {
			return fmt.Errorf("body %q, want %q", got, want)
		}
	case strings.Contains(last, "an HTML error page"):
		msg := last[strings.LastIndex(last, "<p>")+len("<p>"):] // "its <h1> and <p>:" comes first
		msg, _, _ = strings.Cut(msg, "</p>")
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || !strings.Contains(body, "<p>"+msg+"</p>") {
			return fmt.Errorf("want an HTML page with <p>%s</p>, got %q", msg, trunc(got))
		}
	case strings.Contains(last, "bytes of HTML"):
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			return fmt.Errorf("Content-Type %q, want text/html", res.Header.Get("Content-Type"))
		}
	default:
		return fmt.Errorf("unknown body line %q", last)
	}
	return nil
}
