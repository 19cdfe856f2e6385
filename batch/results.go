package batch

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"strings"
	"unsafe"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/internal/wire"
	"github.com/respkit/respkit/responses"
	"github.com/tidwall/gjson"
)

// MaxResultLine is the largest line of an output or error file that
// [Results] reads, 64 MiB: a response body larger than that ends the
// iteration with an error.
const MaxResultLine = 64 << 20

// Result is the outcome of one request of a job.
type Result[T any] struct {
	// CustomID is the request's custom id.
	CustomID string
	// Shard is the index of the request's shard in Job.Shards.
	Shard int
	// Value is the output decoded into T, when Err is nil.
	Value T
	// Response is the response the request received, if any (nil for a
	// request that failed with no response, or that is missing).
	Response *responses.Response
	// Err says why there is no Value, with the errors of
	// [responses.Parse]: a [*responses.RefusalError],
	// [*responses.IncompleteError], [*schema.DecodeError],
	// [*responses.ResponseError] or [responses.ErrNoText]; or a
	// [*client.APIError] for a request answered with another status than
	// 200, a [*RequestError] for a request that failed with no response,
	// and a [*MissingError] for a request found in neither file.
	Err error
}

// Results returns an iterator over the results of every request of job,
// whose batches must all be in a final status (see [Service.Run]). Each
// request yields one Result, in no particular order (the API writes them as
// they finish): first the lines of the output and error files of each
// shard, read one at a time as they download, then a [*MissingError] for each
// custom id of the shard that came back in neither file (found by reading
// the shard's input file again, only when some are missing).
//
// Each response is decoded as [responses.Parse] decodes it (see
// [responses.DecodeOutput]), so a line yields a T or the same typed errors.
// The iteration stops with a non-nil error, and a zero Result, when a file
// cannot be read or a line is not a result line; a request's own failure is
// never such an error but the Result's Err.
func Results[T any](ctx context.Context, s *Service, job *Job) iter.Seq2[Result[T], error] {
	return func(yield func(Result[T], error) bool) {
		for i := range job.Shards {
			sh := &job.Shards[i]
			if sh.BatchID == "" || !sh.Status.Done() {
				yield(Result[T]{}, fmt.Errorf("batch: shard %d is not done (batch %q, status %q); run the job first", i, sh.BatchID, sh.Status))
				return
			}
			seen := make(map[string]struct{}, sh.Lines)
			for _, file := range []string{sh.OutputFileID, sh.ErrorFileID} {
				if file == "" {
					continue
				}
				stop := false
				err := s.readFile(ctx, file, func(line []byte) error {
					r, err := decodeResult[T](line)
					if err != nil {
						return err
					}
					r.Shard = i
					seen[r.CustomID] = struct{}{}
					if !yield(r, nil) {
						stop = true
						return errStop
					}
					return nil
				})
				if stop {
					return
				}
				if err != nil {
					yield(Result[T]{}, fmt.Errorf("batch: shard %d, file %s: %w", i, file, err))
					return
				}
			}
			if len(seen) >= sh.Lines {
				continue
			}
			stop := false
			err := s.readFile(ctx, sh.InputFileID, func(line []byte) error {
				id := gjson.Get(unsafeString(line), "custom_id")
				if id.Type != gjson.String {
					return errors.New("input line without a custom_id")
				}
				if _, ok := seen[id.Str]; ok {
					return nil
				}
				cid := strings.Clone(id.Str)
				if !yield(Result[T]{CustomID: cid, Shard: i, Err: &MissingError{CustomID: cid, BatchID: sh.BatchID, Status: sh.Status, Errors: sh.Errors}}, nil) {
					stop = true
					return errStop
				}
				return nil
			})
			if !stop && err != nil {
				yield(Result[T]{}, fmt.Errorf("batch: shard %d, input file %s: %w", i, sh.InputFileID, err))
			}
			if stop || err != nil {
				return
			}
		}
	}
}

// ReadResults returns an iterator over the result lines of an output or
// error file read from r ({"id","custom_id","response":{"status_code",
// "request_id","body"},"error"}), one line at a time, each decoded as
// [Results] decodes it: a Result with a T or the typed error of the
// request (Result.Shard is 0). Lines may be up to [MaxResultLine] long. The
// iteration stops with a non-nil error, and a zero Result, when r fails or
// a line is not a result line.
//
// Use it for files downloaded apart from a [Job]; [Results] reads a job's.
func ReadResults[T any](r io.Reader) iter.Seq2[Result[T], error] {
	return func(yield func(Result[T], error) bool) {
		stop := false
		err := readLines(r, MaxResultLine, func(line []byte) error {
			res, err := decodeResult[T](line)
			if err != nil {
				return err
			}
			if !yield(res, nil) {
				stop = true
				return errStop
			}
			return nil
		})
		if !stop && err != nil {
			yield(Result[T]{}, fmt.Errorf("batch: %w", err))
		}
	}
}

