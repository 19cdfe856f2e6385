package files_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/respkit/respkit/files"
	"github.com/respkit/respkit/responses"
)

func TestDocumentsInline(t *testing.T) {
	tests := []struct {
		name     string
		filename string
		data     string
		want     string
	}{
		{"pdf by extension", "a.pdf", "%PDF-1.7", "data:application/pdf;base64,JVBERi0xLjc="},
		{"upper-case extension", "A.PDF", "%PDF-1.7", "data:application/pdf;base64,JVBERi0xLjc="},
		{"sniffed pdf", "contract", "%PDF-1.7", "data:application/pdf;base64,JVBERi0xLjc="},
		{"sniffed text", "notes", "hello", "data:text/plain;charset=utf-8;base64,aGVsbG8="},
		{"markdown", "notes.md", "# hi", "data:text/markdown;base64,IyBoaQ=="},
		{"empty", "empty.txt", "", "data:text/plain;base64,"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d files.Documents // no Files: nothing may be uploaded
			for name, get := range map[string]func() (*responses.InputFile, error){
				"FromBytes": func() (*responses.InputFile, error) { return d.FromBytes(t.Context(), tt.filename, []byte(tt.data)) },
				"FromReader": func() (*responses.InputFile, error) {
					return d.FromReader(t.Context(), tt.filename, onlyReader{strings.NewReader(tt.data)})
				},
			} {
				p, err := get()
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if p.FileData != tt.want || p.Filename != tt.filename || p.FileID != "" {
					t.Errorf("%s = %+v, want file_data %q", name, p, tt.want)
				}
			}
		})
	}
}

func TestDocumentsLimit(t *testing.T) {
	fake, fs := newFake(t)
	tests := []struct {
		name   string
		limit  int64
		size   int
		upload bool
	}{
		{"at the default limit", 0, files.DefaultInlineLimit, false},
		{"over the default limit", 0, files.DefaultInlineLimit + 1, true},
		{"at a limit", 10, 10, false},
		{"over a limit", 10, 11, true},
		{"always upload", -1, 1, true},
	}
	for _, tt := range tests {
		for _, from := range []string{"bytes", "reader", "seeker", "path"} {
			t.Run(tt.name+"/"+from, func(t *testing.T) {
				d := &files.Documents{Files: fs, InlineLimit: tt.limit}
				data := bytes.Repeat([]byte("a"), tt.size)
				before := fake.uploadCount()
				var p *responses.InputFile
				var err error
				switch from {
				case "bytes":
					p, err = d.FromBytes(t.Context(), "doc.txt", data)
				case "reader":
					p, err = d.FromReader(t.Context(), "doc.txt", onlyReader{bytes.NewReader(data)})
				case "seeker":
					p, err = d.FromReader(t.Context(), "doc.txt", bytes.NewReader(data))
				case "path":
					path := filepath.Join(t.TempDir(), "doc.txt")
					if err := os.WriteFile(path, data, 0o600); err != nil {
						t.Fatal(err)
					}
					p, err = d.FromPath(t.Context(), path)
				}
				if err != nil {
					t.Fatal(err)
				}
				uploaded := fake.uploadCount() - before
				if tt.upload {
					u := fake.lastUpload(t)
					if uploaded != 1 || p.FileID == "" || p.FileData != "" || u.size != int64(tt.size) || u.fields["purpose"] != "user_data" || u.filename != "doc.txt" {
						t.Errorf("part %+v after %d uploads (last %+v), want one upload of %d bytes", p, uploaded, u, tt.size)
					}
				} else if uploaded != 0 || p.FileData == "" {
					t.Errorf("part %+v after %d uploads, want inline", p, uploaded)
				}
			})
		}
	}
}

