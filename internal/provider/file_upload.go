package provider

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"path"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

type uploadOptions struct {
	create  bool
	planned *fingerprint // the source file as the plan saw it
}

// upload sends the planned content and reads the file back into m. It
// returns nil when nothing was stored; diags may carry an error even when the
// server holds the new content (then the caller saves the state it got).
func (r *fileResource) upload(ctx context.Context, m *fileResourceModel, opts uploadOptions, diags *diag.Diagnostics) *uploaded {
	p := m.Path.ValueString()
	b, err := newBody(m, opts.planned)
	if err != nil {
		diags.AddAttributeError(contentAttr(m), "Cannot read the content", err.Error())
		return nil
	}
	req := alist.PutRequest{Path: p, Size: b.size, Open: b.open, AsTask: m.AsTask.ValueBool(), ContentType: mime.TypeByExtension(path.Ext(p))}
	if opts.create && !m.Overwrite.ValueBool() {
		// Servers that honour it refuse to replace a file created since the
		// existence check; v3.38 ignores it, hence that check.
		no := false
		req.Overwrite = &no
	}
	task, err := r.data.session.Put(ctx, req)
	sent := b.sent()
	if err != nil {
		if errors.Is(err, alist.ErrAlreadyExists) && opts.create {
			// Overwrite: false refused it: say what is there and how to adopt it.
			if r.refuseExisting(ctx, p, diags) {
				diags.AddAttributeError(tfpath.Root("path"), "The file already exists",
					fmt.Sprintf("The server refused to overwrite %q. Import it or set overwrite = true.", p))
			}
			return nil
		}
		addAPIError(diags, tfpath.Root("path"), "Cannot upload the file", err)
		return nil
	}
	// The hash and the bytes sent came from the same file only if it did not change meanwhile.
	changed := false
	if b.fp != nil {
		now, err := statSource(b.fp.Path)
		changed = err != nil || !now.sameFile(b.fp) || sent.size != b.size
	}
	obj, err := r.awaitFile(ctx, p, b.size, task)
	if err != nil {
		addAPIError(diags, tfpath.Root("path"), "The upload did not land as expected", err)
		return nil
	}
	if changed {
		// What the server holds is unknown: record it as drifted (an empty
		// hash), so that the next plan uploads the file again.
		diags.Append(m.setRemote(ctx, obj)...)
		m.ContentSHA256, m.ContentWO = types.StringValue(""), types.StringNull()
		diags.AddAttributeError(tfpath.Root("source"), "The source file changed during the upload", changedDuringUpload(m.Source.ValueString()).Error()+".")
		return &uploaded{}
	}
	diags.Append(m.setRemote(ctx, obj)...)
	if writeOnly := !m.ContentWO.IsNull(); writeOnly {
		m.ContentWO, m.ContentSHA256 = types.StringNull(), types.StringNull()
		return &uploaded{writeOnly: true}
	}
	planned := m.ContentSHA256
	m.ContentSHA256 = types.StringValue(sent.sha256)
	if b.fp != nil {
		b.fp.SHA256 = sent.sha256
	}
	if !planned.IsUnknown() && !planned.IsNull() && planned.ValueString() != sent.sha256 {
		diags.AddAttributeError(contentAttr(m), "The content changed between plan and apply",
			fmt.Sprintf("The plan expected content with SHA-256 %s, but the content uploaded has SHA-256 %s (the source file was edited after the plan was made). "+
				"The server now holds the uploaded content and the state records it: run terraform plan again to review it.", planned.ValueString(), sent.sha256))
	}
	return &uploaded{fp: b.fp}
}

func contentAttr(m *fileResourceModel) tfpath.Path {
	switch {
	case !m.ContentWO.IsNull():
		return tfpath.Root("content_wo")
	case !m.Content.IsNull():
		return tfpath.Root("content")
	case !m.ContentBase64.IsNull():
		return tfpath.Root("content_base64")
	}
	return tfpath.Root("source")
}

// awaitFile reads the uploaded file back (FreshGet: one fs/get on Local
// storage, a parent refresh first where a listing cache may be stale). A
// task upload lands later: poll until it does or the task fails.
func (r *fileResource) awaitFile(ctx context.Context, p string, size int64, task *alist.Task) (*alist.Object, error) {
	s := r.data.session
	wanted := func(o *alist.Object) bool { return !o.IsDir && o.Size == size }
	wait := 100 * time.Millisecond
	taskVisible := task != nil
	for {
		obj, err := s.FreshGet(ctx, p, wanted)
		switch {
		case err != nil && !errors.Is(err, alist.ErrNotFound):
			return nil, err
		case err == nil && wanted(obj):
			return obj, nil
		case task == nil && err != nil:
			return nil, fmt.Errorf("the server reports no file at %q right after a successful upload: %w", p, err)
		case task == nil:
			return nil, fmt.Errorf("the server reports %d bytes at %q right after an upload of %d bytes: another writer may be changing it", obj.Size, p, size)
		}
		if taskVisible {
			t, terr := s.UploadTask(ctx, task.ID)
			switch {
			case errors.Is(terr, alist.ErrPermissionDenied) || errors.Is(terr, alist.ErrNotFound):
				taskVisible = false // not an admin: watch the file only
			case terr == nil && (t.State == alist.TaskFailed || t.State == alist.TaskCanceled || t.State == alist.TaskErrored):
				return nil, fmt.Errorf("the server's upload task %s for %q failed: %s", task.ID, p, t.Error)
			}
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for the upload task of %q to finish: %w", p, ctx.Err())
		case <-time.After(wait):
		}
		wait = min(wait*2, 2*time.Second)
	}
}
