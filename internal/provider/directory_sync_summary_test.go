package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// A plan is answered from the summary only when the walk finds every file
// as recorded and the records leave nothing to send or delete; anything
// else takes the full path (nil).
func TestSyncSummaryAnswersOnlyAnUnchangedWalk(t *testing.T) {
	ctx := context.Background()
	records := func() *syncPrivate {
		return &syncPrivate{
			Source: "/src", Listed: true, Unmanaged: []string{"theirs.txt"},
			Local: map[string]*syncLocal{
				"a.txt":   {Size: 1, ModNano: 100, Inode: 5, SHA256: hexHash("a")},
				"b/c.txt": {Size: 2, ModNano: 200, Inode: 6, SHA256: hexHash("c")},
			},
			Managed: map[string]*syncRemote{
				"a.txt":   {SHA256: hexHash("a"), Size: 1},
				"b/c.txt": {SHA256: hexHash("c"), Size: 2},
			},
		}
	}
	walk := func(edit func([]localFile)) []localFile {
		files := []localFile{
			{rel: "a.txt", fp: &fingerprint{Path: "/src/a.txt", Size: 1, ModNano: 100, Inode: 5}},
			{rel: "b/c.txt", fp: &fingerprint{Path: "/src/b/c.txt", Size: 2, ModNano: 200, Inode: 6}},
		}
		if edit != nil {
			edit(files)
		}
		return files
	}
	plan := func(sp *syncPrivate, root string, local []localFile, deleteUnmanaged bool) *syncSummary {
		t.Helper()
		var diags diag.Diagnostics
		p := fakePrivate{}
		sp.save(ctx, p, &diags)
		sum := unchangedPlan(ctx, p, root, local, deleteUnmanaged, &diags)
		if diags.HasError() {
			t.Fatal(diags)
		}
		return sum
	}

	sum := plan(records(), "/src", walk(nil), false)
	if sum == nil {
		t.Fatal("an unchanged walk over clean records is not answered by the summary")
	}
	// What the full path plans for the same files.
	if want := treeDigest(map[string]string{"a.txt": hexHash("a"), "b/c.txt": hexHash("c")}); sum.Digest != want || sum.Files != 2 || sum.Bytes != 3 {
		t.Errorf("summary plans digest %s, %d files, %d bytes; want %s, 2, 3", sum.Digest, sum.Files, sum.Bytes, want)
	}
	for name, c := range map[string]struct {
		sp              *syncPrivate
		root            string
		local           []localFile
		deleteUnmanaged bool
	}{
		"a file edited (new time)":                    {records(), "/src", walk(func(f []localFile) { f[1].fp.ModNano++ }), false},
		"a file replaced (new inode)":                 {records(), "/src", walk(func(f []localFile) { f[0].fp.Inode++ }), false},
		"a file added":                                {records(), "/src", append(walk(nil), localFile{rel: "d.txt", fp: &fingerprint{Size: 1}}), false},
		"a file removed":                              {records(), "/src", walk(nil)[:1], false},
		"another source folder":                       {records(), "/elsewhere", walk(nil), false},
		"files of others, delete_unmanaged":           {records(), "/src", walk(nil), true},
		"a file changed on the server (hash dropped)": {func() *syncPrivate { sp := records(); sp.Managed["a.txt"].SHA256 = ""; return sp }(), "/src", walk(nil), false},
		"a file on the server no longer published": {func() *syncPrivate {
			sp := records()
			sp.Managed["old.txt"] = &syncRemote{SHA256: hexHash("o")}
			return sp
		}(), "/src", walk(nil), false},
		"a file not yet sent": {func() *syncPrivate { sp := records(); delete(sp.Managed, "b/c.txt"); return sp }(), "/src", walk(nil), false},
	} {
		if got := plan(c.sp, c.root, c.local, c.deleteUnmanaged); got != nil {
			t.Errorf("%s: answered by the summary, want the full plan", name)
		}
	}
	// Records written without a summary (before it existed): the full plan.
	var diags diag.Diagnostics
	if got := unchangedPlan(ctx, fakePrivate{}, "/src", walk(nil), false, &diags); got != nil {
		t.Error("no summary: answered all the same")
	}
}
