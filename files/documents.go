package files

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/respkit/respkit/responses"
)

// DefaultInlineLimit is the size up to which [Documents] sends a document
// inline, 1 MiB.
//
// The API takes files of up to 50 MB in a request, inline or not, but an
// inline document is sent base64-encoded (a third larger) with every
// request, every retry and every line of a batch that uses it, where it
// counts against the 200 MB of a batch input file; an uploaded one is sent
// once and referenced by its id. 1 MiB keeps requests small while sparing
// an upload for short documents.
const DefaultInlineLimit = 1 << 20

// Documents turns documents (bytes, a file on disk, a reader) into the
// input_file parts of the Responses API ([responses.InputFile]): inline as a
// data URL ("data:application/pdf;base64,…") up to InlineLimit bytes, and
// above it uploaded with purpose user_data and referenced by file id.
//
// The content type of an inline document follows its filename's extension
// (see [ContentType]) or, for an unknown extension, its content. Images are
// given to a model as input_image parts ([responses.InputImage]), not
// through Documents.
//
// A Documents is safe for concurrent use once its fields are set; it must
// not be copied after its first use.
type Documents struct {
	// Files uploads the documents larger than InlineLimit. When it is nil,
	// such documents are an error.
	Files *Service
	// InlineLimit is the largest document, in bytes, sent inline. Zero
	// means DefaultInlineLimit; a negative limit uploads every document.
	InlineLimit int64
	// Cache, when not nil, keeps the ids of uploaded documents by the
	// SHA-256 of their content, so that the same document is uploaded
	// once: concurrent calls for one document wait for a single upload.
	// (A document read from a reader that is not an io.Seeker is hashed as
	// it uploads: the cache serves the calls that start after the upload
	// ended.)
	Cache Cache
	// UploadOptions are given to every upload, such as WithExpiresAfter.
	UploadOptions []UploadOption

	mu       sync.Mutex
	inflight map[string]*flight // uploads under way, by cache key
}

// flight is one upload under way that other calls may wait for.
type flight struct {
	done chan struct{}
	id   string
	err  error
}

// FromBytes returns the input_file part for data, a document named
// filename. data is not modified nor kept.
func (d *Documents) FromBytes(ctx context.Context, filename string, data []byte) (*responses.InputFile, error) {
	if filename == "" {
		return nil, errors.New("files: empty filename")
	}
	limit := d.limit()
	if limit >= 0 && int64(len(data)) <= limit {
		return inline(filename, data), nil
	}
	return d.upload(ctx, filename, bytes.NewReader(data), data)
}

// FromPath returns the input_file part for the file at path, named by the
// last element of path.
func (d *Documents) FromPath(ctx context.Context, path string) (*responses.InputFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("files: %w", err)
	}
	defer f.Close()
	return d.FromReader(ctx, filepath.Base(path), f)
}

// FromReader returns the input_file part for the document read from r,
// named filename. It reads at most InlineLimit+1 bytes into memory: a
// larger document is streamed into its upload. An [io.Seeker] is read from
// its current offset and may be read more than once (to hash it, then to
// upload it). FromReader does not close r.
func (d *Documents) FromReader(ctx context.Context, filename string, r io.Reader) (*responses.InputFile, error) {
	if filename == "" {
		return nil, errors.New("files: empty filename")
	}
	if r == nil {
		return nil, errors.New("files: nil reader")
	}
	start := int64(-1)
	sk, _ := r.(io.Seeker)
	if sk != nil {
		if off, err := sk.Seek(0, io.SeekCurrent); err == nil {
			start = off
		}
	}
	var head []byte
	if limit := d.limit(); limit >= 0 {
		var err error
		head, err = io.ReadAll(io.LimitReader(r, limit+1))
		if err != nil {
			return nil, fmt.Errorf("files: read %s: %w", filename, err)
		}
		if int64(len(head)) <= limit {
			return inline(filename, head), nil
		}
	}
	if start >= 0 {
		// Upload from the Seeker itself, so that the upload has a length
		// and may be retried.
		if _, err := sk.Seek(start, io.SeekStart); err != nil {
			return nil, fmt.Errorf("files: rewind %s: %w", filename, err)
		}
		return d.upload(ctx, filename, r, nil)
	}
	return d.upload(ctx, filename, io.MultiReader(bytes.NewReader(head), r), nil)
}

func (d *Documents) limit() int64 {
	if d.InlineLimit == 0 {
		return DefaultInlineLimit
	}
	return d.InlineLimit
}