func TestDocumentsErrors(t *testing.T) {
	var d files.Documents
	big := bytes.Repeat([]byte("a"), files.DefaultInlineLimit+1)
	boom := errors.New("disk on fire")
	for name, f := range map[string]func() error{
		"no Files":    func() error { _, err := d.FromBytes(t.Context(), "a.txt", big); return err },
		"no filename": func() error { _, err := d.FromBytes(t.Context(), "", nil); return err },
		"nil reader":  func() error { _, err := d.FromReader(t.Context(), "a.txt", nil); return err },
		"no file":     func() error { _, err := d.FromPath(t.Context(), filepath.Join(t.TempDir(), "none.pdf")); return err },
		"reader error": func() error {
			_, err := d.FromReader(t.Context(), "a.txt", io.MultiReader(strings.NewReader("ab"), errReader{boom}))
			return err
		},
		"reader no name": func() error { _, err := d.FromReader(t.Context(), "", strings.NewReader("")); return err },
	} {
		if err := f(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// TestDocumentsCache checks that a document is uploaded once, however it
// is given and however many goroutines ask for it at once.
func TestDocumentsCache(t *testing.T) {
	fake, fs := newFake(t)
	d := &files.Documents{Files: fs, InlineLimit: 4, Cache: new(files.MemoryCache)}
	data := []byte("the same long document")
	path := filepath.Join(t.TempDir(), "doc.txt")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	const n = 16
	ids := make([]string, 3*n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			p, err := d.FromBytes(t.Context(), "doc.txt", data)
			if err != nil {
				t.Error(err)
				return
			}
			ids[i] = p.FileID
		})
		wg.Go(func() {
			p, err := d.FromPath(t.Context(), path)
			if err != nil {
				t.Error(err)
				return
			}
			ids[n+i] = p.FileID
		})
		wg.Go(func() {
			p, err := d.FromReader(t.Context(), "doc.txt", bytes.NewReader(data))
			if err != nil {
				t.Error(err)
				return
			}
			ids[2*n+i] = p.FileID
		})
	}
	wg.Wait()
	if got := fake.uploadCount(); got != 1 {
		t.Errorf("%d uploads, want 1", got)
	}
	for _, id := range ids {
		if id != ids[0] || id == "" {
			t.Fatalf("ids %v, want one id", ids)
		}
	}
	// A reader that cannot seek is hashed as it uploads; another document
	// is uploaded, and the cache then serves it to any form.
	other := []byte("another long document")
	p1, err := d.FromReader(t.Context(), "other.txt", onlyReader{bytes.NewReader(other)})
	if err != nil {
		t.Fatal(err)
	}
	p2, err := d.FromBytes(t.Context(), "other.txt", other)
	if err != nil {
		t.Fatal(err)
	}
	if got := fake.uploadCount(); got != 2 || p1.FileID != p2.FileID || p1.FileID == ids[0] {
		t.Errorf("%d uploads, ids %s and %s; want 2 uploads, one new id", got, p1.FileID, p2.FileID)
	}
}

// TestDocumentsCacheFailure checks that a failed upload is not cached.
func TestDocumentsCacheFailure(t *testing.T) {
	fake, fs := newFake(t)
	fake.fail = []int{400}
	d := &files.Documents{Files: fs, InlineLimit: 1, Cache: new(files.MemoryCache)}
	if _, err := d.FromBytes(t.Context(), "a.txt", []byte("abc")); err == nil {
		t.Fatal("no error from a failed upload")
	}
	p, err := d.FromBytes(t.Context(), "a.txt", []byte("abc"))
	if err != nil || p.FileID == "" {
		t.Fatalf("FromBytes = %+v, %v", p, err)
	}
	if got := fake.uploadCount(); got != 2 {
		t.Errorf("%d uploads, want 2", got)
	}
}

func TestMemoryCache(t *testing.T) {
	var c files.MemoryCache
	if _, ok := c.Load("k"); ok {
		t.Error("empty cache has k")
	}
	c.Store("k", "file-1")
	if id, ok := c.Load("k"); !ok || id != "file-1" {
		t.Errorf("Load = %q, %v", id, ok)
	}
}

func TestContentType(t *testing.T) {
	for name, want := range map[string]string{
		"a.pdf":         "application/pdf",
		"b.JSONL":       "application/jsonl",
		"c.docx":        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"dir.v2/noext":  "application/octet-stream",
		"x.unknown-ext": "application/octet-stream",
		"photo.jpeg":    "image/jpeg",
	} {
		if got := files.ContentType(name); got != want {
			t.Errorf("ContentType(%q) = %q, want %q", name, got, want)
		}
	}
}
