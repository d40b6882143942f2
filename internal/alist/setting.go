package alist

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// Setting is one of the server's settings. Value is always a string.
// Flag: 0 public (readable without login), 1 private, 2 read-only,
// 3 deprecated.
type Setting struct {
	Key     string `json:"key"`
	Value   string `json:"value"`
	Help    string `json:"help"`
	Type    string `json:"type"`
	Options string `json:"options"`
	Group   int    `json:"group"`
	Flag    int    `json:"flag"`
	Index   int    `json:"index"`

	raw row
}

// Setting flags.
const (
	SettingPublic     = 0
	SettingPrivate    = 1
	SettingReadOnly   = 2
	SettingDeprecated = 3
)

type settingFields Setting

func (st *Setting) UnmarshalJSON(b []byte) error { return decodeRow(b, (*settingFields)(st), &st.raw) }

func (st Setting) MarshalJSON() ([]byte, error) { return encodeRow(st.raw, settingFields(st)) }

// Settings lists every setting, or a group's (group >= 0).
func (s *Session) Settings(ctx context.Context, group int) ([]Setting, error) {
	var q url.Values
	if group >= 0 {
		q = url.Values{"group": {strconv.Itoa(group)}}
	}
	var out []Setting
	err := s.adminGet(ctx, "admin/setting/list", "/api/admin/setting/list", q, &out)
	return out, err
}

// Setting is GET setting/get; an unknown key is ErrNotFound.
func (s *Session) Setting(ctx context.Context, key string) (*Setting, error) {
	var st Setting
	if err := s.adminGet(ctx, "admin/setting/get", "/api/admin/setting/get", url.Values{"key": {key}}, &st); err != nil {
		return nil, err
	}
	return &st, nil
}

// SaveSetting is POST setting/save with one whole item: st should come
// from a read. A bare {key, value} would reset the item's type, group and
// flag, and a private value would become public: readable without login
// at /api/public/settings until the server restarts.
func (s *Session) SaveSetting(ctx context.Context, st *Setting) error {
	return s.adminWrite(ctx, &request{op: "admin/setting/save", method: http.MethodPost, path: "/api/admin/setting/save",
		json: []*Setting{st}, remotePath: st.Key}, nil)
}
