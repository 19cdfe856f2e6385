package responsestest

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// The Files API's limits.
const (
	// maxFileBytes is the largest file the API takes: 512 MB.
	maxFileBytes = 512 << 20
	// minExpiry and maxExpiry bound expires_after[seconds]: an hour to 30
	// days.
	minExpiry = 3600
	maxExpiry = 30 * 24 * 3600
	// batchFileExpiry is how long a file of purpose batch (or
	// batch_output) lives by default: 30 days.
	batchFileExpiry = 30 * 24 * time.Hour
)

// uploadPurposes are the purposes an upload may have.
var uploadPurposes = []string{"assistants", "batch", "fine-tune", "vision", "user_data", "evals"}

// fileObject is the API's OpenAIFile.
type fileObject struct {
	ID            string  `json:"id"`
	Object        string  `json:"object"`
	Bytes         int64   `json:"bytes"`
	CreatedAt     int64   `json:"created_at"`
	ExpiresAt     *int64  `json:"expires_at"`
	Filename      string  `json:"filename"`
	Purpose       string  `json:"purpose"`
	Status        string  `json:"status"`
	StatusDetails *string `json:"status_details"`
}

// storedFile is a file the server keeps: its object and its bytes.
type storedFile struct {
	obj  fileObject
	data []byte
	seq  int // the order of creation, which breaks ties of created_at
}

// bulkState holds the files, the batches and the rate limits of a Server.
// batchMu serializes the batches (their creation, their progress and the
// lines they run); mu guards the rest, and is never held while taking
// batchMu.
type bulkState struct {
	batchMu  sync.Mutex
	batches  map[string]*batch
	timing   *batchTiming // nil means defaultTiming
	limits   batchLimits
	batchSeq int

	mu       sync.Mutex
	files    map[string]*storedFile
	seq      int
	maxBytes int64 // the largest upload; 0 means maxFileBytes
	rate     *limiter
	flexBusy bool
	stats    Stats
}

// SetFileSizeLimit sets the largest file an upload may carry, in bytes; 0
// restores the API's 512 MB. A larger upload is refused with HTTP 413.
func (s *Server) SetFileSizeLimit(n int64) {
	s.bulk.mu.Lock()
	defer s.bulk.mu.Unlock()
	s.bulk.maxBytes = n
}

// addFile stores data as a new file and returns its object. expiresAfter,
// if positive, sets expires_at that long after created_at.
func (s *Server) addFile(filename, purpose string, data []byte, expiresAfter time.Duration) fileObject {
	now := s.now()
	if expiresAfter <= 0 && (purpose == "batch" || purpose == "batch_output") {
		expiresAfter = batchFileExpiry
	}
	obj := fileObject{
		ID:        s.fileID(),
		Object:    "file",
		Bytes:     int64(len(data)),
		CreatedAt: now.Unix(),
		Filename:  filename,
		Purpose:   purpose,
		Status:    "processed",
	}
	if expiresAfter > 0 {
		at := now.Add(expiresAfter).Unix()
		obj.ExpiresAt = &at
	}
	s.bulk.mu.Lock()
	defer s.bulk.mu.Unlock()
	if s.bulk.files == nil {
		s.bulk.files = map[string]*storedFile{}
	}
	s.bulk.seq++
	s.bulk.files[obj.ID] = &storedFile{obj: obj, data: data, seq: s.bulk.seq}
	return obj
}

// fileID returns an id shaped like the API's: "file-" and 22 letters and
// digits.
func (s *Server) fileID() string {
	id := s.newID("file")            // file_ and 48 hex digits
	return "file-" + id[len(id)-22:] // unique: the digits count up
}

// file returns the stored file id, or nil.
func (s *Server) file(id string) *storedFile {
	s.bulk.mu.Lock()
	defer s.bulk.mu.Unlock()
	return s.bulk.files[id]
}

// fileNotFound answers 404 for the file id, as the API does.
func (s *Server) fileNotFound(w http.ResponseWriter, id string) {
	s.writeAPIError(w, &apiError{status: http.StatusNotFound, param: "id", message: fmt.Sprintf("No such File object: %s", id)})
}

