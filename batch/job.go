package batch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"time"

	"github.com/respkit/respkit/responses"
)

// The API's limits on one input file.
const (
	// MaxLines is the largest number of requests in one input file.
	MaxLines = 50_000
	// MaxBytes is the largest input file, 200 MB.
	MaxBytes = 200_000_000
)

// Options shape a job made by [Service.Prepare].
type Options struct {
	// MaxLines bounds the lines of one shard (one input file, one batch);
	// default and maximum [MaxLines].
	MaxLines int
	// MaxBytes bounds the size of one shard in bytes; default and maximum
	// [MaxBytes]. A line larger than it is refused.
	MaxBytes int64
	// MaxEnqueuedTokens is the model's limit on enqueued tokens (see the
	// organization's limits page); 0 for none. Shards are cut so that each
	// fits, and their batches are created in waves: a shard's batch is
	// created only when the estimated tokens of the unfinished batches of
	// the job, its own included, fit. A line that alone exceeds it is
	// refused.
	MaxEnqueuedTokens int64
	// CountTokens returns the input tokens of a request, for the waves. The
	// default is an estimate with no call: a token per 4 bytes of the
	// request's JSON, which counts the schema, the instructions and the
	// JSON syntax too and so errs on the high side for text. Use
	// [CountInputTokens] for the API's own count, at one call per line.
	CountTokens func(context.Context, *responses.Request) (int64, error)
	// Metadata is stored with every batch of the job.
	Metadata map[string]string
	// OutputExpiresAfter sets when the output and error files expire.
	OutputExpiresAfter *ExpiresAfter
}

// CountInputTokens returns a [Options.CountTokens] that asks the API
// (POST /responses/input_tokens) through rs.
func CountInputTokens(rs *responses.Service) func(context.Context, *responses.Request) (int64, error) {
	return func(ctx context.Context, r *responses.Request) (int64, error) {
		c, err := rs.CountInputTokens(ctx, &responses.CountTokensRequest{
			Model: r.Model, Input: r.Input, Instructions: r.Instructions, PreviousResponseID: r.PreviousResponseID,
			Conversation: r.Conversation, Tools: r.Tools, ToolChoice: r.ToolChoice, ParallelToolCalls: r.ParallelToolCalls,
			Reasoning: r.Reasoning, Text: r.Text, Truncation: r.Truncation,
		})
		if err != nil {
			return 0, err
		}
		return int64(c.InputTokens), nil
	}
}

// Job is a set of requests sent through the Batch API as shards, each one
// input file and one batch. It is a plain value that marshals to JSON and
// holds all the state of the work: a process that stops can save it, and
// the same or another process unmarshals it and carries on with
// [Service.Upload], [Service.Advance], [Service.Run] and [Results], with no
// other record of what was sent.
type Job struct {
	// Model is the model of every request.
	Model string `json:"model"`
	// CreatedAt is when the job was prepared, in Unix seconds.
	CreatedAt int64 `json:"created_at"`
	// Lines is the number of requests, all shards together.
	Lines              int               `json:"lines"`
	MaxEnqueuedTokens  int64             `json:"max_enqueued_tokens,omitempty"`
	Metadata           map[string]string `json:"metadata,omitempty"`
	OutputExpiresAfter *ExpiresAfter     `json:"output_expires_after,omitempty"`
	Shards             []Shard           `json:"shards"`
}

// Shard is one input file of a job and its batch.
type Shard struct {
	// Lines is the number of requests (custom ids) of the shard.
	Lines int `json:"lines"`
	// Bytes is the size of its input file.
	Bytes int64 `json:"bytes"`
	// Tokens is the estimate of its input tokens (see Options.CountTokens).
	Tokens int64 `json:"tokens"`
	// IDs is a hash of its custom ids in order, which the upload checks so
	// that a source that changed between Prepare and Upload is caught.
	IDs string `json:"ids"`
	// InputFileID is set once the input file is uploaded.
	InputFileID string `json:"input_file_id,omitempty"`
	// Creating is set while its batch is being created: a job saved then
	// may have a batch it does not know of, which Advance looks for.
	Creating bool `json:"creating,omitempty"`
	// BatchID is set once the batch is created.
	BatchID string `json:"batch_id,omitempty"`
	// Status is the batch's status when last seen.
	Status        Status        `json:"status,omitempty"`
	RequestCounts RequestCounts `json:"request_counts"`
	OutputFileID  string        `json:"output_file_id,omitempty"`
	ErrorFileID   string        `json:"error_file_id,omitempty"`
	Errors        []Error       `json:"errors,omitempty"`
}

