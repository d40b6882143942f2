package provider

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/proctune"
)

// syncer carries out one apply or destroy of an alist_directory_sync.
type syncer struct {
	session     *alist.Session
	root        string // the remote folder
	priv        *syncPrivate
	parallelism int
}

func (s *syncer) remote(rel string) string {
	if rel == "" {
		return s.root
	}
	return s.root + "/" + rel
}

// sync makes the server hold the planned files: the plan's private state
// records them (Local), and what the server holds (Managed); a create,
// which gets no private state from its plan, publishes every file of
// source_dir, with the hashes `changes` lists. It sends the new and changed
// ones, deletes those no longer published (and, with delete_unmanaged, the
// files of others), and sets plan.Digest to what the server holds, which is
// the plan's unless something failed.
func (r *directorySyncResource) sync(ctx context.Context, plan *directorySyncModel, priv *syncPrivate, create bool, diags *diag.Diagnostics) {
	s := &syncer{session: r.data.session, root: plan.Path.ValueString(), priv: priv, parallelism: int(plan.Parallelism.ValueInt64())}
	planned := plan.Digest
	defer func() {
		plan.ID, plan.Digest = plan.Path, types.StringValue(priv.digest())
		if !diags.HasError() && !plan.Digest.Equal(planned) {
			// A file whose hash the plan only counted (summarize).
			diags.AddAttributeError(tfpath.Root("source_dir"), "The source folder changed after the plan was made",
				"The files sent are not the ones planned: the server now holds their current content. Run terraform plan again to review it.")
		}
	}()
	desired := make(map[string]string, len(priv.Local))
	for rel, l := range priv.Local {
		desired[rel] = l.SHA256
	}
	// The source as it is now (a stat per file): the uploads check that
	// each file is still what the plan hashed.
	root, err := filepath.Abs(plan.SourceDir.ValueString())
	var local []localFile
	if err == nil {
		local, err = walkSource(root, plan.filter(ctx, diags))
	}
	if err != nil {
		diags.AddAttributeError(tfpath.Root("source_dir"), "Unusable source folder", err.Error()+".")
		return
	}
	proctune.ExpectLargeHeap(len(local))
	fps := make(map[string]*fingerprint, len(local))
	for _, f := range local {
		fps[f.rel] = f.fp
	}
	if create {
		listed := fileMapOf(plan.Changes)
		for rel := range fps {
			desired[rel] = listed[rel] // "" where counted by folder: checked by the digest
		}
	}
	uploads := priv.pending(desired)
	t0 := time.Now()
	if !s.ensureFolders(ctx, uploads, diags) {
		return
	}
	// After ensureFolders: on a first apply it learns the files of others.
	deletes := s.deletions(desired, plan.DeleteUnmanaged.ValueBool())
	t1 := time.Now()
	sent := s.upload(ctx, uploads, fps, desired, diags)
	t2 := time.Now()
	defer func() {
		tflog.Debug(ctx, "applied a folder sync", map[string]any{
			"uploads": len(uploads), "sent": len(sent), "deletes": len(deletes),
			"folders_ms": t1.Sub(t0).Milliseconds(), "uploads_ms": t2.Sub(t1).Milliseconds(), "rest_ms": time.Since(t2).Milliseconds(),
		})
	}()
	for _, rel := range uploads {
		if rec := priv.Managed[rel]; rec != nil && sent[rel] == nil {
			rec.SHA256 = "" // what the server holds now is not known
		}
	}
	s.remove(ctx, deletes, diags)
	keep := make(map[string]string, len(priv.Managed)+len(sent)+len(priv.Unmanaged))
	for rel := range priv.Managed {
		keep[rel] = ""
	}
	for rel := range sent {
		keep[rel] = ""
	}
	for _, rel := range priv.Unmanaged {
		keep[rel] = ""
	}
	s.removeEmptyCreated(ctx, keep, diags)
	priv.keepLocal(root, fps, sent)
}

// pending are the files of desired (relative path → hex SHA-256) that the
// server does not hold as uploaded, sorted.
func (sp *syncPrivate) pending(desired map[string]string) []string {
	var out []string
	for rel, h := range desired {
		if rec := sp.Managed[rel]; rec == nil || !sameHash(rec.SHA256, h) {
			out = append(out, rel)
		}
	}
	sort.Strings(out)
	return out
}