// uploadFile serves POST /v1/files: a multipart/form-data body with the
// fields purpose, file and optionally expires_after[anchor] and
// expires_after[seconds]. It reads the body as a stream, part by part.
func (s *Server) uploadFile(w http.ResponseWriter, r *http.Request) {
	bad := func(param, message string) {
		s.writeAPIError(w, &apiError{status: http.StatusBadRequest, param: param, message: message})
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		bad("", "Invalid Content-Type header: expected multipart/form-data.")
		return
	}
	mr, err := r.MultipartReader()
	if err != nil {
		bad("", "Could not parse multipart form: "+err.Error())
		return
	}
	s.bulk.mu.Lock()
	limit := s.bulk.maxBytes
	s.bulk.mu.Unlock()
	if limit <= 0 {
		limit = maxFileBytes
	}
	var (
		purpose, filename, anchor, seconds string
		data                               []byte
		haveFile                           bool
	)
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			bad("", "Could not parse multipart form: "+err.Error())
			return
		}
		name := p.FormName()
		if name == "file" {
			var buf bytes.Buffer
			n, err := io.Copy(&buf, io.LimitReader(p, limit+1))
			if err != nil {
				bad("file", "Could not read the file: "+err.Error())
				return
			}
			if n > limit {
				// Inferred wording: the API's answer to an upload over
				// its limit is not recorded.
				s.writeAPIError(w, &apiError{status: http.StatusRequestEntityTooLarge, param: "file",
					message: fmt.Sprintf("File is too large: the maximum size is %d bytes.", limit)})
				return
			}
			data, filename, haveFile = buf.Bytes(), p.FileName(), true
			continue
		}
		v, err := io.ReadAll(io.LimitReader(p, 1<<10))
		if err != nil {
			bad(name, "Could not parse multipart form: "+err.Error())
			return
		}
		switch name {
		case "purpose":
			purpose = string(v)
		case "expires_after[anchor]":
			anchor = string(v)
		case "expires_after[seconds]":
			seconds = string(v)
		default:
			bad(name, fmt.Sprintf("Unrecognized request argument supplied: %s", name))
			return
		}
	}
	switch {
	case !haveFile:
		bad("file", "Missing required parameter: 'file'.")
		return
	case purpose == "":
		bad("purpose", "Missing required parameter: 'purpose'.")
		return
	case !slices.Contains(uploadPurposes, purpose):
		bad("purpose", fmt.Sprintf("Invalid value for 'purpose': '%s'. Supported values are: 'assistants', 'batch', 'fine-tune', 'vision', 'user_data' and 'evals'.", purpose))
		return
	}
	if filename == "" {
		filename = "file"
	}
	var expires time.Duration
	if anchor != "" || seconds != "" {
		d, e := expiry("expires_after", anchor, seconds)
		if e != nil {
			s.writeAPIError(w, e)
			return
		}
		expires = d
	}
	obj := s.addFile(filename, purpose, data, expires)
	s.writeJSON(w, Reply{}, obj)
}

// expiry checks an expiration policy, {anchor, seconds}, and returns its
// duration.
func expiry(param, anchor, seconds string) (time.Duration, *apiError) {
	if anchor != "created_at" {
		return 0, &apiError{status: http.StatusBadRequest, param: param + ".anchor",
			message: fmt.Sprintf("Invalid value for '%s.anchor': expected 'created_at', but got '%s' instead.", param, anchor)}
	}
	n, err := strconv.ParseInt(seconds, 10, 64)
	switch {
	case err != nil:
		return 0, &apiError{status: http.StatusBadRequest, param: param + ".seconds",
			message: fmt.Sprintf("Invalid '%s.seconds': expected an integer, but got '%s' instead.", param, seconds)}
	case n < minExpiry:
		return 0, &apiError{status: http.StatusBadRequest, param: param + ".seconds",
			message: fmt.Sprintf("Invalid '%s.seconds': integer below minimum value. Expected a value >= %d, but got %d instead.", param, minExpiry, n)}
	case n > maxExpiry:
		return 0, &apiError{status: http.StatusBadRequest, param: param + ".seconds",
			message: fmt.Sprintf("Invalid '%s.seconds': integer above maximum value. Expected a value <= %d, but got %d instead.", param, maxExpiry, n)}
	}
	return time.Duration(n) * time.Second, nil
}

