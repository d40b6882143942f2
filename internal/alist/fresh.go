package alist

import (
	"context"
	"errors"
)

// StorageCaches reports whether a storage driver's listings may be served
// from the server's cache (stale after an upload on v3.38 and v3.62). Only
// Local storage is never cached.
func StorageCaches(driver string) bool { return driver != "Local" }

// FreshGet is fs/get that refreshes the parent folder and asks again when
// the answer may come from a stale cache: not found, or an object on a
// caching storage that is not already what the caller wanted (wanted nil:
// nothing short of a fresh read will do). On Local storage it is one fs/get.
func (s *Session) FreshGet(ctx context.Context, p string, wanted func(*Object) bool) (*Object, error) {
	obj, err := s.Get(ctx, p, "")
	switch {
	case err != nil && !errors.Is(err, ErrNotFound):
		return nil, err
	case err == nil && (!StorageCaches(obj.Provider) || wanted != nil && wanted(obj)):
		return obj, nil
	}
	dir, _ := SplitPath(p)
	if err := s.Refresh(ctx, dir); err != nil {
		return nil, err
	}
	return s.Get(ctx, p, "")
}
