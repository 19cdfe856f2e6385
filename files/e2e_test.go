package files_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/files"
	"github.com/respkit/respkit/responses/responsestest"
)

// The tests of this file run the package against responsestest, the fake
// API, which serves the Files API as the official spec describes it.

// newServer returns the fake, in process, and a Service of it.
func newServer(t *testing.T) (*responsestest.Server, *files.Service) {
	t.Helper()
	srv := responsestest.NewServer(responsestest.InProcess())
	t.Cleanup(srv.Close)
	c, err := srv.Client(client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return srv, files.New(c)
}

// uploads counts the uploads the fake received.
func uploads(srv *responsestest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == "POST" && r.Path == "/v1/files" {
			n++
		}
	}
	return n
}

// content downloads a file whole.
func content(t *testing.T, fs *files.Service, id string) []byte {
	t.Helper()
	rc, err := fs.Content(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestE2EUpload(t *testing.T) {
	data := bytes.Repeat([]byte("a line of a long document\n"), 100_000) // 2.6 MB
	tests := []struct {
		name string
		r    func() io.Reader
	}{
		{"seeker", func() io.Reader { return bytes.NewReader(data) }},
		{"reader", func() io.Reader { return onlyReader{bytes.NewReader(data)} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, fs := newServer(t)
			f, err := fs.Upload(t.Context(), files.PurposeUserData, "doc.txt", tt.r(), files.WithExpiresAfter(2*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if f.ID == "" || f.Object != "file" || f.Bytes != int64(len(data)) || f.Filename != "doc.txt" ||
				f.Purpose != files.PurposeUserData || f.Status != "processed" || f.ExpiresAt != f.CreatedAt+7200 {
				t.Errorf("uploaded %+v", f)
			}
			got, err := fs.Get(t.Context(), f.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != f.ID || got.Bytes != f.Bytes || got.ExpiresAt != f.ExpiresAt {
				t.Errorf("got %+v, want %+v", got, f)
			}
			if sha256.Sum256(content(t, fs, f.ID)) != sha256.Sum256(data) {
				t.Error("the content differs from the upload")
			}
			if n := uploads(srv); n != 1 {
				t.Errorf("%d uploads, want 1", n)
			}

			// A file over the server's limit is refused with 413.
			srv.SetFileSizeLimit(int64(len(data)) - 1)
			_, err = fs.Upload(t.Context(), files.PurposeUserData, "doc.txt", tt.r())
			if ae, ok := errors.AsType[*client.APIError](err); !ok || ae.StatusCode != 413 {
				t.Errorf("upload over the limit: %v, want a 413", err)
			}
		})
	}
}

func TestE2EBatchFileExpires(t *testing.T) {
	_, fs := newServer(t)
	f, err := fs.Upload(t.Context(), files.PurposeBatch, "in.jsonl", bytes.NewReader([]byte("{}\n")))
	if err != nil {
		t.Fatal(err)
	}
	if exp, ok := f.Expires(); !ok || !exp.Equal(f.Created().Add(30*24*time.Hour)) {
		t.Errorf("a batch file expires at %v (%v), want 30 days after %v", exp, ok, f.Created())
	}
}

func TestE2EList(t *testing.T) {
	srv, fs := newServer(t)
	var want []string
	for i := range 7 {
		purpose := files.PurposeUserData
		if i%3 == 2 {
			purpose = files.PurposeBatch
		}
		f, err := fs.Upload(t.Context(), purpose, fmt.Sprintf("f%d.txt", i), bytes.NewReader([]byte{byte('a' + i)}))
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, f.ID)
	}
	list := func(opts *files.ListOptions) []string {
		t.Helper()
		var ids []string
		for f, err := range fs.List(t.Context(), opts) {
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, f.ID)
		}
		return ids
	}
	pages := func() int {
		n := 0
		for _, r := range srv.Requests() {
			if r.Method == "GET" && r.Path == "/v1/files" {
				n++
			}
		}
		return n
	}
	before := pages()
	asc := list(&files.ListOptions{Order: files.Asc, PageSize: 3})
	if fmt.Sprint(asc) != fmt.Sprint(want) {
		t.Errorf("ascending %v, want %v", asc, want)
	}
	if n := pages() - before; n != 3 {
		t.Errorf("%d pages of 3 for 7 files, want 3", n)
	}
	desc := list(&files.ListOptions{PageSize: 2})
	for i, id := range desc {
		if id != want[len(want)-1-i] {
			t.Errorf("descending %v, want the reverse of %v", desc, want)
			break
		}
	}
	if got := list(&files.ListOptions{Purpose: files.PurposeBatch, Order: files.Asc, PageSize: 1}); fmt.Sprint(got) != fmt.Sprint([]string{want[2], want[5]}) {
		t.Errorf("batch files %v, want %v", got, []string{want[2], want[5]})
	}
	if got := list(&files.ListOptions{Order: files.Asc, After: want[4]}); fmt.Sprint(got) != fmt.Sprint(want[5:]) {
		t.Errorf("after %s: %v, want %v", want[4], got, want[5:])
	}
}

func TestE2EDelete(t *testing.T) {
	_, fs := newServer(t)
	f, err := fs.Upload(t.Context(), files.PurposeUserData, "a.txt", bytes.NewReader([]byte("a")))
	if err != nil {
		t.Fatal(err)
	}
	if err := fs.Delete(t.Context(), f.ID); err != nil {
		t.Fatal(err)
	}
	for name, call := range map[string]func() error{
		"get":     func() error { _, err := fs.Get(t.Context(), f.ID); return err },
		"content": func() error { _, err := fs.Content(t.Context(), f.ID); return err },
		"delete":  func() error { return fs.Delete(t.Context(), f.ID) },
		"unknown": func() error { _, err := fs.Get(t.Context(), "file-unknown"); return err },
	} {
		if err := call(); !errors.Is(err, client.ErrNotFound) {
			t.Errorf("%s after delete: %v, want a 404", name, err)
		}
	}
	for f, err := range fs.List(t.Context(), nil) {
		t.Errorf("listed %v, %v after delete", f, err)
	}
}

func TestE2EDocumentsCache(t *testing.T) {
	srv, fs := newServer(t)
	d := &files.Documents{Files: fs, InlineLimit: 1 << 10, Cache: new(files.MemoryCache)}
	long := bytes.Repeat([]byte("a long contract. "), 1000)
	ids := make([]string, 16)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Go(func() {
			p, err := d.FromBytes(t.Context(), "contract.txt", long)
			if err != nil {
				t.Error(err)
				return
			}
			ids[i] = p.FileID
		})
	}
	wg.Wait()
	if n := uploads(srv); n != 1 {
		t.Errorf("%d uploads of one document, want 1", n)
	}
	for _, id := range ids {
		if id != ids[0] || id == "" {
			t.Fatalf("file ids %v, want one", ids)
		}
	}
	f, err := fs.Get(t.Context(), ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if f.Purpose != files.PurposeUserData || f.Bytes != int64(len(long)) {
		t.Errorf("uploaded %+v", f)
	}
	if !bytes.Equal(content(t, fs, f.ID), long) {
		t.Error("the uploaded content differs")
	}
	// A short document is inline, with no upload.
	p, err := d.FromBytes(t.Context(), "note.txt", []byte("short"))
	if err != nil {
		t.Fatal(err)
	}
	if p.FileID != "" || p.FileData == "" || uploads(srv) != 1 {
		t.Errorf("short document %+v, %d uploads", p, uploads(srv))
	}
}
