package files

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"github.com/respkit/respkit/client"
)

// The bounds the API puts on [WithExpiresAfter].
const (
	MinExpiresAfter = time.Hour
	MaxExpiresAfter = 30 * 24 * time.Hour
)

// An UploadOption sets an optional part of an upload.
type UploadOption func(*upload) error

type upload struct {
	expiresAfter time.Duration
	contentType  string
}

// WithExpiresAfter makes the file expire d after its creation (the
// expires_after parameter, anchored at created_at). d is whole seconds
// between [MinExpiresAfter] and [MaxExpiresAfter]. Without it, files of
// purpose batch expire after 30 days and other files are kept until they
// are deleted.
func WithExpiresAfter(d time.Duration) UploadOption {
	return func(u *upload) error {
		if d < MinExpiresAfter || d > MaxExpiresAfter || d%time.Second != 0 {
			return fmt.Errorf("files: expires after %v: want whole seconds between %v and %v", d, MinExpiresAfter, MaxExpiresAfter)
		}
		u.expiresAfter = d
		return nil
	}
}

// WithContentType sets the content type of the uploaded file. Without it,
// the type follows the filename's extension (see [ContentType]).
func WithContentType(ct string) UploadOption {
	return func(u *upload) error {
		if ct == "" || hasControl(ct) {
			return fmt.Errorf("files: invalid content type %q", ct)
		}
		u.contentType = ct
		return nil
	}
}

// Upload uploads a file (POST /files) read from r, with the given purpose
// and filename, and returns it. The file is streamed as multipart/form-data
// while it is read: it is never held in memory whole. Upload does not close
// r.
//
// When r is an [io.Seeker] (an *os.File, a *bytes.Reader…) the upload is
// sent with its length and retried like any call, from r's offset when
// Upload was called. Otherwise it is sent in chunks and not retried: a
// failed attempt ends the call, as r cannot be read again. The API takes
// files of up to 512 MB. A per-attempt timeout ([client.WithTimeout]) covers
// the whole upload: give a client without one, or with one long enough, for
// large files.
//
// An error from the API is a *[client.APIError].
func (s *Service) Upload(ctx context.Context, purpose Purpose, filename string, r io.Reader, opts ...UploadOption) (*File, error) {
	var u upload
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("files: nil UploadOption")
		}
		if err := opt(&u); err != nil {
			return nil, err
		}
	}
	switch {
	case purpose == "":
		return nil, errors.New("files: empty purpose")
	case filename == "":
		return nil, errors.New("files: empty filename")
	case hasControl(filename):
		return nil, fmt.Errorf("files: filename %q holds a control character", filename)
	case r == nil:
		return nil, errors.New("files: nil reader")
	}
	if u.contentType == "" {
		u.contentType = ContentType(filename)
	}
	head, tail, boundary := formParts(purpose, filename, &u)
	body, size, err := newBodies(head, r, tail)
	if err != nil {
		return nil, err
	}
	res, err := s.c.Send(ctx, &client.Request{
		Method:        http.MethodPost,
		Path:          "files",
		Header:        http.Header{"Content-Type": {"multipart/form-data; boundary=" + boundary}},
		GetBody:       body,
		ContentLength: size,
	})
	if err != nil {
		return nil, err
	}
	f := new(File)
	if err := decode(res, f); err != nil {
		return nil, err
	}
	return f, nil
}

// formParts returns what comes before the file's content in the form (the
// fields and the header of the file part) and what comes after it, and the
// boundary between them. The file part comes last, so that a server reads
// the fields before the content.
func formParts(purpose Purpose, filename string, u *upload) (head, tail []byte, boundary string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	// Writing to a bytes.Buffer does not fail, and the field names are
	// valid.
	w.WriteField("purpose", string(purpose))
	if u.expiresAfter > 0 {
		w.WriteField("expires_after[anchor]", "created_at")
		w.WriteField("expires_after[seconds]", strconv.FormatInt(int64(u.expiresAfter/time.Second), 10))
	}
	h := make(textproto.MIMEHeader)
	h.Set("Content-Disposition", multipart.FileContentDisposition("file", filename))
	h.Set("Content-Type", u.contentType)
	w.CreatePart(h)
	head = bytes.Clone(buf.Bytes())
	buf.Reset()
	w.Close()
	return head, buf.Bytes(), w.Boundary()
}

// errNotReplayable is the error of opening the body of an upload again when
// its reader cannot be read again.
var errNotReplayable = errors.New("files: the upload cannot be sent again: its reader is not an io.Seeker")

// newBodies returns a function that opens the body of an upload, head, then
// r, then tail, for each attempt, and the body's length, or 0 when it is
// unknown. An io.Seeker is read again from its current offset on each
// attempt; any other reader can be read once.
func newBodies(head []byte, r io.Reader, tail []byte) (func() (io.ReadCloser, error), int64, error) {
	open := func() (io.ReadCloser, error) {
		return io.NopCloser(io.MultiReader(bytes.NewReader(head), r, bytes.NewReader(tail))), nil
	}
	if sk, ok := r.(io.Seeker); ok {
		start, err := sk.Seek(0, io.SeekCurrent)
		if err == nil {
			end, err := sk.Seek(0, io.SeekEnd)
			if err != nil {
				return nil, 0, fmt.Errorf("files: find the size of the upload: %w", err)
			}
			if _, err := sk.Seek(start, io.SeekStart); err != nil {
				return nil, 0, fmt.Errorf("files: find the size of the upload: %w", err)
			}
			first := true
			return func() (io.ReadCloser, error) {
				if !first {
					if _, err := sk.Seek(start, io.SeekStart); err != nil {
						return nil, fmt.Errorf("files: rewind the upload: %w", err)
					}
				}
				first = false
				return open()
			}, int64(len(head)) + max(end-start, 0) + int64(len(tail)), nil
		}
		// A Seeker that cannot seek, such as a pipe's *os.File, is read
		// once.
	}
	used := false
	return func() (io.ReadCloser, error) {
		if used {
			return nil, errNotReplayable
		}
		used = true
		return open()
	}, 0, nil
}

// hasControl reports whether s holds an ASCII control character, which a
// header of the form cannot carry.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f })
}
