package files_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/files"
)

// onlyReader hides every method of a reader but Read, such as Seek.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

// TestUploadWireFormat checks the bytes of the multipart body exactly.
func TestUploadWireFormat(t *testing.T) {
	tests := []struct {
		name     string
		purpose  files.Purpose
		filename string
		r        io.Reader
		opts     []files.UploadOption
		fields   string // the parts before the file, with B for the boundary
		ct       string // the file's content type
		length   bool   // sent with a Content-Length
	}{
		{
			name: "batch", purpose: files.PurposeBatch, filename: "in.jsonl",
			r:      strings.NewReader(`{"custom_id":"a"}` + "\n"),
			fields: "--B\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n",
			ct:     "application/jsonl", length: true,
		},
		{
			name: "expires after", purpose: files.PurposeUserData, filename: "contract.PDF",
			r:    bytes.NewReader([]byte("%PDF-1.7\n")),
			opts: []files.UploadOption{files.WithExpiresAfter(2 * time.Hour)},
			fields: "--B\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n" +
				"--B\r\nContent-Disposition: form-data; name=\"expires_after[anchor]\"\r\n\r\ncreated_at\r\n" +
				"--B\r\nContent-Disposition: form-data; name=\"expires_after[seconds]\"\r\n\r\n7200\r\n",
			ct: "application/pdf", length: true,
		},
		{
			name: "a reader without Seek is chunked", purpose: files.PurposeAssistants, filename: `na"me.bin`,
			r:      onlyReader{strings.NewReader("\x00\x01\x02")},
			opts:   []files.UploadOption{files.WithContentType("application/x-thing")},
			fields: "--B\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nassistants\r\n",
			ct:     "application/x-thing",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body []byte
			var header http.Header
			var length int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ = io.ReadAll(r.Body)
				header, length = r.Header, r.ContentLength
				io.WriteString(w, `{"id":"file-1","object":"file","bytes":3,"created_at":1,"filename":"x","purpose":"batch","status":"processed","new_member":[1]}`)
			}))
			defer srv.Close()
			c, err := client.New(client.WithAPIKey("sk-test-files"), client.WithBaseURL(srv.URL+"/v1"))
			if err != nil {
				t.Fatal(err)
			}
			content, _ := io.ReadAll(tt.r)
			if s, ok := tt.r.(io.Seeker); ok {
				s.Seek(0, io.SeekStart)
			} else {
				tt.r = onlyReader{bytes.NewReader(content)}
			}
			f, err := files.New(c).Upload(t.Context(), tt.purpose, tt.filename, tt.r, tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if f.ID != "file-1" {
				t.Errorf("ID = %q", f.ID)
			}
			mt, params, err := mime.ParseMediaType(header.Get("Content-Type"))
			if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
				t.Fatalf("Content-Type = %q", header.Get("Content-Type"))
			}
			b := params["boundary"]
			escaped := strings.NewReplacer(`"`, `\"`).Replace(tt.filename)
			want := strings.ReplaceAll(tt.fields, "B", b) +
				"--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + escaped + "\"\r\n" +
				"Content-Type: " + tt.ct + "\r\n\r\n" + string(content) + "\r\n--" + b + "--\r\n"
			if diff := cmp.Diff(want, string(body)); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
			if got := length >= 0; got != tt.length {
				t.Errorf("Content-Length %d, want known %v", length, tt.length)
			}
			if tt.length && length != int64(len(body)) {
				t.Errorf("Content-Length = %d, body has %d bytes", length, len(body))
			}
		})
	}
}