// deletions are the files to delete: those uploaded that desired no
// longer holds and, with delete_unmanaged, every file of others below the
// folder (on a first apply, the plan could not list them).
func (s *syncer) deletions(desired map[string]string, deleteUnmanaged bool) []string {
	var out []string
	for rel := range s.priv.Managed {
		if _, keep := desired[rel]; !keep {
			out = append(out, rel)
		}
	}
	if deleteUnmanaged {
		for _, rel := range s.priv.Unmanaged {
			if _, keep := desired[rel]; !keep {
				out = append(out, rel)
			}
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// ensureFolders creates the missing folders the uploads go to, each once
// (see makeDirs).
func (s *syncer) ensureFolders(ctx context.Context, uploads []string, diags *diag.Diagnostics) bool {
	known := s.priv.knownDirs()
	if !s.priv.Listed {
		// Never listed (a first apply): learn what exists, once.
		tree, err := s.session.Walk(ctx, s.root, alist.WalkOptions{Parallelism: s.parallelism})
		switch {
		case errors.Is(err, alist.ErrNotFound):
			if err := s.session.Mkdir(ctx, s.root); err != nil {
				addAPIError(diags, tfpath.Root("path"), "Cannot create the remote folder", err)
				return false
			}
			s.priv.Created = append(s.priv.Created, "")
		case err != nil:
			addAPIError(diags, tfpath.Root("path"), "Cannot list the remote folder", err)
			return false
		default:
			s.priv.Dirs = tree.Dirs
			s.priv.Unmanaged = s.priv.Unmanaged[:0]
			for _, f := range tree.Files {
				if _, ok := s.priv.Managed[f.Rel]; !ok {
					s.priv.Unmanaged = append(s.priv.Unmanaged, f.Rel)
				}
			}
		}
		s.priv.Listed = true
		known = s.priv.knownDirs()
	}
	var missing []string
	for _, rel := range uploads {
		for _, d := range ancestors(rel) {
			if !known[d] {
				known[d] = true
				missing = append(missing, d)
			}
		}
	}
	return s.makeDirs(ctx, missing, "Cannot create a remote folder", diags)
}

// makeDirs creates the folders (relative to root) level by level,
// shallowest first, so that two requests never race to create one folder
// (drivers other than Local may then make two of the same name), and
// records those made in Created and Dirs. It stops at the first level
// where one failed.
func (s *syncer) makeDirs(ctx context.Context, dirs []string, summary string, diags *diag.Diagnostics) bool {
	byDepth := map[int][]string{}
	maxDepth := -1
	for _, d := range dirs {
		depth := strings.Count(d, "/")
		byDepth[depth] = append(byDepth[depth], d)
		maxDepth = max(maxDepth, depth)
	}
	for depth := 0; depth <= maxDepth; depth++ {
		failed := s.each(ctx, byDepth[depth], func(ctx context.Context, dir string) error {
			return s.session.Mkdir(ctx, s.remote(dir))
		}, "path", summary, diags)
		for _, d := range byDepth[depth] {
			if !failed[d] {
				s.priv.Created = append(s.priv.Created, d)
				s.priv.Dirs = append(s.priv.Dirs, d)
			}
		}
		if len(failed) > 0 {
			return false
		}
	}
	return true
}

// each runs fn on every item, parallelism at a time, and reports which
// failed, adding one error for each (the first few) and a count.
func (s *syncer) each(ctx context.Context, items []string, fn func(context.Context, string) error, attr, summary string, diags *diag.Diagnostics) map[string]bool {
	failed := map[string]bool{}
	if len(items) == 0 {
		return failed
	}
	var mu sync.Mutex
	var errs []error
	next := make(chan string)
	var wg sync.WaitGroup
	for range min(s.parallelism, len(items)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range next {
				if err := fn(ctx, it); err != nil {
					mu.Lock()
					failed[it] = true
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		}()
	}
	for _, it := range items {
		if ctx.Err() != nil {
			mu.Lock()
			failed[it] = true
			mu.Unlock()
			continue
		}
		next <- it
	}
	close(next)
	wg.Wait()
	if ctx.Err() != nil && len(errs) == 0 {
		errs = append(errs, ctx.Err())
	}
	reportFailures(errs, attr, summary, diags)
	return failed
}

// reportFailures adds one error for each of the first few errs, and a count
// of the rest.
func reportFailures(errs []error, attr, summary string, diags *diag.Diagnostics) {
	const shown = 5
	for i, err := range errs {
		if i == shown {
			diags.AddAttributeError(tfpath.Root(attr), summary, fmt.Sprintf("… and %d more failures like these. "+
				"What succeeded is recorded in the state: the next apply sends only what is missing.", len(errs)-shown))
			break
		}
		addAPIError(diags, tfpath.Root(attr), summary, err)
	}
}

// upload sends the files, parallelism at a time, each streamed from disk
// and hashed on the side, and returns what the server reported of each one
// that landed whole, with the hash of what was sent.
func (s *syncer) upload(ctx context.Context, rels []string, fps map[string]*fingerprint, desired map[string]string, diags *diag.Diagnostics) map[string]*syncRemote {
	if len(rels) == 0 {
		return nil
	}
	var mu sync.Mutex
	hashes := make(map[string]string, len(rels))
	failed := s.each(ctx, rels, func(ctx context.Context, rel string) error {
		fp, ok := fps[rel]
		if !ok {
			return fmt.Errorf("%q is no longer in `source_dir` (deleted after the plan was made?): run terraform apply again", rel)
		}
		changed := func() error {
			return fmt.Errorf("%q in `source_dir` changed while it was being sent: run terraform apply again once it is written", rel)
		}
		var b *body
		if fp.Size <= smallFileSize {
			// Read once, hashed in memory, sent from memory: half the
			// system calls of sendfile plus a second read for the hash,
			// which is what thousands of small files cost.
			data, d, err := readSmallFile(fp)
			if errors.Is(err, errFileChanged) {
				return changed()
			}
			if err != nil {
				return fmt.Errorf("%q in `source_dir`: %w", rel, err)
			}
			b = &body{size: fp.Size, fp: fp}
			b.open = func() (io.ReadCloser, error) {
				b.track(digested(d))
				return io.NopCloser(bytes.NewReader(data)), nil
			}
		} else {
			b = fileBody(fp, func(err error) error { return fmt.Errorf("%q in `source_dir`: %w", rel, err) }, changed)
		}
		_, err := s.session.Put(ctx, alist.PutRequest{
			Path: s.remote(rel), Size: fp.Size, Open: b.open,
			ContentType: mime.TypeByExtension(path.Ext(rel)), LastModified: time.Unix(0, fp.ModNano),
		})
		d := b.sent()
		if err != nil {
			return err
		}
		mu.Lock()
		hashes[rel] = d.sha256
		mu.Unlock()
		if d.size != fp.Size || desired[rel] != "" && !sameHash(d.sha256, desired[rel]) {
			return fmt.Errorf("%q in `source_dir` changed after the plan was made: the server now holds its current content (SHA-256 %s, not the planned %s); "+
				"run terraform plan again to review it", rel, d.sha256, desired[rel])
		}
		return nil
	}, "source_dir", "Cannot upload a file", diags)
	got := s.readBack(ctx, rels, failed, fps, diags)
	for rel, rec := range got {
		rec.SHA256 = hashes[rel]
		if rec.SHA256 == "" {
			delete(got, rel)
		}
	}
	return got
}

// readBack asks the server what it holds after the uploads (see
// readFiles) and returns the record of each file that landed with its full
// size.
func (s *syncer) readBack(ctx context.Context, rels []string, failed map[string]bool, fps map[string]*fingerprint, diags *diag.Diagnostics) map[string]*syncRemote {
	rels = slices.DeleteFunc(slices.Clone(rels), func(rel string) bool { return failed[rel] })
	found, unread := s.readFiles(ctx, rels, true, func(ctx context.Context, rel string) (*alist.Object, error) {
		return s.session.FreshGet(ctx, s.remote(rel), func(o *alist.Object) bool { return o.Size == fps[rel].Size })
	}, "An upload did not land as expected", diags)
	got := make(map[string]*syncRemote, len(found))
	var errs []error
	for _, rel := range rels {
		o, want := found[rel], fps[rel]
		switch {
		case unread[relDir(rel)]: // the read failed, and said so
		case o == nil:
			errs = append(errs, fmt.Errorf("the server has no file %q right after its upload", s.remote(rel)))
		case o.IsDir || o.Size != want.Size:
			errs = append(errs, fmt.Errorf("the server reports %d bytes at %q right after an upload of %d bytes: another writer may be changing it", o.Size, s.remote(rel), want.Size))
		default:
			got[rel] = &syncRemote{Size: o.Size, Modified: timeString(o.Modified), Hashes: o.HashInfo}
		}
	}
	reportFailures(errs, "path", "An upload did not land as expected", diags)
	return got
}

// readFiles asks the server for the files at rels, folder by folder, and
// returns those it has: one listing of a folder where it holds at least
// readBackListMin of them, else a read (get) of each. A name the listing
// leaves out is read by its path: a Local storage with show_hidden off
// lists no name starting with "." (a hidden folder's files neither), yet
// answers fs/get, fs/put and fs/remove of it. refresh re-reads the
// listings from the storage. A file not there is left out; the folders
// that could not be read are unread, their failures added to diags under
// summary.
func (s *syncer) readFiles(ctx context.Context, rels []string, refresh bool, get func(context.Context, string) (*alist.Object, error),
	summary string, diags *diag.Diagnostics) (found map[string]*alist.Object, unread map[string]bool) {
	byDir, dirs := byFolder(rels)
	var mu sync.Mutex
	found = make(map[string]*alist.Object, len(rels))
	read := func(ctx context.Context, rel string) error {
		o, err := get(ctx, rel)
		if errors.Is(err, alist.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		mu.Lock()
		found[rel] = o
		mu.Unlock()
		return nil
	}
	unread = s.each(ctx, dirs, func(ctx context.Context, dir string) error {
		files := byDir[dir]
		if len(files) >= readBackListMin {
			items, err := s.session.List(ctx, s.remote(dir), alist.ListOptions{Refresh: refresh})
			if err != nil && !errors.Is(err, alist.ErrNotFound) {
				return err
			}
			byName := make(map[string]*alist.Object, len(items))
			for i := range items {
				byName[items[i].Name] = &items[i]
			}
			unlisted := files[:0:0]
			mu.Lock()
			for _, rel := range files {
				if o, ok := byName[path.Base(rel)]; ok {
					found[rel] = o
				} else if err == nil {
					unlisted = append(unlisted, rel)
				}
			}
			mu.Unlock()
			files = unlisted
		}
		for _, rel := range files {
			if err := read(ctx, rel); err != nil {
				return err
			}
		}
		return nil
	}, "path", summary, diags)
	return found, unread
}

// byFolder groups files by their folder, and lists the folders sorted.
func byFolder(rels []string) (map[string][]string, []string) {
	byDir := map[string][]string{}
	for _, rel := range rels {
		byDir[relDir(rel)] = append(byDir[relDir(rel)], rel)
	}
	dirs := slices.Sorted(maps.Keys(byDir))
	return byDir, dirs
}

// readBackListMin is how many uploads into one folder make listing it
// cheaper than reading each file.
const readBackListMin = 4

// remove deletes the files, grouped by folder, and returns those gone.
func (s *syncer) remove(ctx context.Context, rels []string, diags *diag.Diagnostics) (removed []string) {
	byDir, dirs := byFolder(rels)
	failed := s.each(ctx, dirs, func(ctx context.Context, dir string) error {
		names := make([]string, len(byDir[dir]))
		for i, rel := range byDir[dir] {
			names[i] = path.Base(rel)
		}
		err := s.session.RemoveMany(ctx, s.remote(dir), names)
		if errors.Is(err, alist.ErrNotFound) {
			return nil // the folder is gone, and its files with it
		}
		return err
	}, "path", "Cannot delete a file", diags)
	gone := map[string]bool{}
	for _, dir := range dirs {
		if failed[dir] {
			continue
		}
		for _, rel := range byDir[dir] {
			removed = append(removed, rel)
			gone[rel] = true
			delete(s.priv.Managed, rel)
			delete(s.priv.Local, rel)
		}
	}
	s.priv.Unmanaged = slices.DeleteFunc(s.priv.Unmanaged, func(rel string) bool { return gone[rel] })
	return removed
}

// removeEmptyCreated deletes the folders this resource created that hold
// nothing any more, deepest first: keep lists the files that stay (nil on
// destroy). A folder with files of others in it stays.
func (s *syncer) removeEmptyCreated(ctx context.Context, keep map[string]string, diags *diag.Diagnostics) {
	used := map[string]bool{}
	for rel := range keep {
		used[""] = true
		for _, d := range ancestors(rel) {
			used[d] = true
		}
	}
	byDepth := map[int][]string{}
	maxDepth := -1
	for _, d := range s.priv.Created {
		if !used[d] {
			depth := 0
			if d != "" {
				depth = strings.Count(d, "/") + 1
			}
			byDepth[depth] = append(byDepth[depth], d)
			maxDepth = max(maxDepth, depth)
		}
	}
	removed := map[string]bool{}
	for depth := maxDepth; depth >= 0; depth-- {
		var mu sync.Mutex
		s.each(ctx, byDepth[depth], func(ctx context.Context, dir string) error {
			items, err := s.session.List(ctx, s.remote(dir), alist.ListOptions{Refresh: true})
			switch {
			case errors.Is(err, alist.ErrNotFound):
			case err != nil:
				return err
			case len(items) > 0:
				return nil // someone else's files: it stays
			default:
				if err := s.session.RemovePath(ctx, s.remote(dir)); err != nil && !errors.Is(err, alist.ErrNotFound) {
					return err
				}
			}
			mu.Lock()
			removed[dir] = true
			mu.Unlock()
			return nil
		}, "path", "Cannot delete a folder the resource created", diags)
	}
	s.priv.Created = slices.DeleteFunc(s.priv.Created, func(d string) bool { return removed[d] })
	s.priv.Dirs = slices.DeleteFunc(s.priv.Dirs, func(d string) bool { return removed[d] })
	if removed[""] {
		s.priv.Listed = false
	}
}
