package alist

import (
	"context"
	"iter"
	"net/http"
)

// Meta is a folder's settings: its password, hidden
// names (newline-separated patterns), readme, header and write access, each
// with a flag that extends it to the sub-folders. ReadUsers and WriteUsers
// (user ids) exist on OpenList only: nil when the server did not send them.
type Meta struct {
	ID        uint   `json:"id"`
	Path      string `json:"path"`
	Password  string `json:"password"`
	PSub      bool   `json:"p_sub"`
	Write     bool   `json:"write"`
	WSub      bool   `json:"w_sub"`
	Hide      string `json:"hide"`
	HSub      bool   `json:"h_sub"`
	Readme    string `json:"readme"`
	RSub      bool   `json:"r_sub"`
	Header    string `json:"header"`
	HeaderSub bool   `json:"header_sub"`

	ReadUsers     *[]uint `json:"read_users,omitempty"`
	ReadUsersSub  *bool   `json:"read_users_sub,omitempty"`
	WriteUsers    *[]uint `json:"write_users,omitempty"`
	WriteUsersSub *bool   `json:"write_users_sub,omitempty"`

	raw row
}

type metaFields Meta

func (m *Meta) UnmarshalJSON(b []byte) error { return decodeRow(b, (*metaFields)(m), &m.raw) }

func (m Meta) MarshalJSON() ([]byte, error) { return encodeRow(m.raw, metaFields(m)) }

// Has tells whether the server sent a field.
func (m *Meta) Has(field string) bool { return m.raw.Has(field) }

// Metas lists every meta.
func (s *Session) Metas(ctx context.Context) ([]Meta, error) {
	return adminList[Meta](ctx, s, "admin/meta/list", "/api/admin/meta/list")
}

// MetaPages reads the metas page by page (adminPages).
func (s *Session) MetaPages(ctx context.Context, perPage int) iter.Seq2[[]Meta, error] {
	return adminPages[Meta](ctx, s, "admin/meta/list", "/api/admin/meta/list", perPage)
}

// Meta is GET meta/get; a missing one is ErrNotFound.
func (s *Session) Meta(ctx context.Context, id uint) (*Meta, error) {
	var m Meta
	if err := s.adminGet(ctx, "admin/meta/get", "/api/admin/meta/get", byID(id), &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// MetaByPath finds the meta of a (normalised) path: metas are unique by path.
func (s *Session) MetaByPath(ctx context.Context, p string) (*Meta, error) {
	want := NormalizeMountPath(p)
	return findRow(ctx, s.Metas, "admin/meta/list", "no meta for "+want, func(m *Meta) bool { return m.Path == want })
}

// CreateMeta is POST meta/create, which answers no id: the new row is found
// by its path.
func (s *Session) CreateMeta(ctx context.Context, m *Meta) (*Meta, error) {
	err := s.adminWrite(ctx, &request{op: "admin/meta/create", method: http.MethodPost, path: "/api/admin/meta/create",
		json: m, remotePath: m.Path}, nil)
	if err != nil {
		return nil, err
	}
	return s.MetaByPath(ctx, m.Path)
}

// UpdateMeta is POST meta/update with the whole row.
func (s *Session) UpdateMeta(ctx context.Context, m *Meta) error {
	if m.ID == 0 {
		return errZeroID("meta")
	}
	return s.adminWrite(ctx, &request{op: "admin/meta/update", method: http.MethodPost, path: "/api/admin/meta/update",
		json: m, remotePath: m.Path}, nil)
}

// DeleteMeta is POST meta/delete.
func (s *Session) DeleteMeta(ctx context.Context, id uint) error {
	return s.adminWrite(ctx, &request{op: "admin/meta/delete", method: http.MethodPost, path: "/api/admin/meta/delete",
		query: byID(id)}, nil)
}
