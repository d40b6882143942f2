package alisttest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The meta admin API: /api/admin/meta/*. The metas
// are applied by the fs handlers (meta_access.go).

// Meta is a per-path setting. The nearest meta up the tree
// from a path applies to it; the *Sub flags extend a setting to the folders
// below the meta's own path.
type Meta struct {
	ID        int
	Path      string
	Password  string // users without PermAccessNoPass must send it
	PSub      bool
	Write     bool // users without PermWrite may mkdir and upload
	WSub      bool
	Hide      string // newline-separated patterns matched against names
	HSub      bool
	Readme    string // markdown fs/list and fs/get return as "readme"
	RSub      bool
	Header    string // markdown returned as "header"
	HeaderSub bool
	// OpenList only: when non-empty, only these user ids may read (write).
	ReadUsers     []int
	ReadUsersSub  bool
	WriteUsers    []int
	WriteUsersSub bool
}

// Metas returns the metas ordered by id, as /api/admin/meta/list does.
func (s *Server) Metas() []Meta {
	st := &s.metas
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]Meta, 0, len(st.rows))
	for _, r := range st.rows {
		out = append(out, r.clone())
	}
	return out
}

// metaRow is a stored meta with its hide patterns compiled. Rows are never
// changed in place (an update replaces the row), so a request may keep one
// after the store's lock is released.
type metaRow struct {
	Meta
	hide []*regexp.Regexp
}

func (r *metaRow) clone() Meta {
	m := r.Meta
	m.ReadUsers = slices.Clone(m.ReadUsers)
	m.WriteUsers = slices.Clone(m.WriteUsers)
	return m
}

// metaStore is the x_meta table and its cache.
type metaStore struct {
	mu   sync.Mutex
	rows []*metaRow // ordered by id
	// seq is the highest id given so far: ids are not reused (SQLite
	// AUTOINCREMENT; the transcripts' third meta got id 3 after 1 and 2
	// were deleted), and a client-given id moves it up.
	seq int
	// absent is v3.38's negative cache (meta_access.go), valid for the
	// restart generation epoch.
	absent map[string]bool
	epoch  int
}

var (
	errMetaNotFound     = &apiError{500, "failed get old meta: record not found"}
	errMetaPathRequired = &apiError{400, "Key: 'Meta.Path' Error:Field validation for 'Path' failed on the 'required' tag"}
)

// metaUniqueErr is the database's unique-constraint error: mattn's SQLite
// on AList, modernc's (with its code) on OpenList.
func metaUniqueErr(f Flavor, column string) error {
	if f.openList() {
		return failf(500, "constraint failed: UNIQUE constraint failed: x_meta.%s (2067)", column)
	}
	return failf(500, "UNIQUE constraint failed: x_meta.%s", column)
}

func (st *metaStore) indexOf(id int) int {
	return slices.IndexFunc(st.rows, func(r *metaRow) bool { return r.ID == id })
}

func (st *metaStore) byPath(p string) *metaRow {
	for _, r := range st.rows {
		if r.Path == p {
			return r
		}
	}
	return nil
}

func (st *metaStore) get(id int) (Meta, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	i := st.indexOf(id)
	if i < 0 {
		return Meta{}, errMetaNotFound
	}
	return st.rows[i].clone(), nil
}

// page is the rows of one page (per_page < 1: all) and the total.
func (st *metaStore) page(pageNo, perPage int) ([]*metaRow, int) {
	st.mu.Lock()
	defer st.mu.Unlock()
	rows := st.rows
	if perPage >= 1 {
		start := min((max(pageNo, 1)-1)*perPage, len(rows))
		rows = rows[start:min(start+perPage, len(rows))]
	}
	return slices.Clone(rows), len(st.rows)
}

// create inserts a row. Like op.CreateMeta it first forgets the path's
// cache entry, so a new meta takes effect at once on every flavour.
func (st *metaStore) create(f Flavor, r *metaRow) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.forget(r.Path)
	if r.ID != 0 && st.indexOf(r.ID) >= 0 {
		return metaUniqueErr(f, "id")
	}
	if st.byPath(r.Path) != nil {
		return metaUniqueErr(f, "path")
	}
	if r.ID == 0 {
		r.ID = st.seq + 1
	}
	st.seq = max(st.seq, r.ID)
	i, _ := slices.BinarySearchFunc(st.rows, r.ID, func(x *metaRow, id int) int { return x.ID - id })
	st.rows = slices.Insert(st.rows, i, r)
	return nil
}

// update replaces a row whole (db.Save): omitted fields become empty. The
// old path's cache entry is forgotten; v3.38 does not forget the new one,
// so moving a meta onto a path looked up before has no effect there until
// a restart.
func (st *metaStore) update(f Flavor, r *metaRow) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	i := st.indexOf(r.ID)
	if i < 0 {
		return errMetaNotFound
	}
	st.forget(st.rows[i].Path)
	if f.metaUpdateForgetsNewPath() {
		st.forget(r.Path)
	}
	if other := st.byPath(r.Path); other != nil && other.ID != r.ID {
		return metaUniqueErr(f, "path")
	}
	st.rows[i] = r
	return nil
}

func (st *metaStore) delete(id int) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	i := st.indexOf(id)
	if i < 0 {
		return errMetaNotFound
	}
	st.forget(st.rows[i].Path)
	st.rows = slices.Delete(st.rows, i, i+1)
	return nil
}

func (s *Server) metaRoutes(rt map[string]route) {
	rt["/api/admin/meta/list"] = route{methods: get, auth: true, admin: true, h: handleMetaList}
	rt["/api/admin/meta/get"] = route{methods: get, auth: true, admin: true, h: handleMetaGet}
	rt["/api/admin/meta/create"] = route{methods: post, auth: true, admin: true, h: handleMetaCreate}
	rt["/api/admin/meta/update"] = route{methods: post, auth: true, admin: true, h: handleMetaUpdate}
	rt["/api/admin/meta/delete"] = route{methods: post, auth: true, admin: true, h: handleMetaDelete}
}

// metaField is one of a meta's wire fields and where Meta keeps it.
type metaField struct {
	key string
	ptr any // *int, *string, *bool or *[]int
}

// metaFields are m's wire fields in the flavour's order (OpenList puts its
// user lists right after the path; AList has none, so a request's lists
// are ignored there). Create and update bind them, get and list show them.
func metaFields(f Flavor, m *Meta) []metaField {
	fields := []metaField{{"id", &m.ID}, {"path", &m.Path}}
	if f.openList() {
		fields = append(fields, []metaField{
			{"read_users", &m.ReadUsers}, {"read_users_sub", &m.ReadUsersSub},
			{"write_users", &m.WriteUsers}, {"write_users_sub", &m.WriteUsersSub},
		}...)
	}
	return append(fields, []metaField{
		{"password", &m.Password}, {"p_sub", &m.PSub}, {"write", &m.Write}, {"w_sub", &m.WSub},
		{"hide", &m.Hide}, {"h_sub", &m.HSub}, {"readme", &m.Readme}, {"r_sub", &m.RSub},
		{"header", &m.Header}, {"header_sub", &m.HeaderSub},
	}...)
}

// metaJSON is a meta as get and list show it (an unset user list: null).
func metaJSON(f Flavor, m *Meta) object {
	var o object
	for _, fd := range metaFields(f, m) {
		o = append(o, field{fd.key, reflect.ValueOf(fd.ptr).Elem().Interface()})
	}
	return o
}

func handleMetaList(c *reqCtx) (any, error) {
	var req struct {
		Page    int `json:"page"`
		PerPage int `json:"per_page"`
	}
	if err := bind(c.r, &req); err != nil {
		return nil, err
	}
	rows, total := c.s.metas.page(req.Page, req.PerPage)
	content := []object{} // [] even when empty, as the transcripts show
	for _, r := range rows {
		content = append(content, metaJSON(c.s.flavor, &r.Meta))
	}
	return object{{"content", content}, {"total", total}}, nil
}

// metaQueryID is the ?id= of get and delete, parsed with strconv.Atoi as
// the real handlers do (also on POST).
func metaQueryID(r *http.Request) (int, error) {
	id, err := strconv.Atoi(r.URL.Query().Get("id"))
	if err != nil {
		return 0, fail(400, err)
	}
	return id, nil
}

func handleMetaGet(c *reqCtx) (any, error) {
	id, err := metaQueryID(c.r)
	if err != nil {
		return nil, err
	}
	m, err := c.s.metas.get(id)
	if err != nil {
		return nil, err
	}
	return metaJSON(c.s.flavor, &m), nil
}

func handleMetaDelete(c *reqCtx) (any, error) {
	id, err := metaQueryID(c.r)
	if err != nil {
		return nil, err
	}
	return nil, c.s.metas.delete(id)
}

func handleMetaCreate(c *reqCtx) (any, error) {
	r, err := c.bindMeta()
	if err != nil {
		return nil, err
	}
	return nil, c.s.metas.create(c.s.flavor, r) // no id in the answer
}

func handleMetaUpdate(c *reqCtx) (any, error) {
	r, err := c.bindMeta()
	if err != nil {
		return nil, err
	}
	return nil, c.s.metas.update(c.s.flavor, r)
}

// metaBody is a create or update request's JSON object, key by key.
type metaBody struct{ vals map[string]json.RawMessage }

func (b *metaBody) UnmarshalJSON(d []byte) error { return json.Unmarshal(d, &b.vals) }

// bindMeta binds and validates a create or update request as the real
// handlers do: binding (gin's ShouldBind: a JSON body, else the form; the
// path is required), then the hide patterns. The path is normalised with
// FixAndCleanPath.
func (c *reqCtx) bindMeta() (*metaRow, error) {
	var body metaBody
	if err := bind(c.r, &body); err != nil {
		return nil, err
	}
	var m Meta
	fields := metaFields(c.s.flavor, &m)
	vals := body.vals
	if vals == nil {
		vals = metaFormValues(c.r.Form, fields)
	}
	for _, fd := range fields {
		if raw, ok := vals[fd.key]; ok {
			if err := json.Unmarshal(raw, fd.ptr); err != nil {
				return nil, fail(400, err)
			}
		}
	}
	if m.ID < 0 { // the real id is a uint
		return nil, failf(400, "json: cannot unmarshal number %d into Go struct field Meta.id of type uint", m.ID)
	}
	if m.Path == "" {
		return nil, errMetaPathRequired
	}
	hide, err := compileMetaHide(m.Hide)
	if err != nil {
		return nil, err
	}
	m.Path = fixAndCleanPath(m.Path)
	return &metaRow{Meta: m, hide: hide}, nil
}

// metaFormValues are a form's values of the fields as JSON text. The user
// lists are not taken from a form (inferred: a form has no natural way to
// send them).
func metaFormValues(form url.Values, fields []metaField) map[string]json.RawMessage {
	vals := map[string]json.RawMessage{}
	for _, fd := range fields {
		v, ok := form[fd.key]
		if _, isList := fd.ptr.(*[]int); !ok || isList {
			continue
		}
		if _, isText := fd.ptr.(*string); isText {
			vals[fd.key], _ = json.Marshal(v[0]) // a string always encodes
		} else {
			vals[fd.key] = json.RawMessage(v[0])
		}
	}
	return vals
}

// compileMetaHide compiles each line of hide (an empty line is a pattern
// too, which matches every name, as on the real servers). The real servers
// use regexp2 (.NET syntax), which accepts more than Go's RE2 syntax
// (look-arounds, backreferences): such a pattern is refused here but not
// there. The error is worded as regexp2 words it ("... in `expr`"; Go says
// "...: `expr`"), with the code from Go's parser, which names the common
// mistakes (an unclosed group or class) the same way.
func compileMetaHide(hide string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for _, p := range strings.Split(hide, "\n") {
		re, err := regexp.Compile(p)
		if err != nil {
			msg := err.Error()
			var se *syntax.Error
			if errors.As(err, &se) {
				msg = fmt.Sprintf("error parsing regexp: %s in `%s`", se.Code, se.Expr)
			}
			return nil, failf(400, "%s is illegal: %s", p, msg)
		}
		out = append(out, re)
	}
	return out, nil
}