// Done reports whether every shard's batch is in a final status.
func (j *Job) Done() bool {
	for i := range j.Shards {
		if j.Shards[i].BatchID == "" || !j.Shards[i].Status.Done() {
			return false
		}
	}
	return true
}

// RequestCounts sums the request counts of the batches of the job, as last
// seen.
func (j *Job) RequestCounts() RequestCounts {
	var c RequestCounts
	for _, s := range j.Shards {
		c.Total += s.RequestCounts.Total
		c.Completed += s.RequestCounts.Completed
		c.Failed += s.RequestCounts.Failed
	}
	return c
}

// Prepare reads src once, without sending anything but the token counts
// Options.CountTokens may ask for, and returns the plan of the job: its
// shards, cut at the limits of opts. It refuses, with a [*LineError], an
// empty or duplicate custom id, a line over Options.MaxBytes or over
// Options.MaxEnqueuedTokens, and requests of another model than the first.
//
// The check needs every line encoded, so the requests are read twice: once
// here, and again by [Service.Upload], which writes them into the upload.
// src must therefore yield the same lines, in the same order, each time it
// is iterated (Upload checks it). Only the set of custom ids is held in
// memory, and one line at a time.
func (s *Service) Prepare(ctx context.Context, src iter.Seq2[string, *responses.Request], opts *Options) (*Job, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.MaxLines <= 0 || o.MaxLines > MaxLines {
		o.MaxLines = MaxLines
	}
	if o.MaxBytes <= 0 || o.MaxBytes > MaxBytes {
		o.MaxBytes = MaxBytes
	}
	job := &Job{
		CreatedAt:          time.Now().Unix(),
		MaxEnqueuedTokens:  o.MaxEnqueuedTokens,
		Metadata:           o.Metadata,
		OutputExpiresAfter: o.OutputExpiresAfter,
	}
	seen := make(map[string]struct{})
	var (
		buf []byte
		cur Shard
		h   = newIDHash()
		err error
	)
	flush := func() {
		if cur.Lines > 0 {
			cur.IDs = h.sum()
			job.Shards = append(job.Shards, cur)
		}
		cur, h = Shard{}, newIDHash()
	}
	for id, req := range src {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n := job.Lines + 1
		lineErr := func(err error) error { return &LineError{CustomID: id, Line: n, Err: err} }
		switch _, dup := seen[id]; {
		case id == "":
			return nil, lineErr(ErrEmptyID)
		case dup:
			return nil, lineErr(ErrDuplicateID)
		case req == nil:
			return nil, lineErr(errors.New("nil request"))
		case req.Model == "" || job.Model != "" && req.Model != job.Model:
			return nil, lineErr(fmt.Errorf("%w %q, want one model for the whole job (the first line's %q)", ErrModel, req.Model, job.Model))
		}
		seen[id] = struct{}{}
		job.Model = req.Model
		buf, err = appendLine(buf[:0], id, req)
		if err != nil {
			return nil, lineErr(err)
		}
		size := int64(len(buf))
		if size > o.MaxBytes {
			return nil, lineErr(fmt.Errorf("%w: %d bytes, more than the %d of an input file", ErrLineTooLarge, size, o.MaxBytes))
		}
		tokens := int64(len(buf)+3) / 4
		if o.CountTokens != nil {
			if tokens, err = o.CountTokens(ctx, req); err != nil {
				return nil, lineErr(fmt.Errorf("count tokens: %w", err))
			}
		}
		if o.MaxEnqueuedTokens > 0 && tokens > o.MaxEnqueuedTokens {
			return nil, lineErr(fmt.Errorf("%w: %d tokens, more than the %d that may be enqueued", ErrLineTooLarge, tokens, o.MaxEnqueuedTokens))
		}
		if cur.Lines == o.MaxLines || cur.Bytes+size > o.MaxBytes ||
			o.MaxEnqueuedTokens > 0 && cur.Tokens+tokens > o.MaxEnqueuedTokens {
			flush()
		}
		cur.Lines++
		cur.Bytes += size
		cur.Tokens += tokens
		h.add(id)
		job.Lines = n
	}
	flush()
	if job.Lines == 0 {
		return nil, errors.New("batch: the job has no requests")
	}
	return job, nil
}

