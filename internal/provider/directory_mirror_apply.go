package provider

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"path"
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

// mirrorSyncer is a syncer on the destination folder, for the folder and
// deletion helpers the two resources share; it keeps its own records of
// the folders made in mp.Created.
func mirrorSyncer(s *alist.Session, root string, mp *mirrorPrivate) *syncer {
	return &syncer{session: s, root: root, parallelism: defaultSyncParallelism,
		priv: &syncPrivate{Local: map[string]*syncLocal{}, Managed: map[string]*syncRemote{}, Created: mp.Created}}
}

// walkBoth lists the source and destination trees at once (every page of
// every folder, refreshed where the storage caches listings). A missing
// destination is an empty tree, exists false.
func walkBoth(ctx context.Context, s *alist.Session, src, dst string) (srcTree, dstTree *alist.Tree, exists bool, srcErr, dstErr error) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		srcTree, srcErr = s.Walk(ctx, src, alist.WalkOptions{Refresh: true})
	}()
	dstTree, dstErr = s.Walk(ctx, dst, alist.WalkOptions{Refresh: true})
	wg.Wait()
	exists = dstErr == nil
	if errors.Is(dstErr, alist.ErrNotFound) {
		dstTree, dstErr = &alist.Tree{}, nil
	}
	return srcTree, dstTree, exists, srcErr, dstErr
}

