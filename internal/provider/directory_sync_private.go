package provider

import (
	"bufio"
	"bytes"
	"compress/flate"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// What alist_directory_sync keeps in its private state, where the plan does
// not show it: what a plan needs to skip reading unchanged files, and what a
// refresh needs to tell a file changed on the server from one left alone.
type syncPrivate struct {
	// Source is the absolute source_dir that Local belongs to.
	Source string `json:"source,omitempty"`
	// Local fingerprints the source files as last planned or uploaded.
	Local map[string]*syncLocal `json:"local,omitempty"`
	// Managed are the files this resource uploaded, with what the server
	// reported after the upload.
	Managed map[string]*syncRemote `json:"managed,omitempty"`
	// Unmanaged are the files below path it did not upload, at the last
	// refresh: delete_unmanaged removes them.
	Unmanaged []string `json:"unmanaged,omitempty"`
	// Dirs are the folders below path known to exist (relative), and
	// Created those this resource created ("" is path itself): destroy
	// removes them when they are empty.
	Dirs    []string `json:"dirs,omitempty"`
	Created []string `json:"created,omitempty"`
	// Listed: Dirs and Unmanaged come from a listing of path (else the
	// folder was never listed, as before the first apply).
	Listed bool `json:"listed,omitempty"`
}

// syncLocal is a source file's fingerprint (see fingerprint).
type syncLocal struct {
	Size    int64  `json:"s"`
	ModNano int64  `json:"m"`
	Inode   uint64 `json:"i,omitempty"`
	SHA256  string `json:"h"`
}

// syncRemote is what the server reported of a file after its upload.
type syncRemote struct {
	SHA256   string            `json:"h"` // of the content uploaded
	Size     int64             `json:"s"`
	Modified string            `json:"m,omitempty"`
	Hashes   map[string]string `json:"x,omitempty"` // the storage's hashes, where it keeps any
}

const privateSyncKey = "sync"

func loadSyncPrivate(ctx context.Context, p privateState, diags *diag.Diagnostics) *syncPrivate {
	sp := &syncPrivate{}
	if p != nil {
		raw, d := p.GetKey(ctx, privateSyncKey)
		diags.Append(d...)
		if len(raw) > 0 && sp.decode(raw) != nil {
			sp = &syncPrivate{} // unreadable: every file is read and sent again
		}
	}
	if sp.Local == nil {
		sp.Local = map[string]*syncLocal{}
	}
	if sp.Managed == nil {
		sp.Managed = map[string]*syncRemote{}
	}
	return sp
}

func (sp *syncPrivate) save(ctx context.Context, p privateSetter, diags *diag.Diagnostics) {
	for _, l := range []*[]string{&sp.Unmanaged, &sp.Dirs, &sp.Created} {
		slices.Sort(*l)
		*l = slices.Compact(*l) // a folder created again after it vanished is listed once
	}
	raw, err := sp.encode()
	if err != nil {
		diags.AddError("Cannot save the private state", err.Error())
		return
	}
	diags.Append(p.SetKey(ctx, privateSyncKey, raw)...)
}

// encode writes the compact form (syncCodec), deflated, in one JSON string.
func (sp *syncPrivate) encode() ([]byte, error) {
	return packBytes(func(w io.Writer) error { return sp.writeCompact(w) })
}

// decode reads the compact form, or the JSON that versions before it wrote
// (their full hashes are kept as they are: only their first 16 hex digits
// are compared).
func (sp *syncPrivate) decode(raw []byte) error {
	return unpackBytes(raw, func(r *bufio.Reader) error {
		if b, err := r.Peek(1); err == nil && b[0] == '{' {
			return json.NewDecoder(r).Decode(sp)
		}
		return sp.readCompact(r)
	})
}

// packPrivate is v as JSON, deflated and base64-encoded into one JSON
// string. Terraform rewrites and re-reads the whole state several times
// per run, and the framework validates private JSON byte by byte: with
// ten thousand files the plain JSON (about 2 MB) cost more than the rest
// of a no-op plan; deflated it is about a third.
func packPrivate(v any) ([]byte, error) {
	return packBytes(func(w io.Writer) error { return json.NewEncoder(w).Encode(v) })
}

// packBytes is what write writes, deflated and base64-encoded into one JSON
// string (the framework takes only JSON as a private value).
func packBytes(write func(io.Writer) error) ([]byte, error) {
	var buf bytes.Buffer
	b64 := base64.NewEncoder(base64.StdEncoding, &buf)
	buf.WriteByte('"')
	zw, err := flate.NewWriter(b64, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	if err := write(zw); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	if err := b64.Close(); err != nil {
		return nil, err
	}
	buf.WriteByte('"')
	return buf.Bytes(), nil
}

// unpackPrivate reads what packPrivate wrote into v.
func unpackPrivate(raw []byte, v any) error {
	return unpackBytes(raw, func(r *bufio.Reader) error { return json.NewDecoder(r).Decode(v) })
}

// unpackBytes reads what packBytes wrote with read.
func unpackBytes(raw []byte, read func(*bufio.Reader) error) error {
	var packed string
	if err := json.Unmarshal(raw, &packed); err != nil {
		return err
	}
	zr := flate.NewReader(base64.NewDecoder(base64.StdEncoding, strings.NewReader(packed)))
	defer zr.Close()
	return read(bufio.NewReader(zr))
}

// fingerprints are the Local records as fingerprints of files below root.
func (sp *syncPrivate) fingerprints(root string) map[string]*fingerprint {
	out := make(map[string]*fingerprint, len(sp.Local))
	if sp.Source != root {
		return out // another folder: nothing known
	}
	for rel, l := range sp.Local {
		out[rel] = &fingerprint{Path: filepath.Join(root, filepath.FromSlash(rel)), Size: l.Size, ModNano: l.ModNano, Inode: l.Inode, SHA256: l.SHA256}
	}
	return out
}

// setLocal records the source files as planned.
func (sp *syncPrivate) setLocal(root string, files []localFile) {
	sp.Source = root
	sp.Local = make(map[string]*syncLocal, len(files))
	for _, f := range files {
		sp.Local[f.rel] = &syncLocal{Size: f.fp.Size, ModNano: f.fp.ModNano, Inode: f.fp.Inode, SHA256: f.fp.SHA256}
	}
}

// digest is `digest` of the files the server holds as uploaded (a file
// changed there since, whose hash is forgotten, is left out).
func (sp *syncPrivate) digest() string {
	held := make(map[string]string, len(sp.Managed))
	for rel, rec := range sp.Managed {
		if rec.SHA256 != "" {
			held[rel] = rec.SHA256
		}
	}
	return treeDigest(held)
}

// treeDigest is `digest` of files (relative path → hex SHA-256): the
// SHA-256 of each path and its hash, in order, the hash cut as the private
// state keeps it.
func treeDigest(files map[string]string) string {
	h := sha256.New()
	for _, rel := range slices.Sorted(maps.Keys(files)) {
		io.WriteString(h, rel+"\x00"+shortHash(files[rel])+"\n")
	}
	return hex.EncodeToString(h.Sum(nil))
}

// keepLocal records, after an apply, the source files' fingerprints with
// the hashes known to be theirs (sent now, or planned for an unchanged
// file), and the files sent as managed.
func (sp *syncPrivate) keepLocal(root string, fps map[string]*fingerprint, sent map[string]*syncRemote) {
	prev := sp.fingerprints(root)
	local := make(map[string]*syncLocal, len(fps))
	for rel, fp := range fps {
		h := ""
		if rec := sent[rel]; rec != nil {
			h = rec.SHA256
		} else if p := prev[rel]; p.sameFile(fp) {
			h = p.SHA256
		}
		if h != "" {
			local[rel] = &syncLocal{Size: fp.Size, ModNano: fp.ModNano, Inode: fp.Inode, SHA256: h}
		}
	}
	sp.Source, sp.Local = root, local
	for rel, rec := range sent {
		sp.Managed[rel] = rec
	}
}

// knownDirs are the folders known to exist ("" is the root).
func (sp *syncPrivate) knownDirs() map[string]bool {
	out := make(map[string]bool, len(sp.Dirs)+1)
	out[""] = sp.Listed
	for _, d := range sp.Dirs {
		out[d] = true
	}
	return out
}

// relDir is the folder of rel, "" for the root.
func relDir(rel string) string {
	if d := path.Dir(rel); d != "." {
		return d
	}
	return ""
}

// ancestors are the folders leading to rel, nearest last: "a/b/c.txt" has "a" and "a/b".
func ancestors(rel string) []string {
	var out []string
	for d := path.Dir(rel); d != "."; d = path.Dir(d) {
		out = append(out, d)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// dotPath reports whether a name on rel starts with ".": a file a Local
// storage with show_hidden off leaves out of its listings (AList v3.38,
// v3.62 and OpenList v4 alike), in a hidden folder or hidden itself.
func dotPath(rel string) bool {
	return strings.HasPrefix(rel, ".") || strings.Contains(rel, "/.")
}