// inline returns the part holding data as a data URL.
func inline(filename string, data []byte) *responses.InputFile {
	return responses.FileData(filename, DataURL(sniff(filename, data), data))
}

// DataURL returns data as a base64 data URL of the given content type:
// "data:<contentType>;base64,<data>".
func DataURL(contentType string, data []byte) string {
	prefix := "data:" + contentType + ";base64,"
	b := make([]byte, len(prefix)+base64.StdEncoding.EncodedLen(len(data)))
	copy(b, prefix)
	base64.StdEncoding.Encode(b[len(prefix):], data)
	return string(b)
}

// upload uploads the document read from r and returns its part. data is
// the whole document when it is in memory, for its hash.
func (d *Documents) upload(ctx context.Context, filename string, r io.Reader, data []byte) (*responses.InputFile, error) {
	if d.Files == nil {
		return nil, fmt.Errorf("files: %s is larger than the inline limit of %d bytes, and Documents has no Files to upload it", filename, max(d.limit(), 0))
	}
	if d.Cache == nil {
		id, err := d.send(ctx, filename, r)
		return part(id, err)
	}
	var key string
	switch sk, ok := r.(io.Seeker); {
	case data != nil:
		key = cacheKey(sha256.Sum256(data))
	case ok:
		// Hash the document, then upload it from where it started.
		start, err := sk.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, fmt.Errorf("files: read %s: %w", filename, err)
		}
		h := sha256.New()
		if _, err := io.Copy(h, r); err != nil {
			return nil, fmt.Errorf("files: read %s: %w", filename, err)
		}
		if _, err := sk.Seek(start, io.SeekStart); err != nil {
			return nil, fmt.Errorf("files: rewind %s: %w", filename, err)
		}
		key = cacheKey([32]byte(h.Sum(nil)))
	default:
		// The hash is known once the document is read, that is uploaded.
		h := sha256.New()
		id, err := d.send(ctx, filename, io.TeeReader(r, h))
		if err == nil {
			d.Cache.Store(cacheKey([32]byte(h.Sum(nil))), id)
		}
		return part(id, err)
	}
	id, err := d.once(ctx, key, func() (string, error) { return d.send(ctx, filename, r) })
	return part(id, err)
}

// send uploads the document read from r, with purpose user_data, and
// returns its id.
func (d *Documents) send(ctx context.Context, filename string, r io.Reader) (string, error) {
	f, err := d.Files.Upload(ctx, PurposeUserData, filename, r, d.UploadOptions...)
	if err != nil {
		return "", err
	}
	if f.ID == "" {
		return "", errors.New("files: the uploaded file has no id")
	}
	return f.ID, nil
}

// once runs upload unless the cache has key or another call is uploading
// the same document, in which case it waits for that call. It stores the
// new id in the cache.
func (d *Documents) once(ctx context.Context, key string, upload func() (string, error)) (string, error) {
	for {
		if id, ok := d.Cache.Load(key); ok {
			return id, nil
		}
		d.mu.Lock()
		// Look again under the lock: an upload may have ended since.
		if id, ok := d.Cache.Load(key); ok {
			d.mu.Unlock()
			return id, nil
		}
		if f, ok := d.inflight[key]; ok {
			d.mu.Unlock()
			select {
			case <-f.done:
			case <-ctx.Done():
				return "", ctx.Err()
			}
			switch {
			case f.err == nil:
				return f.id, nil
			case ctx.Err() != nil:
				return "", ctx.Err()
			case errors.Is(f.err, context.Canceled), errors.Is(f.err, context.DeadlineExceeded):
				// That upload ended with its own context: try again.
				continue
			}
			return "", f.err
		}
		f := &flight{done: make(chan struct{})}
		if d.inflight == nil {
			d.inflight = make(map[string]*flight)
		}
		d.inflight[key] = f
		d.mu.Unlock()

		f.id, f.err = upload()
		if f.err == nil {
			d.Cache.Store(key, f.id)
		}
		d.mu.Lock()
		delete(d.inflight, key)
		d.mu.Unlock()
		close(f.done)
		return f.id, f.err
	}
}

// cacheKey is the key of a document in a Cache: "sha256:" and the hex
// digest of its content.
func cacheKey(sum [32]byte) string { return "sha256:" + hex.EncodeToString(sum[:]) }

func part(id string, err error) (*responses.InputFile, error) {
	if err != nil {
		return nil, err
	}
	return responses.FileID(id), nil
}
