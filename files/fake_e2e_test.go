package files_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/files"
	"github.com/respkit/respkit/responses/responsestest"
)

// TestFilesOnFake runs the Files API against the fake server: uploads from
// a reader that can seek and one that cannot, get, list across pages,
// content, delete and then 404.
func TestFilesOnFake(t *testing.T) {
	srv := responsestest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	fs := files.New(c)
	ctx := t.Context()
	content := strings.Repeat("Zoë's \"export\" fails \u6771\u4eac \U0001F600\n", 2000)

	var ids []string
	for i, r := range []io.Reader{
		strings.NewReader(content),                             // seeks
		io.MultiReader(strings.NewReader(content)),             // does not
		bytes.NewBufferString(content + "and one line more\n"), // does not
	} {
		f, err := fs.Upload(ctx, files.PurposeUserData, "notes.txt", r)
		if err != nil {
			t.Fatalf("upload %d: %v", i, err)
		}
		if f.ID == "" || f.Filename != "notes.txt" || f.Purpose != files.PurposeUserData || f.Bytes < int64(len(content)) {
			t.Errorf("upload %d: %+v", i, f)
		}
		ids = append(ids, f.ID)
	}

	got, err := fs.Get(ctx, ids[1])
	if err != nil || got.ID != ids[1] {
		t.Fatalf("Get = %+v, %v", got, err)
	}
	listed := map[string]bool{}
	for f, err := range fs.List(ctx, &files.ListOptions{PageSize: 1, Order: files.Asc}) {
		if err != nil {
			t.Fatal(err)
		}
		listed[f.ID] = true
	}
	for _, id := range ids {
		if !listed[id] {
			t.Errorf("List in pages of 1 misses %s (listed %v)", id, listed)
		}
	}
	rc, err := fs.Content(ctx, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || string(b) != content {
		t.Errorf("Content = %d bytes, %v; want the %d bytes uploaded", len(b), err, len(content))
	}
	if err := fs.Delete(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := fs.Get(ctx, ids[0]); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("Get after Delete = %v, want a not-found error", err)
	}
}

// TestDocumentsOnFake checks that a document over the inline limit is
// uploaded once, however many calls ask for it at once.
func TestDocumentsOnFake(t *testing.T) {
	srv := responsestest.NewServer()
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	docs := &files.Documents{Files: files.New(c), InlineLimit: 1 << 10, Cache: new(files.MemoryCache)}
	pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("contract clause \u00e9\n"), 500)...)
	var wg sync.WaitGroup
	ids := make([]string, 16)
	for i := range ids {
		wg.Go(func() {
			in, err := docs.FromBytes(t.Context(), "contract.pdf", pdf)
			if err != nil {
				t.Error(err)
				return
			}
			ids[i] = in.FileID
		})
	}
	wg.Wait()
	uploads := 0
	for _, r := range srv.Requests() {
		if r.Method == "POST" && r.Path == "/v1/files" {
			uploads++
		}
	}
	if uploads != 1 || ids[0] == "" {
		t.Errorf("%d uploads for 16 calls (file id %q), want 1", uploads, ids[0])
	}
	for _, id := range ids {
		if id != ids[0] {
			t.Errorf("file ids differ: %v", ids)
			break
		}
	}
}
