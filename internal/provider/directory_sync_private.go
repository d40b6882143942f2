package provider

import (
	"bufio"
	"bytes"
	"compress/flate"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"hash"
	"io"
	"maps"
	"path"
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
	sum, err := json.Marshal(sp.summary())
	if err != nil {
		diags.AddError("Cannot save the private state", err.Error())
		return
	}
	diags.Append(p.SetKey(ctx, privateSyncSummaryKey, sum)...)
}

// privateSyncSummaryKey holds a syncSummary of the records beside them.
const privateSyncSummaryKey = "sync_summary"

// syncSummary is what a plan needs of the records when no source file
// changed since they were saved: then the records need not be decoded at
// all (with 100,000 files, decoding them, looking every file up and
// hashing the tree again was half of a no-op plan's own work).
type syncSummary struct {
	Source string `json:"source"`
	// Stat is statDigest of the Local records: a walk of the source that
	// gives the same found every file as recorded.
	Stat string `json:"stat"`
	// Clean: the server holds every Local file as recorded, and nothing
	// uploaded lies outside Local: with the source unchanged, nothing to
	// send or delete.
	Clean bool `json:"clean"`
	// Others are the files of others not in Local, which delete_unmanaged
	// deletes.
	Others int `json:"others"`
	// Digest, Files and Bytes are `digest`, `file_count` and `total_size`
	// of the Local files.
	Digest string `json:"digest"`
	Files  int64  `json:"files"`
	Bytes  int64  `json:"bytes"`
}

func (sp *syncPrivate) summary() syncSummary {
	sum := syncSummary{Source: sp.Source, Clean: true}
	stat, digest := newStatDigest(), newDigester(shortHash)
	for _, rel := range slices.Sorted(maps.Keys(sp.Local)) {
		l := sp.Local[rel]
		stat.add(rel, l.Size, l.ModNano, l.Inode)
		digest.add(rel, l.SHA256)
		sum.Files++
		sum.Bytes += l.Size
		if m := sp.Managed[rel]; l.SHA256 == "" || m == nil || !sameHash(m.SHA256, l.SHA256) {
			sum.Clean = false
		}
	}
	for rel := range sp.Managed {
		if sp.Local[rel] == nil {
			sum.Clean = false
		}
	}
	for _, rel := range sp.Unmanaged {
		if sp.Local[rel] == nil {
			sum.Others++
		}
	}
	sum.Stat, sum.Digest = stat.sum(), digest.sum()
	return sum
}

func hasSyncSummary(ctx context.Context, p privateState) bool {
	raw, _ := p.GetKey(ctx, privateSyncSummaryKey)
	return len(raw) > 0
}

// unchangedPlan is the summary, if the records hold it and the walk of
// root found every file as recorded with nothing to send or delete.
func unchangedPlan(ctx context.Context, p privateState, root string, local []localFile, deleteUnmanaged bool, diags *diag.Diagnostics) *syncSummary {
	if p == nil {
		return nil
	}
	raw, d := p.GetKey(ctx, privateSyncSummaryKey)
	diags.Append(d...)
	var sum syncSummary
	if len(raw) == 0 || json.Unmarshal(raw, &sum) != nil || !sum.Clean || sum.Source != root || deleteUnmanaged && sum.Others > 0 {
		return nil
	}
	stat := newStatDigest()
	for _, f := range local {
		stat.add(f.rel, f.fp.Size, f.fp.ModNano, f.fp.Inode)
	}
	if stat.sum() != sum.Stat {
		return nil
	}
	return &sum
}

// statDigest hashes files' paths and fingerprints, in path order.
type statDigest struct {
	h   hash.Hash
	buf []byte
}

func newStatDigest() *statDigest { return &statDigest{h: sha256.New()} }

func (d *statDigest) add(rel string, size, modNano int64, inode uint64) {
	d.buf = append(append(d.buf[:0], rel...), 0)
	d.buf = binary.AppendVarint(binary.AppendVarint(binary.AppendUvarint(d.buf, inode), modNano), size)
	d.h.Write(d.buf)
}

func (d *statDigest) sum() string { return hex.EncodeToString(d.h.Sum(nil)) }

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

// knownHash is the hash a record holds of the source file rel if fp is
// still the file recorded (same size, modification time and inode); ""
// when there is no such record.
type knownHash func(rel string, fp *fingerprint) string

// knownHashes looks files below root up in the Local records (none when
// they are of another folder). It builds nothing: with 100,000 files, a
// map of fingerprints made for the lookup cost a tenth of a no-op plan.
func (sp *syncPrivate) knownHashes(root string) knownHash {
	return func(rel string, fp *fingerprint) string {
		l := sp.Local[rel]
		if sp.Source != root || l == nil || l.Size != fp.Size || l.ModNano != fp.ModNano || l.Inode != fp.Inode {
			return ""
		}
		return l.SHA256
	}
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

// treeDigest is the sync's `digest` of files (relative path → hex
// SHA-256), the hash cut as the private state keeps it.
func treeDigest(files map[string]string) string { return digestOf(files, shortHash) }

// digestOf is `digest` of either folder resource: the SHA-256 of each path
// and value(its value), in path order.
func digestOf(files map[string]string, value func(string) string) string {
	d := newDigester(value)
	for _, rel := range slices.Sorted(maps.Keys(files)) {
		d.add(rel, files[rel])
	}
	return d.sum()
}

// digester computes digestOf a stream of files given in path order.
type digester struct {
	h     hash.Hash
	value func(string) string
}

func newDigester(value func(string) string) digester { return digester{sha256.New(), value} }

func (d digester) add(rel, v string) { io.WriteString(d.h, rel+"\x00"+d.value(v)+"\n") }

func (d digester) sum() string { return hex.EncodeToString(d.h.Sum(nil)) }

// keepLocal records, after an apply, the source files' fingerprints with
// the hashes known to be theirs (sent now, or planned for an unchanged
// file), and the files sent as managed.
func (sp *syncPrivate) keepLocal(root string, fps map[string]*fingerprint, sent map[string]*syncRemote) {
	prev := sp.knownHashes(root)
	local := make(map[string]*syncLocal, len(fps))
	for rel, fp := range fps {
		h := ""
		if rec := sent[rel]; rec != nil {
			h = rec.SHA256
		} else {
			h = prev(rel, fp)
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