// RunOptions tune [Service.Upload], [Service.Advance] and [Service.Run].
type RunOptions struct {
	// Save, if not nil, is called with the job after every change that
	// must survive the process: a shard uploaded, a batch about to be
	// created and created, a status seen. Saving the job there (to a file,
	// a row, an object store) lets a process that is killed resume with
	// every custom id sent exactly once. An error from Save stops the call.
	Save func(*Job) error
	// Progress, if not nil, is called by Run with the job after each poll.
	Progress func(*Job)
	// Interval and MaxInterval schedule Run's polls, as in [WaitOptions].
	Interval, MaxInterval time.Duration
}

func (o *RunOptions) save(j *Job) error {
	if o == nil || o.Save == nil {
		return nil
	}
	if err := o.Save(j); err != nil {
		return fmt.Errorf("batch: save the job: %w", err)
	}
	return nil
}

// Upload reads src again and uploads the input file of every shard of job
// that has none yet (purpose "batch"), writing its lines straight into the
// upload; it calls RunOptions.Save after each. src must yield what it
// yielded to [Service.Prepare]: a shard whose custom ids or size differ is
// not uploaded and Upload fails. Shards already uploaded are skipped, so a
// job saved midway resumes where it was.
func (s *Service) Upload(ctx context.Context, job *Job, src iter.Seq2[string, *responses.Request], opts *RunOptions) error {
	next, stop := iter.Pull2(src)
	defer stop()
	var lw lineWriter
	for i := range job.Shards {
		sh := &job.Shards[i]
		if sh.InputFileID != "" {
			for range sh.Lines {
				if _, _, ok := next(); !ok {
					return fmt.Errorf("batch: shard %d: the source ended early", i)
				}
			}
			continue
		}
		write := func(w io.Writer) error {
			lw.w = w
			h := newIDHash()
			var size int64
			for range sh.Lines {
				id, req, ok := next()
				if !ok {
					return fmt.Errorf("batch: shard %d: the source ended early", i)
				}
				if req == nil {
					return fmt.Errorf("batch: shard %d: nil request for %q", i, id)
				}
				n, err := lw.write(id, req)
				if err != nil {
					return fmt.Errorf("batch: shard %d, custom id %q: %w", i, id, err)
				}
				h.add(id)
				size += int64(n)
			}
			if h.sum() != sh.IDs || size != sh.Bytes {
				return fmt.Errorf("batch: shard %d: the source changed since Prepare (other custom ids or requests)", i)
			}
			return nil
		}
		name := "respkit-batch-" + strconv.FormatInt(job.CreatedAt, 10) + "-" + strconv.Itoa(i) + ".jsonl"
		id, err := s.upload(ctx, name, write)
		if err != nil {
			return fmt.Errorf("batch: upload shard %d: %w", i, err)
		}
		sh.InputFileID = id
		if err := opts.save(job); err != nil {
			return err
		}
	}
	return nil
}

// Submit prepares, uploads and starts a job: [Service.Prepare],
// [Service.Upload] and [Service.Advance]. Then wait for it with
// [Service.Run] and read it with [Results].
func (s *Service) Submit(ctx context.Context, src iter.Seq2[string, *responses.Request], opts *Options, ropts *RunOptions) (*Job, error) {
	job, err := s.Prepare(ctx, src, opts)
	if err != nil {
		return nil, err
	}
	if err := ropts.save(job); err != nil {
		return job, err
	}
	if err := s.Upload(ctx, job, src, ropts); err != nil {
		return job, err
	}
	_, err = s.Advance(ctx, job, ropts)
	return job, err
}

