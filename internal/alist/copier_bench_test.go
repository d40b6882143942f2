package alist_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// The copier's throughput on the test server: 1,000 files of 4 KiB in 50
// folders copied between two storages (a task per file, 5 run at once by
// the server), against the server copying the same tree for one fs/copy
// of the folder. Not part of the suite; run with
//
//	go test -run '^$' -bench Copier -benchtime 3x ./internal/alist/
//
// The requests per copy are reported as metrics (fs/copy, undone lists,
// task lookups).
func BenchmarkCopier(b *testing.B) {
	const folders, perFolder = 50, 20
	srv := alisttest.NewServer(b, copyOptions(alisttest.AListV338))
	content := make([]byte, 4096)
	var batches []alist.CopyBatch
	for d := range folders {
		bt := alist.CopyBatch{SrcDir: fmt.Sprintf("/local/src/d%02d", d)}
		for f := range perFolder {
			name := fmt.Sprintf("f%02d.bin", f)
			if err := srv.WriteFile(bt.SrcDir+"/"+name, content); err != nil {
				b.Fatal(err)
			}
			bt.Files = append(bt.Files, alist.CopyFile{Name: name, Size: int64(len(content))})
		}
		batches = append(batches, bt)
	}
	s, err := alist.NewSession(admin(srv))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	copier, err := s.NewCopier(ctx, alist.CopierOptions{Overwrite: true})
	if err != nil {
		b.Fatal(err)
	}
	run := 0
	b.Run("copier", func(b *testing.B) {
		srv.ResetCounts()
		for range b.N {
			run++
			bs := make([]alist.CopyBatch, len(batches))
			for i, bt := range batches {
				bt.DstDir = fmt.Sprintf("/local2/copier-%d/d%02d", run, i)
				bs[i] = bt
			}
			outs, err := copier.Copy(ctx, bs)
			if err != nil {
				b.Fatal(err)
			}
			for _, o := range outs {
				if o.Err != nil {
					b.Fatalf("%s/%s: %v", o.SrcDir, o.File.Name, o.Err)
				}
			}
		}
		for _, m := range []struct{ route, unit string }{
			{"/api/fs/copy", "copies/op"}, {"/api/admin/task/copy/undone", "lists/op"},
			{"/api/admin/task/copy/info", "lookups/op"}, {"/api/admin/task/copy/done", "donelists/op"},
		} {
			b.ReportMetric(float64(srv.Count(m.route))/float64(b.N), m.unit)
		}
	})
	b.Run("server", func(b *testing.B) {
		for range b.N {
			run++
			if _, err := s.Copy(ctx, "/local", fmt.Sprintf("/local2/server-%d", run), true, "src"); err != nil {
				b.Fatal(err)
			}
			for {
				undone, err := s.CopyTasks(ctx, false)
				if err != nil {
					b.Fatal(err)
				}
				if len(undone) == 0 {
					break
				}
			}
		}
	})
}