// mirror makes the destination hold the planned files: it makes the
// missing folders, copies the new and changed files with the server's copy
// tasks, deletes the files the plan drops (and, with delete_unmanaged, the
// files of others), and sets plan.Digest to what the destination holds,
// which is the plan's unless something failed. It refuses, before doing
// anything, a source that no longer gives the planned digest.
func (r *directoryMirrorResource) mirror(ctx context.Context, plan *directoryMirrorModel, mp *mirrorPrivate, diags *diag.Diagnostics) {
	session := r.data.session
	src, dst := plan.SourcePath.ValueString(), plan.Path.ValueString()
	planned := plan.Digest
	changes := map[string]string{} // `changes` when the plan could not tell them
	defer func() {
		plan.ID, plan.Digest = plan.Path, types.StringValue(mirrorDigest(mp.held()))
		if plan.Changes.IsUnknown() {
			plan.Changes = fileMapValue(summarize(changes, maxChangesListed, "copy"))
		}
	}()
	srcTree, dstTree, exists, srcErr, dstErr := walkBoth(ctx, session, src, dst)
	if p := sourceProblem(src, srcErr); p != nil {
		p.add(diags)
		return
	} else if srcErr != nil {
		addAPIError(diags, tfpath.Root("source_path"), "Cannot list the source folder", srcErr)
		return
	}
	if dstErr != nil {
		addAPIError(diags, tfpath.Root("path"), "Cannot list the destination folder", dstErr)
		return
	}
	if !exists {
		if p := r.destinationProblem(ctx, dst); p != nil {
			p.add(diags)
			return
		}
	}
	proctune.ExpectLargeHeap(len(srcTree.Files) + len(dstTree.Files))
	filter := newFileFilter(ctx, plan.Include, plan.Exclude, diags)
	desired := mirrorDesired(srcTree, filter)
	if !planned.IsUnknown() && mirrorDigest(desired) != planned.ValueString() {
		// The plan may have counted its files by folder: the digest is
		// what tells that the source is still what it listed.
		diags.AddAttributeError(tfpath.Root("source_path"), "The source folder changed after the plan was made",
			"The source's files are not the ones planned (added, edited or deleted since): nothing was copied or deleted. Run terraform plan again to review the changes.")
		return
	}
	var others []string
	if plan.DeleteUnmanaged.ValueBool() {
		// What the destination holds besides the copies: on a create, or
		// when delete_unmanaged was just turned on, the plan could not list
		// them; they go now.
		for _, f := range dstTree.Files {
			if _, copied := mp.Copied[f.Rel]; !copied {
				others = append(others, f.Rel)
			}
		}
	}
	copies, deletes := mp.pending(desired, others, plan.DeleteUnmanaged.ValueBool())
	for _, rel := range copies {
		changes[rel] = desired[rel]
	}
	for _, rel := range deletes {
		changes[rel] = syncDelete
	}

	s := mirrorSyncer(session, dst, mp)
	defer func() { mp.Created = s.priv.Created }()
	if !r.makeFolders(ctx, s, srcTree, dstTree, exists, filter, diags) {
		return
	}
	// A file the destination already holds as a copy of the source is
	// adopted, not copied: one whose task ended after the last apply gave
	// up, or one a failed create copied (its replacement starts without
	// the records).
	srcFiles, dstFiles := srcTree.ByRel(), dstTree.ByRel()
	adopted := map[string]*mirrorCopy{}
	toCopy := copies[:0:0]
	for _, rel := range copies {
		if d := dstFiles[rel]; d != nil && sideOf(srcFiles[rel]).copiedTo(d) {
			adopted[rel] = &mirrorCopy{Src: sideOf(srcFiles[rel]), Dst: sideOf(d)}
		} else {
			toCopy = append(toCopy, rel)
		}
	}
	copyStart := time.Now()
	copied := r.copyFiles(ctx, src, dst, toCopy, srcFiles, diags)
	copyTime := time.Since(copyStart)
	mp.Sent = map[string]mirrorSide{} // what this apply sends; files no longer wanted are let go
	for _, rel := range copies {
		if rec := cmp.Or(copied[rel], adopted[rel]); rec != nil {
			mp.Copied[rel] = rec
			continue
		}
		mp.Sent[rel] = sideOf(srcFiles[rel])
		delete(mp.Copied, rel) // what the destination holds now is not known
	}
	removed := map[string]bool{}
	for _, rel := range s.remove(ctx, deletes, diags) {
		removed[rel] = true
		delete(mp.Copied, rel)
	}
	mp.Unmanaged = slices.DeleteFunc(others, func(rel string) bool {
		_, wanted := desired[rel]
		return removed[rel] || wanted
	})
	keep := make(map[string]string, len(mp.Copied)+len(mp.Sent)+len(mp.Unmanaged))
	for rel := range mp.Copied {
		keep[rel] = ""
	}
	for rel := range mp.Sent {
		keep[rel] = ""
	}
	for _, rel := range mp.Unmanaged {
		keep[rel] = ""
	}
	// Folders made earlier that the source no longer has go once empty;
	// the source's own (empty ones too) and path itself stay.
	srcDirs := map[string]bool{"": true}
	for _, d := range srcTree.Dirs {
		srcDirs[d] = true
	}
	stay := slices.DeleteFunc(slices.Clone(s.priv.Created), func(d string) bool { return !srcDirs[d] })
	s.priv.Created = slices.DeleteFunc(s.priv.Created, func(d string) bool { return srcDirs[d] })
	s.removeEmptyCreated(ctx, keep, diags)
	s.priv.Created = append(s.priv.Created, stay...)
	tflog.Debug(ctx, "applied a folder mirror", map[string]any{"copies": len(toCopy), "adopted": len(adopted), "copied": len(copied), "deletes": len(deletes),
		"copy_ms": copyTime.Milliseconds()}) // make bench reads copy_ms
}

// makeFolders makes the source's folders missing at the destination, path
// itself first: a copy within one storage needs its destination folder, and
// copies never make empty folders.
func (r *directoryMirrorResource) makeFolders(ctx context.Context, s *syncer, srcTree, dstTree *alist.Tree, exists bool, filter fileFilter, diags *diag.Diagnostics) bool {
	if !exists {
		if err := s.session.Mkdir(ctx, s.root); err != nil {
			addAPIError(diags, tfpath.Root("path"), "Cannot create the destination folder", err)
			return false
		}
		s.priv.Created = append(s.priv.Created, "")
	}
	have := make(map[string]bool, len(dstTree.Dirs))
	for _, d := range dstTree.Dirs {
		have[d] = true
	}
	var missing []string
	for _, d := range srcTree.Dirs {
		if !have[d] && !filter.prunes(d) && !slices.ContainsFunc(ancestors(d), filter.prunes) {
			missing = append(missing, d)
		}
	}
	return s.makeDirs(ctx, missing, "Cannot create a destination folder", diags)
}