func TestUploadOptionErrors(t *testing.T) {
	fake, fs := newFake(t)
	tests := []struct {
		name     string
		purpose  files.Purpose
		filename string
		r        io.Reader
		opt      files.UploadOption
	}{
		{"expires too soon", files.PurposeBatch, "a", strings.NewReader("x"), files.WithExpiresAfter(59 * time.Minute)},
		{"expires too late", files.PurposeBatch, "a", strings.NewReader("x"), files.WithExpiresAfter(31 * 24 * time.Hour)},
		{"expires not whole seconds", files.PurposeBatch, "a", strings.NewReader("x"), files.WithExpiresAfter(2*time.Hour + time.Millisecond)},
		{"content type", files.PurposeBatch, "a", strings.NewReader("x"), files.WithContentType("a\r\nb: c")},
		{"nil option", files.PurposeBatch, "a", strings.NewReader("x"), nil},
		{"no purpose", "", "a", strings.NewReader("x"), files.WithContentType("text/plain")},
		{"no filename", files.PurposeBatch, "", strings.NewReader("x"), files.WithContentType("text/plain")},
		{"line break in filename", files.PurposeBatch, "a\r\nContent-Type: x", strings.NewReader("x"), files.WithContentType("text/plain")},
		{"no reader", files.PurposeBatch, "a", nil, files.WithContentType("text/plain")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := fs.Upload(t.Context(), tt.purpose, tt.filename, tt.r, tt.opt); err == nil {
				t.Error("Upload succeeded")
			}
		})
	}
	if n := fake.uploadCount(); n != 0 {
		t.Errorf("%d uploads sent, want none", n)
	}
}

// TestUploadRetry checks that a reader that can seek is sent again whole,
// and that one that cannot ends the call at its first failure.
func TestUploadRetry(t *testing.T) {
	const content = "0123456789"
	tests := []struct {
		name     string
		r        io.Reader
		wantErr  bool
		attempts int
	}{
		{"seeker", io.NewSectionReader(strings.NewReader("xx"+content), 2, 10), false, 2},
		{"reader", onlyReader{strings.NewReader(content)}, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake, fs := newFake(t)
			fake.fail = []int{500}
			f, err := fs.Upload(t.Context(), files.PurposeBatch, "a.jsonl", tt.r)
			if tt.wantErr {
				if e, ok := errors.AsType[*client.APIError](err); !ok || e.StatusCode != 500 {
					t.Errorf("Upload = %v, want the 500 *client.APIError", err)
				}
			} else if err != nil || f.Bytes != int64(len(content)) {
				t.Errorf("Upload = %+v, %v; want %d bytes", f, err, len(content))
			}
			if n := fake.uploadCount(); n != tt.attempts {
				t.Fatalf("%d attempts, want %d", n, tt.attempts)
			}
			for _, u := range fake.allUploads() {
				if u.sum != sha256.Sum256([]byte(content)) {
					t.Errorf("an attempt sent %d bytes, not the content", u.size)
				}
			}
		})
	}
}

func TestUploadReadError(t *testing.T) {
	fake, fs := newFake(t)
	boom := errors.New("disk on fire")
	_, err := fs.Upload(t.Context(), files.PurposeBatch, "a.jsonl", io.MultiReader(strings.NewReader("abc"), iotest.ErrReader(boom)))
	if !errors.Is(err, boom) {
		t.Errorf("Upload = %v, want the reader's error", err)
	}
	if n := len(fake.allFiles()); n != 0 {
		t.Errorf("%d files stored", n)
	}
}

// TestUploadStreams uploads 64 MiB and checks that the upload allocates far
// less: the file is streamed, never held.
func TestUploadStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("uploads 64 MiB")
	}
	const size = 64 << 20
	fake, fs := newFake(t)
	for _, tt := range []struct {
		name string
		r    io.Reader
	}{
		{"reader", &gen{n: size}},
		{"seeker", io.NewSectionReader(genReaderAt{}, 0, size)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			alloc := allocated(func() {
				f, err := fs.Upload(t.Context(), files.PurposeBatch, "big.jsonl", tt.r)
				if err != nil {
					t.Fatal(err)
				}
				if f.Bytes != size {
					t.Errorf("Bytes = %d, want %d", f.Bytes, size)
				}
			})
			if u := fake.lastUpload(t); u.sum != genSum(size) {
				t.Error("the server received other content")
			}
			// Client and server together; holding the file would cost 64 MiB.
			t.Logf("uploading %d bytes allocated %d bytes", size, alloc)
			if alloc > 4<<20 {
				t.Errorf("uploading %d bytes allocated %d bytes", size, alloc)
			}
		})
	}
}

// genReaderAt reads the bytes of gen at any offset.
type genReaderAt struct{}

func (genReaderAt) ReadAt(p []byte, off int64) (int, error) {
	g := gen{off: off, n: off + int64(len(p))}
	return g.Read(p)
}

// allocated returns the bytes allocated while f runs, by every goroutine.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
