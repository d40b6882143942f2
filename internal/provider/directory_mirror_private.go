package provider

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/alist-terraform/terraform-provider-alist/internal/alist"
)

// What alist_directory_mirror keeps in its private state: per file it
// copied, what each side reported right after the copy. The sides are
// compared separately: a copy between storages keeps the source's
// modification time, a copy within one storage on AList v3.38 does not.
type mirrorPrivate struct {
	Copied map[string]*mirrorCopy `json:"copied,omitempty"`
	// Created are the destination folders this resource made ("" is path
	// itself): destroy removes them when they are empty.
	Created []string `json:"created,omitempty"`
	// Sent are the files whose copy was asked for but not seen to arrive,
	// with the source as it was then: the task failed or was canceled, the
	// apply ran out of time, or the destination could not be listed after.
	// A task may still write such a file (AList v3.38 runs its tasks again
	// after a restart; a task queued before its storage was disabled
	// writes anyway): a refresh that finds it there adopts it, so that the
	// next plan lists only the files still to copy.
	Sent map[string]mirrorSide `json:"sent,omitempty"`
	// Unmanaged are the files of others below path at the last refresh
	// with delete_unmanaged (none without): the plan deletes them.
	Unmanaged []string `json:"unmanaged,omitempty"`
}

type mirrorCopy struct {
	Src mirrorSide `json:"src"`
	Dst mirrorSide `json:"dst"`
	// Stale: a refresh found the destination file changed since the copy
	// (the plan copies it again, or deletes it if the source dropped it).
	Stale bool `json:"stale,omitempty"`
}

// mirrorSide is what a listing reported of one file.
type mirrorSide struct {
	Size     int64             `json:"s"`
	Modified string            `json:"m,omitempty"`
	Hashes   map[string]string `json:"x,omitempty"` // the storage's hashes, where it keeps any
}

const privateMirrorKey = "mirror"

func sideOf(o *alist.Object) mirrorSide {
	return mirrorSide{Size: o.Size, Modified: timeString(o.Modified), Hashes: o.HashInfo}
}

// fingerprint is the side as one string, a `changes` value of a file to
// copy and what `digest` hashes of each file: it changes
// whenever the file does.
func (s mirrorSide) fingerprint() string {
	fp := fmt.Sprintf("%d bytes, modified %s", s.Size, s.Modified)
	for _, k := range slices.Sorted(maps.Keys(s.Hashes)) {
		fp += ", " + k + " " + s.Hashes[k]
	}
	return fp
}

// equal reports whether the sides are the same record.
func (s mirrorSide) equal(o mirrorSide) bool {
	return s.Size == o.Size && s.Modified == o.Modified && maps.Equal(s.Hashes, o.Hashes)
}

// sameAs reports whether o is still what the side recorded: size,
// modification time, and the hashes the storage reports.
func (s mirrorSide) sameAs(o *alist.Object) bool {
	if o.IsDir || o.Size != s.Size || s.Modified != "" && timeString(o.Modified) != s.Modified {
		return false
	}
	for k, v := range s.Hashes {
		if got, ok := o.HashInfo[k]; ok && !strings.EqualFold(got, v) {
			return false
		}
	}
	return true
}

// copiedTo reports whether o, a file at the destination, is a copy of the
// source file the side describes: the same size and modification time
// (copies between storages keep it; to the second where either side has
// no fraction), and the same hash of every kind both report. It is
// rsync's quick check: a file of the same size and time is not copied
// again. (A copy within one storage on AList v3.38 gets the copy's time,
// so it never matches and is copied again.)
func (s mirrorSide) copiedTo(o *alist.Object) bool {
	if o.IsDir || o.Size != s.Size || s.Modified == "" || o.Modified.IsZero() {
		return false
	}
	mt, err := time.Parse(time.RFC3339Nano, s.Modified)
	if err != nil {
		return false
	}
	if !mt.Equal(o.Modified) && (mt.Nanosecond() != 0 && o.Modified.Nanosecond() != 0 ||
		!mt.Truncate(time.Second).Equal(o.Modified.Truncate(time.Second))) {
		return false
	}
	for k, v := range s.Hashes {
		if got, ok := o.HashInfo[k]; ok && !strings.EqualFold(got, v) {
			return false
		}
	}
	return true
}

func loadMirrorPrivate(ctx context.Context, p privateState, diags *diag.Diagnostics) *mirrorPrivate {
	mp := &mirrorPrivate{}
	if p != nil {
		raw, d := p.GetKey(ctx, privateMirrorKey)
		diags.Append(d...)
		if len(raw) > 0 && mp.decode(raw) != nil {
			mp = &mirrorPrivate{} // unreadable: every file is copied again
		}
	}
	if mp.Copied == nil {
		mp.Copied = map[string]*mirrorCopy{}
	}
	if mp.Sent == nil {
		mp.Sent = map[string]mirrorSide{}
	}
	return mp
}

func (mp *mirrorPrivate) save(ctx context.Context, p privateSetter, diags *diag.Diagnostics) {
	for _, l := range []*[]string{&mp.Created, &mp.Unmanaged} {
		slices.Sort(*l)
		*l = slices.Compact(*l)
	}
	raw, err := mp.encode()
	if err != nil {
		diags.AddError("Cannot save the private state", err.Error())
		return
	}
	diags.Append(p.SetKey(ctx, privateMirrorKey, raw)...)
}

// encode writes the compact form (directory_mirror_codec.go), deflated, in
// one JSON string.
func (mp *mirrorPrivate) encode() ([]byte, error) {
	return packBytes(func(w io.Writer) error { return mp.writeCompact(w) })
}

// decode reads the compact form, or the JSON that versions before it wrote.
func (mp *mirrorPrivate) decode(raw []byte) error {
	return unpackBytes(raw, func(r *bufio.Reader) error {
		if b, err := r.Peek(1); err == nil && b[0] == '{' {
			return json.NewDecoder(r).Decode(mp)
		}
		return mp.readCompact(r)
	})
}

// held are the files the destination holds as copies, as a refresh last
// found them: relative path → the source's fingerprint when copied.
func (mp *mirrorPrivate) held() map[string]string {
	out := make(map[string]string, len(mp.Copied))
	for rel, rec := range mp.Copied {
		if !rec.Stale {
			out[rel] = rec.Src.fingerprint()
		}
	}
	return out
}

// mirrorDigest is the mirror's `digest` of files (relative path → the
// source's fingerprint), each fingerprint hashed whole.
func mirrorDigest(files map[string]string) string {
	return digestOf(files, func(fp string) string { return fp })
}
