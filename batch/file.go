package batch

import (
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
// The multipart body is streamed: write writes the lines into a pipe that
// the request reads, so a shard of 200 MB is never held in memory. A retried
// attempt calls write again, into a new pipe, with the same boundary; the
// requests of a job are read several times anyway (see Job.Upload).
func (s *Service) upload(ctx context.Context, name string, write func(io.Writer) error) (string, error) {
	boundary := multipart.NewWriter(io.Discard).Boundary()
	open := func() (io.ReadCloser, error) {
		pr, pw := io.Pipe()
		go func() {
			pw.CloseWithError(writeForm(pw, boundary, name, write))
		}()
		return pr, nil
	}
	res, err := s.c.Send(ctx, &client.Request{
		Method:  http.MethodPost,
		Path:    "files",
		Header:  http.Header{"Content-Type": {"multipart/form-data; boundary=" + boundary}},
		GetBody: open,
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

// writeForm writes the multipart form of an upload of purpose "batch"
// whose file write writes.
func writeForm(w io.Writer, boundary, name string, write func(io.Writer) error) error {
	mw := multipart.NewWriter(w)
	if err := mw.SetBoundary(boundary); err != nil {
		return err
	}
	if err := mw.WriteField("purpose", "batch"); err != nil {
		return err
	}
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		return err
	}
	if err := write(fw); err != nil {
		return err
	}
	return mw.Close()
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