// copyFiles copies the files with the server's copy tasks, one fs/copy per
// folder at a time (see alist.Copier), and returns the record of each one
// copied, with what the destination reports after the copy. Each failed
// file is named in diags with the server's error.
func (r *directoryMirrorResource) copyFiles(ctx context.Context, src, dst string, rels []string, srcFiles map[string]*alist.Object, diags *diag.Diagnostics) map[string]*mirrorCopy {
	if len(rels) == 0 {
		return nil
	}
	session := r.data.session
	dstInfo, err := session.Get(ctx, dst, "")
	if err != nil {
		addAPIError(diags, tfpath.Root("path"), "Cannot read the destination folder", err)
		return nil
	}
	copier, err := session.NewCopier(ctx, alist.CopierOptions{Overwrite: true, RefreshListings: alist.StorageCaches(dstInfo.Provider)})
	if err != nil {
		addAPIError(diags, tfpath.Root("path"), "Cannot copy files", err)
		return nil
	}
	byDir, dirs := byFolder(rels)
	batches := make([]alist.CopyBatch, 0, len(dirs))
	join := func(root, dir string) string {
		if dir == "" {
			return root
		}
		return root + "/" + dir
	}
	for _, dir := range dirs {
		b := alist.CopyBatch{SrcDir: join(src, dir), DstDir: join(dst, dir)}
		for _, rel := range byDir[dir] {
			o := srcFiles[rel]
			b.Files = append(b.Files, alist.CopyFile{Name: path.Base(rel), Size: o.Size, Modified: o.Modified})
		}
		batches = append(batches, b)
	}
	outcomes, cerr := copier.Copy(ctx, batches)
	var failed []string
	ok := map[string]bool{}
	for _, o := range outcomes {
		rel := strings.TrimPrefix(strings.TrimPrefix(o.DstDir, dst)+"/"+o.File.Name, "/")
		if o.Err != nil {
			failed = append(failed, fmt.Sprintf("- %s: %v", rel, o.Err))
			continue
		}
		ok[rel] = true
	}
	// What the destination reports now, to compare later refreshes with.
	copied := make(map[string]*mirrorCopy, len(ok))
	if len(ok) > 0 {
		// Even when the deadline cut the copies short: what was copied is
		// recorded, so that the next apply copies only the rest.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), defaultReadTimeout)
		defer cancel()
		tree, err := session.Walk(rctx, dst, alist.WalkOptions{Refresh: true})
		if err != nil {
			// The copies stay unconfirmed (sent): the next refresh that
			// finds them adopts them.
			addAPIError(diags, tfpath.Root("path"), "Cannot list the destination folder after copying",
				fmt.Errorf("%d files were copied but could not be confirmed: %w", len(ok), err))
			return nil
		}
		for _, f := range tree.Files {
			if ok[f.Rel] {
				copied[f.Rel] = &mirrorCopy{Src: sideOf(srcFiles[f.Rel]), Dst: sideOf(&f.Object)}
				delete(ok, f.Rel)
			}
		}
		for rel := range ok {
			failed = append(failed, fmt.Sprintf("- %s: the copy ended but the destination does not list the file", rel))
		}
	}
	if len(failed) > 0 {
		sort.Strings(failed)
		detail := fmt.Sprintf("%d of %d files were not copied from %s to %s:\n%s\n"+
			"The files copied are recorded in the state: the next plan lists only those still to copy.",
			len(failed), len(rels), src, dst, strings.Join(failed, "\n"))
		if cerr != nil {
			detail += " The copies were cut short: " + cerr.Error() + " (a copy task may still run on the server; the next plan sees what arrived)."
		}
		diags.AddAttributeError(tfpath.Root("path"), "Cannot copy some files", detail)
	}
	return copied
}
