package alist_test

import (
	"context"
	"testing"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

// A copy that queues nothing (an empty folder within one storage) answers
// {"tasks":[]} on AList and {"message":"Copy operations completed
// immediately"} without a tasks key on OpenList: both are a copy made at
// once, for Copy and for the copier.
func TestCopyAnswerWithoutTasks(t *testing.T) {
	forEachFlavor(t, copyOptions(0), func(t *testing.T, srv *alisttest.Server) {
		ctx := context.Background()
		s := session(t, admin(srv))
		for _, p := range []string{"/local/src/empty1", "/local/src/empty2", "/local/same"} {
			if err := s.Mkdir(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		res, err := s.Copy(ctx, "/local/src", "/local/same", true, "empty1")
		if err != nil || len(res.Tasks) != 0 {
			t.Fatalf("copy: %+v, %v; want no task", res, err)
		}
		if wantMsg := map[bool]string{true: "Copy operations completed immediately"}[srv.Flavor() == alisttest.OpenListV4]; res.Message != wantMsg {
			t.Errorf("message %q, want %q", res.Message, wantMsg)
		}
		c := newCopier(t, s, alist.CopierOptions{Overwrite: true})
		outs, err := c.Copy(ctx, []alist.CopyBatch{{SrcDir: "/local/src", DstDir: "/local/same", Files: []alist.CopyFile{{Name: "empty2"}}}})
		if err != nil || len(outs) != 1 || outs[0].Err != nil || outs[0].TaskID != "" || outs[0].Attempts != 1 {
			t.Fatalf("copier: %+v, %v; want copied at once", outs, err)
		}
		for _, p := range []string{"/local/same/empty1", "/local/same/empty2"} {
			if o, err := s.Get(ctx, p, ""); err != nil || !o.IsDir {
				t.Errorf("%s: %+v, %v", p, o, err)
			}
		}
	})
}
