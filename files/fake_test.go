package files_test

import (
	"crypto/sha256"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/files"
)

// upload is what the fake saw of one upload.
type upload struct {
	fields      map[string]string // the form fields, besides file
	order       []string          // the names of the parts, in order
	filename    string
	contentType string // of the file part
	size        int64
	sum         [32]byte
	chunked     bool // sent without a Content-Length
}

// fakeAPI is a small in-process Files API: it parses uploads part by part
// without holding them (it keeps the content of small files only), lists
// files in pages, and serves content.
type fakeAPI struct {
	t  testing.TB
	mu sync.Mutex
	// files in creation order, and the content of those small enough.
	files   []*files.File
	content map[string][]byte
	uploads []upload
	// fail, when not zero, is the status of the next upload attempts,
	// answered after reading the whole body.
	fail []int
	// pages records the query of each list request.
	pages []string
	// generated serves, under this id, a file of genSize bytes made by gen.
	genSize int64
}

const genID = "file-generated"

func newFake(t testing.TB) (*fakeAPI, *files.Service) {
	t.Helper()
	f := &fakeAPI{t: t, content: map[string][]byte{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/files", f.upload)
	mux.HandleFunc("GET /v1/files", f.list)
	mux.HandleFunc("GET /v1/files/{id}", f.get)
	mux.HandleFunc("DELETE /v1/files/{id}", f.delete)
	mux.HandleFunc("GET /v1/files/{id}/content", f.download)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	c, err := client.New(client.WithAPIKey("sk-test-files"), client.WithBaseURL(srv.URL+"/v1"))
	if err != nil {
		t.Fatal(err)
	}
	return f, files.New(c)
}

func apiError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-request-id", "req_fake")
	w.Header().Set("retry-after-ms", "1")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
		"message": msg, "type": "invalid_request_error", "param": nil, "code": nil,
	}})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

func (f *fakeAPI) upload(w http.ResponseWriter, r *http.Request) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		apiError(w, 400, "want multipart/form-data, got "+r.Header.Get("Content-Type"))
		return
	}
	u := upload{fields: map[string]string{}, chunked: r.ContentLength < 0}
	var small []byte
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			apiError(w, 400, "bad multipart body: "+err.Error())
			return
		}
		u.order = append(u.order, p.FormName())
		if p.FormName() != "file" {
			v, err := io.ReadAll(p)
			if err != nil {
				apiError(w, 400, err.Error())
				return
			}
			u.fields[p.FormName()] = string(v)
			continue
		}
		u.filename, u.contentType = p.FileName(), p.Header.Get("Content-Type")
		h := sha256.New()
		var keep limitedBuffer
		keep.max = 64 << 10
		n, err := io.Copy(io.MultiWriter(h, &keep), p)
		if err != nil {
			apiError(w, 400, err.Error())
			return
		}
		u.size, u.sum, small = n, [32]byte(h.Sum(nil)), keep.b
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.uploads = append(f.uploads, u)
	if len(f.fail) > 0 {
		status := f.fail[0]
		f.fail = f.fail[1:]
		apiError(w, status, "upload failed")
		return
	}
	if u.fields["purpose"] == "" || u.filename == "" {
		apiError(w, 400, "missing purpose or file")
		return
	}
	file := &files.File{
		ID:        "file-" + strconv.Itoa(len(f.files)+1),
		Object:    "file",
		Bytes:     u.size,
		CreatedAt: 1700000000 + int64(len(f.files)),
		Filename:  u.filename,
		Purpose:   files.Purpose(u.fields["purpose"]),
		Status:    "processed",
	}
	if s := u.fields["expires_after[seconds]"]; s != "" {
		n, _ := strconv.ParseInt(s, 10, 64)
		file.ExpiresAt = file.CreatedAt + n
	}
	f.files = append(f.files, file)
	if small != nil {
		f.content[file.ID] = small
	}
	writeJSON(w, file)
}

// limitedBuffer keeps what is written to it up to max bytes, and drops it
// all past that.
type limitedBuffer struct {
	b    []byte
	max  int
	over bool
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if !l.over && len(l.b)+len(p) <= l.max {
		l.b = append(l.b, p...)
	} else {
		l.over, l.b = true, nil
	}
	return len(p), nil
}

func (f *fakeAPI) find(id string) *files.File {
	for _, file := range f.files {
		if file.ID == id {
			return file
		}
	}
	return nil
}

func (f *fakeAPI) get(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	file := f.find(r.PathValue("id"))
	if file == nil {
		apiError(w, 404, "No such File object: "+r.PathValue("id"))
		return
	}
	writeJSON(w, file)
}

func (f *fakeAPI) delete(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := r.PathValue("id")
	i := slices.IndexFunc(f.files, func(file *files.File) bool { return file.ID == id })
	if i < 0 {
		apiError(w, 404, "No such File object: "+id)
		return
	}
	f.files = slices.Delete(f.files, i, i+1)
	delete(f.content, id)
	writeJSON(w, map[string]any{"id": id, "object": "file", "deleted": true})
}

func (f *fakeAPI) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pages = append(f.pages, q.Encode())
	var all []*files.File
	for _, file := range f.files {
		if p := q.Get("purpose"); p == "" || string(file.Purpose) == p {
			all = append(all, file)
		}
	}
	if q.Get("order") != "asc" {
		slices.Reverse(all)
	}
	if after := q.Get("after"); after != "" {
		i := slices.IndexFunc(all, func(file *files.File) bool { return file.ID == after })
		all = all[i+1:]
	}
	limit := 10000
	if s := q.Get("limit"); s != "" {
		limit, _ = strconv.Atoi(s)
	}
	more := len(all) > limit
	if more {
		all = all[:limit]
	}
	p := map[string]any{"object": "list", "data": all, "has_more": more, "first_id": nil, "last_id": nil}
	if len(all) > 0 {
		p["first_id"], p["last_id"] = all[0].ID, all[len(all)-1].ID
	}
	if all == nil {
		p["data"] = []any{}
	}
	writeJSON(w, p)
}

func (f *fakeAPI) download(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	f.mu.Lock()
	data, ok := f.content[id]
	size := f.genSize
	f.mu.Unlock()
	switch {
	case id == genID && size > 0:
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
		io.Copy(w, &gen{n: size})
	case ok:
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(data)
	default:
		apiError(w, 404, "No such File object: "+id)
	}
}

// gen generates n bytes of a fixed pattern without holding them.
type gen struct{ off, n int64 }

func (g *gen) Read(p []byte) (int, error) {
	if g.off >= g.n {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), g.n-g.off)]
	for i := range p {
		p[i] = byte((g.off + int64(i)) % 251)
	}
	g.off += int64(len(p))
	return len(p), nil
}

// genSum returns the SHA-256 of n bytes of gen.
func genSum(n int64) [32]byte {
	h := sha256.New()
	io.Copy(h, &gen{n: n})
	return [32]byte(h.Sum(nil))
}

func (f *fakeAPI) lastUpload(t *testing.T) upload {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.uploads) == 0 {
		t.Fatal("no upload")
	}
	return f.uploads[len(f.uploads)-1]
}

func (f *fakeAPI) uploadCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.uploads)
}

func (f *fakeAPI) allUploads() []upload {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.uploads)
}

func (f *fakeAPI) allFiles() []*files.File {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.files)
}