// Advance moves job on without waiting: it refreshes the status of its
// unfinished batches, and creates the batches of uploaded shards, in order,
// as long as their estimated tokens fit under the job's MaxEnqueuedTokens
// together with the unfinished batches (the next wave when the previous one
// is done). It reports whether every batch is in a final status. The job is
// changed in place, and RunOptions.Save called after each change.
//
// A shard saved while its batch was being created (Creating) may have a
// batch the job does not know of: Advance looks for it among the batches
// created since the job was, by input file id, before creating one, so that
// no request is sent twice.
func (s *Service) Advance(ctx context.Context, job *Job, opts *RunOptions) (bool, error) {
	for i := range job.Shards {
		sh := &job.Shards[i]
		if sh.BatchID == "" || sh.Status.Done() {
			continue
		}
		b, err := s.Get(ctx, sh.BatchID)
		if err != nil {
			return false, err
		}
		if sh.update(b) {
			if err := opts.save(job); err != nil {
				return false, err
			}
		}
	}
	if err := s.reconcile(ctx, job, opts); err != nil {
		return false, err
	}
	var enqueued int64
	for _, sh := range job.Shards {
		if sh.BatchID != "" && !sh.Status.Done() {
			enqueued += sh.Tokens
		}
	}
	for i := range job.Shards {
		sh := &job.Shards[i]
		if sh.BatchID != "" {
			continue
		}
		if sh.InputFileID == "" {
			return false, fmt.Errorf("batch: shard %d is not uploaded; call Upload", i)
		}
		if job.MaxEnqueuedTokens > 0 && enqueued+sh.Tokens > job.MaxEnqueuedTokens {
			break // the next wave, once some of these are done
		}
		sh.Creating = true
		if err := opts.save(job); err != nil {
			return false, err
		}
		b, err := s.Create(ctx, &CreateParams{
			InputFileID:        sh.InputFileID,
			Metadata:           job.Metadata,
			OutputExpiresAfter: job.OutputExpiresAfter,
		})
		if err != nil {
			return false, fmt.Errorf("batch: create the batch of shard %d: %w", i, err)
		}
		sh.BatchID, sh.Creating = b.ID, false
		sh.update(b)
		if err := opts.save(job); err != nil {
			return false, err
		}
		enqueued += sh.Tokens
	}
	return job.Done(), nil
}

// reconcile finds the batches of the shards saved while Creating.
func (s *Service) reconcile(ctx context.Context, job *Job, opts *RunOptions) error {
	want := map[string]int{}
	for i, sh := range job.Shards {
		if sh.Creating && sh.BatchID == "" {
			want[sh.InputFileID] = i
		}
	}
	if len(want) == 0 {
		return nil
	}
	for b, err := range s.List(ctx, &ListOptions{PageSize: 100}) {
		if err != nil {
			return err
		}
		if b.CreatedAt != 0 && b.CreatedAt < job.CreatedAt {
			break // newest first: the rest predate the job
		}
		if i, ok := want[b.InputFileID]; ok {
			sh := &job.Shards[i]
			sh.BatchID = b.ID
			sh.update(b)
			delete(want, b.InputFileID)
			if len(want) == 0 {
				break
			}
		}
	}
	// Batches not found were never created.
	for _, i := range want {
		job.Shards[i].Creating = false
	}
	return opts.save(job)
}

// update copies what the job keeps of b, and reports whether it changed.
func (sh *Shard) update(b *Batch) bool {
	old := *sh
	sh.Status = b.Status
	sh.RequestCounts = b.RequestCounts
	sh.OutputFileID = b.OutputFileID
	sh.ErrorFileID = b.ErrorFileID
	sh.Creating = false
	if b.Errors != nil {
		sh.Errors = b.Errors.Data
	}
	return old.Status != sh.Status || old.RequestCounts != sh.RequestCounts ||
		old.OutputFileID != sh.OutputFileID || old.ErrorFileID != sh.ErrorFileID || old.Creating
}

// Run advances job (see [Service.Advance]) until every batch is in a final
// status, polling with growing waits as [WaitOptions] describes, and calls
// RunOptions.Progress after each poll. It returns the context's error when
// ctx ends first; the job is then as far as it got, ready to be saved and
// run again.
func (s *Service) Run(ctx context.Context, job *Job, opts *RunOptions) error {
	var w WaitOptions
	if opts != nil {
		w.Interval, w.MaxInterval = opts.Interval, opts.MaxInterval
	}
	bo := w.backoff()
	for {
		done, err := s.Advance(ctx, job, opts)
		if err != nil {
			return err
		}
		if opts != nil && opts.Progress != nil {
			opts.Progress(job)
		}
		if done {
			return nil
		}
		if err := sleep(ctx, bo.NextBackOff()); err != nil {
			return err
		}
	}
}

// idHash hashes custom ids in order.
type idHash struct{ h uint64 }

func newIDHash() idHash { return idHash{h: 14695981039346656037} }

func (h *idHash) add(id string) {
	// FNV-1a over the ids, each followed by a 0 byte.
	const prime = 1099511628211
	for i := 0; i < len(id); i++ {
		h.h = (h.h ^ uint64(id[i])) * prime
	}
	h.h *= prime
}

func (h idHash) sum() string { return strconv.FormatUint(h.h, 16) }
