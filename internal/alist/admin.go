package alist

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"maps"
	"net/http"
	"net/url"
	"strconv"
)

// The admin API (/api/admin/*) shares these conventions on all three
// servers: ids travel in the query string even on POST, a list without
// per_page returns every row, a missing row is "record not found", and an
// update replaces the whole row, so that a field left out is reset.

// adminWrite serialises the admin writes of one session: the servers keep
// storages and metas in in-memory maps that concurrent writes race on,
// and Terraform applies resources in parallel.
func (s *Session) adminWrite(ctx context.Context, r *request, out any) error {
	s.adminMu.Lock()
	defer s.adminMu.Unlock()
	return s.call(ctx, r, out)
}

// adminGet is an admin GET, retried like any read.
func (s *Session) adminGet(ctx context.Context, op, path string, query url.Values, out any) error {
	return s.call(ctx, &request{op: op, method: http.MethodGet, path: path, query: query, idempotent: true}, out)
}

// adminList reads every row of an admin list.
func adminList[T any](ctx context.Context, s *Session, op, path string) ([]T, error) {
	var page struct {
		Content []T `json:"content"`
		Total   int `json:"total"`
	}
	if err := s.adminGet(ctx, op, path, nil, &page); err != nil {
		return nil, err
	}
	return page.Content, nil
}

// adminPages reads an admin list page by page, perPage rows a request, in
// the server's order, handing each page on as it arrives: a caller can
// stop early, and a page that fails ends the sequence with its error
// (naming the page) after the pages before it.
func adminPages[T any](ctx context.Context, s *Session, op, path string, perPage int) iter.Seq2[[]T, error] {
	return func(yield func([]T, error) bool) {
		seen := 0
		for n := 1; ; n++ {
			var page struct {
				Content []T `json:"content"`
				Total   int `json:"total"`
			}
			q := url.Values{"page": {strconv.Itoa(n)}, "per_page": {strconv.Itoa(perPage)}}
			if err := s.adminGet(ctx, op, path, q, &page); err != nil {
				yield(nil, fmt.Errorf("page %d (%d rows a page, %d read before it): %w", n, perPage, seen, err))
				return
			}
			seen += len(page.Content)
			if !yield(page.Content, nil) || len(page.Content) < perPage || seen >= page.Total {
				return
			}
		}
	}
}

// findRow is the one row of a list that match picks (the natural keys are
// unique), or ErrNotFound saying what was looked for.
func findRow[T any](ctx context.Context, list func(context.Context) ([]T, error), op, missing string, match func(*T) bool) (*T, error) {
	all, err := list(ctx)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if match(&all[i]) {
			return &all[i], nil
		}
	}
	return nil, &APIError{Op: op, Code: 404, Message: missing, Kind: ErrNotFound}
}

// byID is the query of the routes that take ?id=.
func byID(id uint) url.Values { return url.Values{"id": {strconv.FormatUint(uint64(id), 10)}} }

// row keeps every field of an admin row as the server sent it. An update
// built from a read sends back the fields this client does not know (a
// newer server's), because the server resets whatever is left out.
type row map[string]json.RawMessage

// decodeRow fills typed from b and keeps all of b in raw.
func decodeRow(b []byte, typed any, raw *row) error {
	if err := json.Unmarshal(b, typed); err != nil {
		return err
	}
	return json.Unmarshal(b, raw)
}

// encodeRow is raw with typed's fields laid over it. typed's optional
// fields are pointers with omitempty: nil keeps what the server sent, or
// leaves out a field the server does not have.
func encodeRow(raw row, typed any) ([]byte, error) {
	b, err := json.Marshal(typed)
	if err != nil {
		return nil, err
	}
	var over row
	if err := json.Unmarshal(b, &over); err != nil {
		return nil, err
	}
	merged := maps.Clone(raw)
	if merged == nil {
		merged = row{}
	}
	maps.Copy(merged, over)
	return json.Marshal(merged)
}

// Has tells whether the server sent the named field: the version-specific
// ones (a storage's disable_index, a meta's read_users) exist only on some.
func (r row) Has(field string) bool {
	_, ok := r[field]
	return ok
}

// errZeroID guards the updates: an id of 0 makes v3.38's storage update
// take the first row for the old one, insert a new row and unmount the
// first storage (which then can be neither disabled nor deleted), so no
// update goes out without a real id.
func errZeroID(what string) error {
	return fmt.Errorf("internal error: refusing to update a %s without its id (id 0 would change another row)", what)
}
