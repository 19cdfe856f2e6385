package files_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/files"
)

// seed uploads n files, alternating purposes batch and user_data, and
// returns their ids in creation order.
func seed(t *testing.T, fs *files.Service, n int) []string {
	t.Helper()
	var ids []string
	for i := range n {
		p := files.PurposeBatch
		if i%2 == 1 {
			p = files.PurposeUserData
		}
		f, err := fs.Upload(t.Context(), p, fmt.Sprintf("f%d.txt", i), strings.NewReader(fmt.Sprint("content ", i)))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, f.ID)
	}
	return ids
}

func TestList(t *testing.T) {
	fake, fs := newFake(t)
	ids := seed(t, fs, 25)
	reversed := func(s []string) []string {
		var r []string
		for i := len(s) - 1; i >= 0; i-- {
			r = append(r, s[i])
		}
		return r
	}
	var batch []string
	for i, id := range ids {
		if i%2 == 0 {
			batch = append(batch, id)
		}
	}
	tests := []struct {
		name  string
		opts  *files.ListOptions
		want  []string
		pages []string // the queries sent
	}{
		{"all, one page", nil, reversed(ids), []string{""}},
		{"pages of 10", &files.ListOptions{PageSize: 10, Order: files.Asc}, ids,
			[]string{"limit=10&order=asc", "after=file-10&limit=10&order=asc", "after=file-20&limit=10&order=asc"}},
		{"exact pages", &files.ListOptions{PageSize: 5, Purpose: files.PurposeBatch, Order: files.Asc, After: ids[4]}, batch[3:],
			[]string{"after=file-5&limit=5&order=asc&purpose=batch", "after=file-15&limit=5&order=asc&purpose=batch"}},
		{"desc after", &files.ListOptions{After: "file-3", Order: files.Desc}, []string{"file-2", "file-1"}, []string{"after=file-3&order=desc"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake.mu.Lock()
			fake.pages = nil
			fake.mu.Unlock()
			var got []string
			for f, err := range fs.List(t.Context(), tt.opts) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, f.ID)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			fake.mu.Lock()
			pages := fake.pages
			fake.mu.Unlock()
			if diff := cmp.Diff(tt.pages, pages); diff != "" {
				t.Errorf("queries (-want +got):\n%s", diff)
			}
		})
	}
}

// TestListBreak checks that breaking out of the loop fetches no further
// page, and that the iterator can be used again.
func TestListBreak(t *testing.T) {
	fake, fs := newFake(t)
	seed(t, fs, 5)
	all := fs.List(t.Context(), &files.ListOptions{PageSize: 2})
	for range 2 {
		n := 0
		for _, err := range all {
			if err != nil {
				t.Fatal(err)
			}
			if n++; n == 3 {
				break
			}
		}
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.pages) != 4 {
		t.Errorf("%d pages fetched for two loops of three files in pages of two, want 4", len(fake.pages))
	}
}

func TestListError(t *testing.T) {
	_, fs := newFake(t)
	seed(t, fs, 3)
	n, errs := 0, 0
	// The context ends after the first page: fetching the second fails.
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	for _, err := range fs.List(ctx, &files.ListOptions{PageSize: 2}) {
		if err != nil {
			errs++
			continue
		}
		if n++; n == 2 {
			cancel()
		}
	}
	if n != 2 || errs != 1 {
		t.Errorf("got %d files and %d errors, want 2 and 1", n, errs)
	}
}

func TestGetDelete(t *testing.T) {
	_, fs := newFake(t)
	ids := seed(t, fs, 2)
	f, err := fs.Get(t.Context(), ids[1])
	if err != nil {
		t.Fatal(err)
	}
	if f.ID != ids[1] || f.Filename != "f1.txt" || f.Purpose != files.PurposeUserData || f.Bytes != 9 || f.Object != "file" {
		t.Errorf("Get = %+v", f)
	}
	if err := fs.Delete(t.Context(), ids[1]); err != nil {
		t.Fatal(err)
	}
	for _, call := range []struct {
		name string
		f    func() error
	}{
		{"Get", func() error { _, err := fs.Get(t.Context(), ids[1]); return err }},
		{"Delete", func() error { return fs.Delete(t.Context(), ids[1]) }},
		{"Content", func() error { _, err := fs.Content(t.Context(), ids[1]); return err }},
	} {
		err := call.f()
		e, ok := errors.AsType[*client.APIError](err)
		if !ok || e.StatusCode != 404 || !errors.Is(err, client.ErrNotFound) || e.RequestID != "req_fake" {
			t.Errorf("%s of a deleted file = %v, want a 404 *client.APIError", call.name, err)
		}
	}
	for _, call := range []func() error{
		func() error { _, err := fs.Get(t.Context(), ""); return err },
		func() error { return fs.Delete(t.Context(), "") },
		func() error { _, err := fs.Content(t.Context(), ""); return err },
	} {
		if err := call(); err == nil || !strings.Contains(err.Error(), "empty file id") {
			t.Errorf("call with an empty id = %v", err)
		}
	}
}

func TestContent(t *testing.T) {
	_, fs := newFake(t)
	ids := seed(t, fs, 1)
	rc, err := fs.Content(t.Context(), ids[0])
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil || string(b) != "content 0" {
		t.Errorf("Content = %q, %v", b, err)
	}
}

// TestContentStreams downloads 64 MiB and checks that it allocates far
// less: the content is streamed.
func TestContentStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("downloads 64 MiB")
	}
	const size = 64 << 20
	fake, fs := newFake(t)
	fake.genSize = size
	var sum [32]byte
	alloc := allocated(func() {
		rc, err := fs.Content(t.Context(), genID)
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		h := sha256.New()
		n, err := io.Copy(h, rc)
		if err != nil || n != size {
			t.Fatalf("read %d bytes, %v; want %d", n, err, size)
		}
		sum = [32]byte(h.Sum(nil))
	})
	if sum != genSum(size) {
		t.Error("downloaded other content")
	}
	t.Logf("downloading %d bytes allocated %d bytes", size, alloc)
	if alloc > 4<<20 {
		t.Errorf("downloading %d bytes allocated %d bytes", size, alloc)
	}
}

// TestFileJSON checks that a File keeps the members it does not know.
func TestFileJSON(t *testing.T) {
	const in = `{"id":"file-1","object":"file","bytes":0,"created_at":1700000000,"expires_at":null,"filename":"a.pdf","purpose":"user_data","status":"processed","status_details":null,"future":{"a":[1,2]}}`
	var f files.File
	if err := json.Unmarshal([]byte(in), &f); err != nil {
		t.Fatal(err)
	}
	if f.ID != "file-1" || f.Purpose != files.PurposeUserData || f.CreatedAt != 1700000000 {
		t.Errorf("decoded %+v", f)
	}
	if _, ok := f.Expires(); ok {
		t.Error("Expires reports an expiry for a null expires_at")
	}
	if got := f.Created().Unix(); got != 1700000000 {
		t.Errorf("Created = %d", got)
	}
	out, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	json.Unmarshal([]byte(in), &a)
	json.Unmarshal(out, &b)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("round trip (-in +out):\n%s", diff)
	}
}
