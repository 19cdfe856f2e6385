package responsestest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"time"

	"github.com/respkit/respkit/responses"
	"github.com/tidwall/gjson"
)

// The Batch API's limits.
const (
	maxBatchLines = 50000
	maxBatchBytes = 200 << 20
	// batchWindow is the only completion window: 24 hours.
	batchWindow = 24 * time.Hour
)

// batchEndpoints are the endpoints a batch may name. The server runs the
// lines of /v1/responses batches; a line of another endpoint is answered
// as a request of a path it does not serve.
var batchEndpoints = []string{"/v1/responses", "/v1/chat/completions", "/v1/embeddings", "/v1/completions",
	"/v1/moderations", "/v1/images/generations", "/v1/images/edits", "/v1/videos"}

// batchTiming is how long a batch takes, in the server's clock.
type batchTiming struct {
	validate, perLine, finalize time.Duration
}

var defaultTiming = batchTiming{validate: time.Second, perLine: 10 * time.Millisecond, finalize: time.Second}

// batchLimits are the limits of a batch's input file.
type batchLimits struct {
	lines    int
	bytes    int64
	enqueued int // enqueued tokens per model; 0 means none
}

// SetBatchTiming sets how long a batch created afterwards takes, measured
// by the server's clock (time.Now, which is virtual inside a
// testing/synctest bubble): validate in status validating, perLine for
// each line in status in_progress, and finalize in status finalizing (and
// as long in cancelling). The defaults are 1s, 10ms and 1s. A perLine that
// makes the lines outlast the 24-hour completion window makes the batch
// expire.
func (s *Server) SetBatchTiming(validate, perLine, finalize time.Duration) {
	s.bulk.batchMu.Lock()
	defer s.bulk.batchMu.Unlock()
	s.bulk.timing = &batchTiming{validate, perLine, finalize}
}

// SetBatchLimits sets the limits of a batch's input file, the API's 50,000
// lines and 200 MB by default (0 keeps a default). A batch over them
// fails validation.
func (s *Server) SetBatchLimits(lines int, bytes int64) {
	s.bulk.batchMu.Lock()
	defer s.bulk.batchMu.Unlock()
	s.bulk.limits.lines, s.bulk.limits.bytes = lines, bytes
}

// SetEnqueuedTokenLimit sets the per-model limit on enqueued tokens: the
// estimated input tokens of the lines of the batches of a model that are
// in progress. A batch that would pass it fails validation with code
// "token_limit_exceeded", as the API's does. 0, the default, means no
// limit.
func (s *Server) SetEnqueuedTokenLimit(tokens int) {
	s.bulk.batchMu.Lock()
	defer s.bulk.batchMu.Unlock()
	s.bulk.limits.enqueued = tokens
}

// batchObject is the API's Batch.
type batchObject struct {
	ID               string            `json:"id"`
	Object           string            `json:"object"`
	Endpoint         string            `json:"endpoint"`
	Model            string            `json:"model,omitempty"`
	Errors           *batchErrors      `json:"errors"`
	InputFileID      string            `json:"input_file_id"`
	CompletionWindow string            `json:"completion_window"`
	Status           string            `json:"status"`
	OutputFileID     *string           `json:"output_file_id"`
	ErrorFileID      *string           `json:"error_file_id"`
	CreatedAt        int64             `json:"created_at"`
	InProgressAt     *int64            `json:"in_progress_at"`
	ExpiresAt        *int64            `json:"expires_at"`
	FinalizingAt     *int64            `json:"finalizing_at"`
	CompletedAt      *int64            `json:"completed_at"`
	FailedAt         *int64            `json:"failed_at"`
	ExpiredAt        *int64            `json:"expired_at"`
	CancellingAt     *int64            `json:"cancelling_at"`
	CancelledAt      *int64            `json:"cancelled_at"`
	RequestCounts    batchCounts       `json:"request_counts"`
	Usage            batchUsage        `json:"usage"`
	Metadata         map[string]string `json:"metadata"`
}

type batchErrors struct {
	Object string       `json:"object"`
	Data   []batchError `json:"data"`
}

// batchError is the API's BatchError: why a batch failed validation.
type batchError struct {
	Code    string  `json:"code"`
	Message string  `json:"message"`
	Param   *string `json:"param"`
	Line    *int    `json:"line"`
}

type batchCounts struct {
	Total     int `json:"total"`
	Completed int `json:"completed"`
	Failed    int `json:"failed"`
}