// filePage is the API's ListFilesResponse.
type filePage struct {
	Object  string       `json:"object"`
	Data    []fileObject `json:"data"`
	FirstID *string      `json:"first_id"`
	LastID  *string      `json:"last_id"`
	HasMore bool         `json:"has_more"`
}

// listFiles serves GET /v1/files: the files, newest first unless order is
// "asc", filtered by purpose, at most limit (1 to 10,000, 10,000 by
// default) after the file with id after.
func (s *Server) listFiles(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, e := listLimit(q.Get("limit"), 10000, 10000)
	if e != nil {
		s.writeAPIError(w, e)
		return
	}
	s.bulk.mu.Lock()
	var all []*storedFile
	for _, f := range s.bulk.files {
		if p := q.Get("purpose"); p == "" || f.obj.Purpose == p {
			all = append(all, f)
		}
	}
	s.bulk.mu.Unlock()
	slices.SortFunc(all, func(a, b *storedFile) int { return b.seq - a.seq })
	switch order := q.Get("order"); order {
	case "", "desc":
	case "asc":
		slices.Reverse(all)
	default:
		s.writeAPIError(w, &apiError{status: http.StatusBadRequest, param: "order",
			message: fmt.Sprintf("Invalid value for 'order': expected one of 'asc' or 'desc', but got '%s' instead.", order)})
		return
	}
	if after := q.Get("after"); after != "" {
		i := slices.IndexFunc(all, func(f *storedFile) bool { return f.obj.ID == after })
		if i < 0 {
			s.fileNotFound(w, after)
			return
		}
		all = all[i+1:]
	}
	page := filePage{Object: "list", Data: []fileObject{}}
	for _, f := range all[:min(limit, len(all))] {
		page.Data = append(page.Data, f.obj)
	}
	page.HasMore = len(all) > limit
	if n := len(page.Data); n > 0 {
		page.FirstID, page.LastID = &page.Data[0].ID, &page.Data[n-1].ID
	}
	s.writeJSON(w, Reply{}, page)
}

// listLimit parses a list's limit parameter, from 1 to most, def if empty.
func listLimit(v string, def, most int) (int, *apiError) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	switch {
	case err != nil:
		return 0, &apiError{status: http.StatusBadRequest, param: "limit", message: fmt.Sprintf("Invalid 'limit': expected an integer, but got '%s' instead.", v)}
	case n < 1:
		return 0, &apiError{status: http.StatusBadRequest, param: "limit", message: fmt.Sprintf("Invalid 'limit': integer below minimum value. Expected a value >= 1, but got %d instead.", n)}
	case n > most:
		return 0, &apiError{status: http.StatusBadRequest, param: "limit", message: fmt.Sprintf("Invalid 'limit': integer above maximum value. Expected a value <= %d, but got %d instead.", most, n)}
	}
	return n, nil
}

// getFile serves GET /v1/files/{id}.
func (s *Server) getFile(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	f := s.file(id)
	if f == nil {
		s.fileNotFound(w, id)
		return
	}
	s.writeJSON(w, Reply{}, f.obj)
}

// fileContent serves GET /v1/files/{id}/content: the bytes as stored,
// streamed.
func (s *Server) fileContent(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	f := s.file(id)
	if f == nil {
		s.fileNotFound(w, id)
		return
	}
	h := w.Header()
	h.Set("x-request-id", s.newID("req"))
	h.Set("openai-processing-ms", "42")
	s.rateHeaders(h)
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.obj.Filename}))
	h.Set("Content-Length", strconv.Itoa(len(f.data)))
	w.WriteHeader(http.StatusOK)
	io.Copy(w, bytes.NewReader(f.data))
}

// deleteFile serves DELETE /v1/files/{id}.
func (s *Server) deleteFile(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.bulk.mu.Lock()
	f := s.bulk.files[id]
	delete(s.bulk.files, id)
	s.bulk.mu.Unlock()
	if f == nil {
		s.fileNotFound(w, id)
		return
	}
	s.writeJSON(w, Reply{}, map[string]any{"id": id, "object": "file", "deleted": true})
}

// isUpload reports whether r is an upload to POST /v1/files.
func isUpload(r *http.Request) bool {
	return r.Method == http.MethodPost && r.URL.Path == "/v1/files"
}
