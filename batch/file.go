package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"

	"github.com/respkit/respkit/client"
)

// The Files API calls that batches need. The files package is the Files
// API for users; these small helpers keep batch free of it.

// upload uploads a JSONL file with purpose "batch" (POST /files) whose
// content write writes, and returns its id.
//
// The client sends request bodies as bytes, so the multipart body of one
// shard is built in memory (at most the shard's size, 200 MB by default);
// write is the only place that would change for a streamed body.
func (s *Service) upload(ctx context.Context, name string, size int64, write func(io.Writer) error) (string, error) {
	var buf bytes.Buffer
	buf.Grow(int(size) + 512)
	mw := multipart.NewWriter(&buf)
	if err := mw.WriteField("purpose", "batch"); err != nil {
		return "", err
	}
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		return "", err
	}
	if err := write(fw); err != nil {
		return "", err
	}
	if err := mw.Close(); err != nil {
		return "", err
	}
	res, err := s.c.Send(ctx, &client.Request{
		Method: http.MethodPost,
		Path:   "files",
		Header: http.Header{"Content-Type": {mw.FormDataContentType()}},
		Body:   buf.Bytes(),
	})
	if err != nil {
		return "", err
	}
	var f struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(res.Body, &f); err != nil {
		return "", fmt.Errorf("batch: decode the uploaded file (request id %s): %w", res.RequestID, err)
	}
	if f.ID == "" {
		return "", fmt.Errorf("batch: the uploaded file has no id (request id %s)", res.RequestID)
	}
	return f.ID, nil
}

// download opens the content of a file (GET /files/{id}/content). The
// caller must close it.
func (s *Service) download(ctx context.Context, id string) (io.ReadCloser, error) {
	if id == "" {
		return nil, errors.New("batch: empty file id")
	}
	_, body, err := s.c.Open(ctx, &client.Request{Method: http.MethodGet, Path: "files/" + url.PathEscape(id) + "/content"})
	return body, err
}