type batchUsage struct {
	InputTokens        int `json:"input_tokens"`
	InputTokensDetails struct {
		CachedTokens int `json:"cached_tokens"`
	} `json:"input_tokens_details"`
	OutputTokens        int `json:"output_tokens"`
	OutputTokensDetails struct {
		ReasoningTokens int `json:"reasoning_tokens"`
	} `json:"output_tokens_details"`
	TotalTokens int `json:"total_tokens"`
}

// batchOutput is a line of a batch's output or error file, the API's
// BatchRequestOutput.
type batchOutput struct {
	ID       string               `json:"id"`
	CustomID string               `json:"custom_id"`
	Response *batchOutputResponse `json:"response"`
	Error    *batchOutputError    `json:"error"`
}

type batchOutputResponse struct {
	StatusCode int             `json:"status_code"`
	RequestID  string          `json:"request_id"`
	Body       json.RawMessage `json:"body"`
}

type batchOutputError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// batch is a batch the server keeps, with what it needs to compute its
// progress from the clock.
type batch struct {
	obj      batchObject
	seq      int
	created  time.Time
	timing   batchTiming
	limits   batchLimits
	expiry   time.Duration // of the output and error files; 0 is the default
	lines    []batchLine   // set by validation
	done     int           // lines run
	output   [][]byte      // lines of the output file
	errs     [][]byte      // lines of the error file
	cancelAt time.Time     // when cancel was asked, or zero
	finished bool
}

type batchLine struct {
	customID string
	body     []byte
	tokens   int
}