// errStop ends a readFile early when the consumer stops iterating.
var errStop = errors.New("stop")

// decodeResult decodes one line of an output or error file:
// {"id","custom_id","response":{"status_code","request_id","body"},"error"}.
//
// The response body, nearly all of the line, is read once by the decoder
// (which checks its syntax) and stepped over once to find it; the rest of
// the line is checked apart (see validLine).
func decodeResult[T any](line []byte) (Result[T], error) {
	var r Result[T]
	s := unsafeString(line) // only read while line is: everything kept is copied
	body := gjson.Get(s, "response.body")
	if !validLine(line, body) {
		return r, fmt.Errorf("result line is not JSON: %.100s", s)
	}
	id := gjson.Get(s, "custom_id")
	if id.Type != gjson.String {
		return r, fmt.Errorf("result line without a custom_id: %.100s", s)
	}
	r.CustomID = strings.Clone(id.Str)
	if !body.Exists() {
		if gjson.Get(s, "response").IsObject() {
			return r, fmt.Errorf("result line for %q: the response has no body", r.CustomID)
		}
		e := gjson.Get(s, "error")
		if !e.IsObject() {
			return r, fmt.Errorf("result line for %q has neither a response nor an error", r.CustomID)
		}
		r.Err = &RequestError{Code: e.Get("code").String(), Message: e.Get("message").String()}
		return r, nil
	}
	if body.Index == 0 || !body.IsObject() {
		return r, fmt.Errorf("result line for %q: the response has no body", r.CustomID)
	}
	raw := line[body.Index : body.Index+len(body.Raw)]
	if status := int(gjson.Get(s, "response.status_code").Int()); status != http.StatusOK {
		if !gjson.ValidBytes(raw) {
			return r, fmt.Errorf("result line is not JSON: %.100s", s)
		}
		r.Err = apiError(status, gjson.Get(s, "response.request_id").String(), raw)
		return r, nil
	}
	resp := new(responses.Response)
	if err := wire.Unmarshal(raw, resp); err != nil {
		return r, fmt.Errorf("result line for %q: decode the response body: %w", r.CustomID, err)
	}
	r.Response = resp
	r.Value, r.Err = responses.DecodeOutput[T](resp)
	return r, nil
}

// validLine reports whether line is valid JSON, given the line's response
// body as found by gjson. When the body is an object it is not checked
// here: the caller decodes it, which checks it, and the rest of the line
// is checked with an empty object in the body's place (the line is valid
// if both are).
func validLine(line []byte, body gjson.Result) bool {
	if body.Index == 0 || !body.IsObject() {
		return gjson.ValidBytes(line)
	}
	var a [512]byte
	rest := line[body.Index+len(body.Raw):]
	env := append(a[:0], line[:body.Index]...)
	env = append(env, "{}"...)
	env = append(env, rest...)
	return gjson.ValidBytes(env)
}

// apiError makes the *client.APIError of a line answered with status.
func apiError(status int, requestID string, body []byte) *client.APIError {
	e := gjson.GetBytes(body, "error")
	msg := e.Get("message").String()
	if msg == "" {
		msg = http.StatusText(status)
	}
	b := bytes.Clone(body)
	if len(b) > 64<<10 {
		b = b[:64<<10]
	}
	return &client.APIError{
		StatusCode: status,
		Type:       e.Get("type").String(),
		Code:       e.Get("code").String(),
		Param:      e.Get("param").String(),
		Message:    msg,
		RequestID:  requestID,
		Body:       b,
	}
}

// readFile downloads a file and calls fn with each of its non-empty lines,
// without the line ending. The line is valid only during the call.
func (s *Service) readFile(ctx context.Context, id string, fn func([]byte) error) error {
	body, err := s.download(ctx, id)
	if err != nil {
		return err
	}
	defer body.Close()
	return readLines(body, MaxResultLine, fn)
}

// readLines calls fn with each non-empty line of r, at most max bytes long.
func readLines(r io.Reader, max int, fn func([]byte) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var long []byte
	for n := 1; ; n++ {
		frag, err := br.ReadSlice('\n')
		line := frag
		for err == bufio.ErrBufferFull {
			long = append(long[:0], line...)
			for err == bufio.ErrBufferFull {
				if len(long) > max {
					return fmt.Errorf("line %d is longer than %d bytes", n, max)
				}
				frag, err = br.ReadSlice('\n')
				long = append(long, frag...)
			}
			line = long
		}
		if err != nil && err != io.EOF {
			return err
		}
		if len(line) > max {
			return fmt.Errorf("line %d is longer than %d bytes", n, max)
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) > 0 {
			if err := fn(line); err != nil {
				return err
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

// unsafeString returns b as a string without copying; b must not change
// while the string is used.
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
