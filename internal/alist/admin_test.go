package alist

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// An update built from a read sends back the fields this client does not
// know, and leaves out the version-specific ones the server did not send.
func TestStorageRowRoundTrip(t *testing.T) {
	in := `{"id":7,"mount_path":"/m","driver":"Local","addition":"{}","remark":"old","future_field":{"x":1},"disable_index":false}`
	var st Storage
	if err := json.Unmarshal([]byte(in), &st); err != nil {
		t.Fatal(err)
	}
	st.Remark = "new"
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got["remark"] != "new" || got["id"] != float64(7) {
		t.Errorf("typed fields not laid over the row: %s", b)
	}
	if _, ok := got["future_field"]; !ok {
		t.Errorf("an unknown field was dropped: %s", b)
	}
	if _, ok := got["down_proxy_sign"]; ok {
		t.Errorf("a field the server did not send was added: %s", b)
	}
	if !st.Has("disable_index") || st.Has("down_proxy_sign") {
		t.Errorf("Has: disable_index %v, down_proxy_sign %v", st.Has("disable_index"), st.Has("down_proxy_sign"))
	}
}

// A create whose driver fails to start reports the id of the row the server
// kept; an update never goes out with id 0; admin writes do not overlap.
func TestStorageCreateInitFailureAndGuards(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	inFlight, most := 0, 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		inFlight++
		most = max(most, inFlight)
		mu.Unlock()
		defer func() { mu.Lock(); inFlight--; mu.Unlock() }()
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/admin/storage/create":
			_, _ = io.WriteString(w, `{"code":500,"message":"failed init storage but storage is already created: failed init storage: root folder /nope not exists","data":{"id":4}}`)
		default:
			_, _ = io.WriteString(w, `{"code":200,"message":"success","data":null}`)
		}
	}))
	defer srv.Close()
	s, err := NewSession(Config{URL: srv.URL, Token: "alist-static"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	id, err := s.CreateStorage(ctx, &Storage{MountPath: "/x", Driver: "Local", Addition: "{}"})
	var ie *StorageInitError
	if !errors.As(err, &ie) || id != 4 || ie.ID != 4 || !strings.Contains(err.Error(), "root folder") {
		t.Fatalf("CreateStorage = %d, %v; want id 4 and a StorageInitError", id, err)
	}
	if err := s.UpdateStorage(ctx, &Storage{MountPath: "/x"}); err == nil {
		t.Fatal("an update with id 0 was sent")
	}
	var wg sync.WaitGroup
	for i := 1; i <= 6; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); _ = s.DisableStorage(ctx, uint(i)) }()
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	for _, p := range paths {
		if p == "/api/admin/storage/update" {
			t.Error("storage/update reached the server with id 0")
		}
	}
	if most != 1 {
		t.Errorf("%d admin writes overlapped, want them one at a time", most)
	}
}