// createBatch serves POST /v1/batches.
func (s *Server) createBatch(w http.ResponseWriter, r *http.Request) {
	var req struct {
		InputFileID        *string           `json:"input_file_id"`
		Endpoint           *string           `json:"endpoint"`
		CompletionWindow   *string           `json:"completion_window"`
		Metadata           map[string]string `json:"metadata"`
		OutputExpiresAfter *struct {
			Anchor  string          `json:"anchor"`
			Seconds json.RawMessage `json:"seconds"`
		} `json:"output_expires_after"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		s.writeAPIError(w, &apiError{status: http.StatusBadRequest, message: "We could not parse the JSON body of your request: " + err.Error()})
		return
	}
	bad := func(param, message string) {
		s.writeAPIError(w, &apiError{status: http.StatusBadRequest, param: param, message: message})
	}
	for _, m := range []struct {
		name string
		v    *string
	}{{"input_file_id", req.InputFileID}, {"endpoint", req.Endpoint}, {"completion_window", req.CompletionWindow}} {
		if m.v == nil {
			s.writeAPIError(w, &apiError{status: http.StatusBadRequest, code: "missing_required_parameter", param: m.name,
				message: fmt.Sprintf("Missing required parameter: '%s'.", m.name)})
			return
		}
	}
	if !slices.Contains(batchEndpoints, *req.Endpoint) {
		bad("endpoint", fmt.Sprintf("Invalid value for 'endpoint': '%s'. Supported values are: '/v1/responses', '/v1/chat/completions', '/v1/embeddings', '/v1/completions', '/v1/moderations', '/v1/images/generations', '/v1/images/edits' and '/v1/videos'.", *req.Endpoint))
		return
	}
	if *req.CompletionWindow != "24h" {
		bad("completion_window", fmt.Sprintf("Invalid value for 'completion_window': '%s'. Supported values are: '24h'.", *req.CompletionWindow))
		return
	}
	if len(req.Metadata) > 16 {
		bad("metadata", fmt.Sprintf("Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got an object with %d properties instead.", len(req.Metadata)))
		return
	}
	for k, v := range req.Metadata {
		if len(k) > 64 || len(v) > 512 {
			bad("metadata", "Invalid 'metadata': keys can be at most 64 characters long and values at most 512 characters long.")
			return
		}
	}
	var expires time.Duration
	if e := req.OutputExpiresAfter; e != nil {
		d, err := expiry("output_expires_after", e.Anchor, string(e.Seconds))
		if err != nil {
			s.writeAPIError(w, err)
			return
		}
		expires = d
	}
	f := s.file(*req.InputFileID)
	if f == nil {
		// Inferred: the API's answer to an unknown input file is not
		// recorded; this is the Files API's wording.
		s.writeAPIError(w, &apiError{status: http.StatusNotFound, param: "input_file_id", message: fmt.Sprintf("No such File object: %s", *req.InputFileID)})
		return
	}
	if f.obj.Purpose != "batch" {
		// Inferred wording.
		bad("input_file_id", fmt.Sprintf("Invalid 'input_file_id': the input file of a batch must have purpose 'batch', but %s has purpose '%s'.", f.obj.ID, f.obj.Purpose))
		return
	}
	now := s.now()
	meta := req.Metadata
	if meta == nil {
		meta = map[string]string{}
	}
	b := &batch{
		obj: batchObject{
			ID:               s.newID("batch"),
			Object:           "batch",
			Endpoint:         *req.Endpoint,
			InputFileID:      f.obj.ID,
			CompletionWindow: "24h",
			Status:           "validating",
			CreatedAt:        now.Unix(),
			ExpiresAt:        unix(now.Add(batchWindow)),
			Metadata:         meta,
		},
		created: now,
		expiry:  expires,
	}
	s.bulk.batchMu.Lock()
	b.timing, b.limits = defaultTiming, s.bulk.limits
	if t := s.bulk.timing; t != nil {
		b.timing = *t
	}
	if b.limits.lines <= 0 {
		b.limits.lines = maxBatchLines
	}
	if b.limits.bytes <= 0 {
		b.limits.bytes = maxBatchBytes
	}
	if s.bulk.batches == nil {
		s.bulk.batches = map[string]*batch{}
	}
	s.bulk.batchSeq++
	b.seq = s.bulk.batchSeq
	s.bulk.batches[b.obj.ID] = b
	obj := b.obj
	s.bulk.batchMu.Unlock()
	s.watchBatch(b)
	s.writeJSON(w, Reply{}, obj)
}

func unix(t time.Time) *int64 {
	n := t.Unix()
	return &n
}

// batch returns the batch id brought up to date, or writes a 404 and
// returns nil. It holds batchMu when it returns a batch; the caller
// unlocks it.
func (s *Server) batch(w http.ResponseWriter, id string) *batch {
	s.bulk.batchMu.Lock()
	b := s.bulk.batches[id]
	if b == nil {
		s.bulk.batchMu.Unlock()
		// Inferred wording.
		s.writeAPIError(w, &apiError{status: http.StatusNotFound, param: "batch_id", message: fmt.Sprintf("No batch found with id '%s'.", id)})
		return nil
	}
	s.advanceAll(s.now())
	return b
}

// getBatch serves GET /v1/batches/{id}.
func (s *Server) getBatch(w http.ResponseWriter, r *http.Request) {
	b := s.batch(w, r.PathValue("id"))
	if b == nil {
		return
	}
	obj := b.obj
	s.bulk.batchMu.Unlock()
	s.writeJSON(w, Reply{}, obj)
}

// cancelBatch serves POST /v1/batches/{id}/cancel: a batch validating or
// in progress becomes cancelling, and cancelled after the finalize time,
// with the lines done by then in its output.
func (s *Server) cancelBatch(w http.ResponseWriter, r *http.Request) {
	b := s.batch(w, r.PathValue("id"))
	if b == nil {
		return
	}
	switch b.obj.Status {
	case "validating", "in_progress":
		now := s.now()
		b.cancelAt = now
		b.obj.Status = "cancelling"
		b.obj.CancellingAt = unix(now)
		s.advance(b, now)
	case "cancelling":
	default:
		status := b.obj.Status
		s.bulk.batchMu.Unlock()
		// Inferred wording.
		s.writeAPIError(w, &apiError{status: http.StatusConflict,
			message: fmt.Sprintf("Cannot cancel a batch with status '%s'.", status)})
		return
	}
	obj := b.obj
	s.bulk.batchMu.Unlock()
	s.writeJSON(w, Reply{}, obj)
}

// batchPage is the API's ListBatchesResponse.
type batchPage struct {
	Object  string        `json:"object"`
	Data    []batchObject `json:"data"`
	FirstID *string       `json:"first_id"`
	LastID  *string       `json:"last_id"`
	HasMore bool          `json:"has_more"`
}

// listBatches serves GET /v1/batches: the batches, newest first, at most
// limit (1 to 100, 20 by default) after the batch with id after.
func (s *Server) listBatches(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, e := listLimit(q.Get("limit"), 20, 100)
	if e != nil {
		s.writeAPIError(w, e)
		return
	}
	s.bulk.batchMu.Lock()
	s.advanceAll(s.now())
	all := make([]*batch, 0, len(s.bulk.batches))
	for _, b := range s.bulk.batches {
		all = append(all, b)
	}
	slices.SortFunc(all, func(a, b *batch) int { return b.seq - a.seq })
	if after := q.Get("after"); after != "" {
		i := slices.IndexFunc(all, func(b *batch) bool { return b.obj.ID == after })
		if i < 0 {
			s.bulk.batchMu.Unlock()
			s.writeAPIError(w, &apiError{status: http.StatusNotFound, param: "after", message: fmt.Sprintf("No batch found with id '%s'.", after)})
			return
		}
		all = all[i+1:]
	}
	page := batchPage{Object: "list", Data: []batchObject{}, HasMore: len(all) > limit}
	for _, b := range all[:min(limit, len(all))] {
		page.Data = append(page.Data, b.obj)
	}
	s.bulk.batchMu.Unlock()
	if n := len(page.Data); n > 0 {
		page.FirstID, page.LastID = &page.Data[0].ID, &page.Data[n-1].ID
	}
	s.writeJSON(w, Reply{}, page)
}

// advanceAll brings every batch up to now, the oldest first, so that the
// enqueued tokens of earlier batches are known when a later one is
// validated. The caller holds batchMu.
func (s *Server) advanceAll(now time.Time) {
	all := make([]*batch, 0, len(s.bulk.batches))
	for _, b := range s.bulk.batches {
		all = append(all, b)
	}
	slices.SortFunc(all, func(a, b *batch) int { return a.seq - b.seq })
	for _, b := range all {
		s.advance(b, now)
	}
}

// advance brings b to its state at now, computed from the times it was
// created and cancelled and its timing: validating until the validation
// time has passed, then in progress, each line taking perLine, then
// finalizing, and completed after the finalize time. Lines whose time has
// come are run through the server's model. The caller holds batchMu.
func (s *Server) advance(b *batch, now time.Time) {
	if b.finished {
		return
	}
	t := b.timing
	validated := b.created.Add(t.validate)
	deadline := b.created.Add(batchWindow)
	if !b.cancelAt.IsZero() && b.cancelAt.Before(validated) {
		// Cancelled while validating: no line runs.
		if !now.Before(b.cancelAt.Add(t.finalize)) {
			s.finish(b, "cancelled", b.cancelAt.Add(t.finalize))
		}
		return
	}
	if now.Before(validated) {
		return
	}
	if b.lines == nil && b.obj.InProgressAt == nil {
		if errs := s.validateBatch(b); len(errs) > 0 {
			b.obj.Errors = &batchErrors{Object: "list", Data: errs}
			b.obj.Status = "failed"
			b.obj.FailedAt = unix(validated)
			b.finished = true
			s.batchEnded(b, validated)
			return
		}
		b.obj.Status = "in_progress"
		b.obj.InProgressAt = unix(validated)
		b.obj.RequestCounts.Total = len(b.lines)
	}
	// The lines stop when they are all done, when the batch is cancelled or
	// when the window closes, whichever comes first.
	end := validated.Add(time.Duration(len(b.lines)) * t.perLine)
	stop, reason := end, "done"
	if !b.cancelAt.IsZero() && b.cancelAt.Before(stop) {
		stop, reason = b.cancelAt, "cancelled"
	}
	if deadline.Before(stop) {
		stop, reason = deadline, "expired"
	}
	upto := now
	if stop.Before(upto) {
		upto = stop
	}
	k := len(b.lines)
	if t.perLine > 0 {
		k = min(k, int(upto.Sub(validated)/t.perLine))
	}
	for ; b.done < k; b.done++ {
		s.runBatchLine(b, b.lines[b.done])
	}
	if now.Before(stop) {
		return
	}
	switch reason {
	case "done":
		b.obj.Status = "finalizing"
		b.obj.FinalizingAt = unix(end)
		if !now.Before(end.Add(t.finalize)) {
			s.finish(b, "completed", end.Add(t.finalize))
		}
	case "cancelled":
		if !now.Before(b.cancelAt.Add(t.finalize)) {
			s.finish(b, "cancelled", b.cancelAt.Add(t.finalize))
		}
	case "expired":
		for _, l := range b.lines[b.done:] {
			b.errs = append(b.errs, s.outputLine(l.customID, nil, &batchOutputError{
				Code: "batch_expired", Message: "This request could not be executed before the completion window expired."}))
		}
		s.finish(b, "expired", deadline)
	}
}

// finish ends b in status at time at, writing its output and error files.
func (s *Server) finish(b *batch, status string, at time.Time) {
	b.obj.Status = status
	switch status {
	case "completed":
		b.obj.CompletedAt = unix(at)
	case "cancelled":
		b.obj.CancelledAt = unix(at)
	case "expired":
		b.obj.ExpiredAt = unix(at)
	}
	if len(b.output) > 0 {
		f := s.addFile(b.obj.ID+"_output.jsonl", "batch_output", jsonl(b.output), b.expiry)
		b.obj.OutputFileID = &f.ID
	}
	if len(b.errs) > 0 {
		f := s.addFile(b.obj.ID+"_error.jsonl", "batch_output", jsonl(b.errs), b.expiry)
		b.obj.ErrorFileID = &f.ID
	}
	b.output, b.errs, b.lines = nil, nil, nil
	b.finished = true
	s.batchEnded(b, at)
}

// jsonl joins lines into a JSONL file. The API does not keep the order of
// the input; neither does the server: it swaps each pair of lines, so that
// a reader that relies on the order fails its tests.
func jsonl(lines [][]byte) []byte {
	var buf bytes.Buffer
	for i := range lines {
		j := i ^ 1
		if j >= len(lines) {
			j = i
		}
		buf.Write(lines[j])
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// validateBatch reads b's input file and checks it as the API does, and
// sets b.lines. The wording of the codes the API documents (invalid_json_line,
// duplicate_custom_id, url_mismatch, model_mismatch, empty_file,
// too_many_tasks) follows the API's; the other wordings are inferred.
func (s *Server) validateBatch(b *batch) []batchError {
	f := s.file(b.obj.InputFileID)
	fail := func(code, param, message string, line int) batchError {
		e := batchError{Code: code, Message: message}
		if param != "" {
			e.Param = &param
		}
		if line > 0 {
			e.Line = &line
		}
		return e
	}
	if f == nil {
		return []batchError{fail("file_not_found", "input_file_id", fmt.Sprintf("The input file %s was deleted.", b.obj.InputFileID), 0)}
	}
	data := f.data
	if int64(len(data)) > b.limits.bytes {
		return []batchError{fail("file_too_large", "input_file_id", fmt.Sprintf("The batch input file is larger than the %d bytes limit.", b.limits.bytes), 0)}
	}
	raw := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	if len(data) == 0 {
		return []batchError{fail("empty_file", "input_file_id", "The batch input file is empty.", 0)}
	}
	if len(raw) > b.limits.lines {
		return []batchError{fail("too_many_tasks", "input_file_id", fmt.Sprintf("The batch input file contains %d requests, more than the limit of %d.", len(raw), b.limits.lines), 0)}
	}
	var (
		errs  []batchError
		lines = make([]batchLine, 0, len(raw))
		seen  = map[string]bool{}
		model string
	)
	for i, l := range raw {
		n := i + 1
		l = bytes.TrimSuffix(l, []byte("\r"))
		v := gjson.ParseBytes(l)
		if !gjson.ValidBytes(l) || !v.IsObject() {
			errs = append(errs, fail("invalid_json_line", "", "This line is not parseable as valid JSON.", n))
			continue
		}
		id := v.Get("custom_id")
		body := v.Get("body")
		switch {
		case id.Type != gjson.String || id.Str == "":
			errs = append(errs, fail("missing_required_parameter", "custom_id", "Missing required parameter: 'custom_id'.", n))
			continue
		case v.Get("method").Str != "POST":
			errs = append(errs, fail("invalid_method", "method", "The method of this request must be POST.", n))
			continue
		case v.Get("url").Str != b.obj.Endpoint:
			errs = append(errs, fail("url_mismatch", "url", "The URL provided for this request does not match the batch endpoint.", n))
			continue
		case !body.IsObject():
			errs = append(errs, fail("invalid_body", "body", "The body of this request must be a JSON object.", n))
			continue
		case seen[id.Str]:
			errs = append(errs, fail("duplicate_custom_id", "custom_id", "The custom_id for this request is a duplicate of another request. The custom_id parameter must be unique for each request in a batch.", n))
			continue
		}
		seen[id.Str] = true
		// A line without a model is left to the endpoint, which refuses it.
		m := body.Get("model").Str
		if model == "" {
			model = m
		} else if m != "" && m != model {
			errs = append(errs, fail("model_mismatch", "body.model", "The provided model does not match the model of the other requests in the batch. A batch can only use one model.", n))
			continue
		}
		lines = append(lines, batchLine{customID: id.Str, body: []byte(body.Raw), tokens: lineTokens([]byte(body.Raw))})
	}
	if len(errs) > 0 {
		return errs
	}
	b.obj.Model = model
	if limit := b.limits.enqueued; limit > 0 {
		enqueued := 0
		for _, l := range lines {
			enqueued += l.tokens
		}
		for _, o := range s.bulk.batches {
			if o != b && !o.finished && o.obj.Model == model && o.obj.InProgressAt != nil {
				for _, l := range o.lines[o.done:] {
					enqueued += l.tokens
				}
			}
		}
		if enqueued > limit {
			return []batchError{fail("token_limit_exceeded", "", fmt.Sprintf("Enqueued token limit reached for %s in organization org-responsestest. Limit: %d enqueued tokens. Please try again once some in_progress batches have been completed.", model, limit), 0)}
		}
	}
	b.lines = lines
	return nil
}

// lineTokens estimates the input tokens of a line's body.
func lineTokens(body []byte) int {
	req := new(responses.Request)
	if json.Unmarshal(body, req) != nil {
		return tokens(string(body))
	}
	return estimateTokens(req)
}

// batchLineKey marks the context of a request a batch runs, which no rate
// limit counts.
type batchLineKey struct{}

// runBatchLine runs l as a request to the batch's endpoint, through the
// server's validation, model and store, and adds its outcome to the output
// file (HTTP 200) or the error file (any other status, with the error
// body), as the API does.
func (s *Server) runBatchLine(b *batch, l batchLine) {
	ctx := context.WithValue(context.Background(), batchLineKey{}, true)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.obj.Endpoint, bytes.NewReader(l.body))
	if err != nil {
		return
	}
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	func() {
		defer func() {
			// A reply that drops its connection (WithDropAfter) panics with
			// http.ErrAbortHandler: the line failed on the server's side.
			if recover() != nil {
				rec = httptest.NewRecorder()
				s.writeError(rec, http.StatusInternalServerError, "server_error", "", "The server had an error while processing your request.")
			}
		}()
		s.serveLine(rec, req, b.obj.Endpoint, l.body)
	}()
	body := rec.Body.Bytes()
	if !json.Valid(body) {
		body, _ = json.Marshal(string(body))
	}
	out := &batchOutputResponse{StatusCode: rec.Code, RequestID: rec.Header().Get("x-request-id"), Body: body}
	line := s.outputLine(l.customID, out, nil)
	if rec.Code != http.StatusOK {
		b.obj.RequestCounts.Failed++
		b.errs = append(b.errs, line)
		return
	}
	b.obj.RequestCounts.Completed++
	b.output = append(b.output, line)
	var u struct {
		Usage *responses.Usage `json:"usage"`
	}
	if json.Unmarshal(body, &u) == nil && u.Usage != nil {
		b.obj.Usage.InputTokens += u.Usage.InputTokens
		b.obj.Usage.OutputTokens += u.Usage.OutputTokens
		b.obj.Usage.TotalTokens += u.Usage.TotalTokens
		b.obj.Usage.InputTokensDetails.CachedTokens += u.Usage.InputTokensDetails.CachedTokens
		b.obj.Usage.OutputTokensDetails.ReasoningTokens += u.Usage.OutputTokensDetails.ReasoningTokens
	}
}

// outputLine encodes a line of an output or error file.
func (s *Server) outputLine(customID string, resp *batchOutputResponse, e *batchOutputError) []byte {
	line, err := json.Marshal(batchOutput{ID: s.newID("batch_req"), CustomID: customID, Response: resp, Error: e})
	if err != nil {
		panic("responsestest: batch output line: " + err.Error())
	}
	return line
}

// serveLine answers a batch line's request as the endpoint would.
func (s *Server) serveLine(w http.ResponseWriter, req *http.Request, endpoint string, body []byte) {
	switch {
	case endpoint != "/v1/responses":
		s.invalidURL(w, req)
	case gjson.GetBytes(body, "stream").Bool():
		// Inferred wording: the Batch API does not stream.
		s.writeAPIError(w, &apiError{status: http.StatusBadRequest, param: "stream", message: "Streaming is not supported in the Batch API."})
	default:
		s.create(w, req)
	}
}
