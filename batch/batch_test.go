package batch_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/respkit/respkit/batch"
	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/schema"
)

// docs returns a source of typed requests for the ids, each document
// "doc <id>".
func docs(t testing.TB, ids ...string) iter.Seq2[string, *responses.Request] {
	t.Helper()
	src, err := batch.Typed[record](&responses.Request{Model: "m", Instructions: "Extract."},
		func(yield func(string, responses.Input) bool) {
			for _, id := range ids {
				if !yield(id, responses.Text("doc "+id)) {
					return
				}
			}
		})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func ids(prefix string, n int) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return s
}

var fast = &batch.RunOptions{Interval: time.Millisecond, MaxInterval: time.Millisecond}

// collect runs job to the end and returns its results by custom id,
// failing on an id seen twice.
func collect(t *testing.T, s *batch.Service, job *batch.Job) map[string]batch.Result[record] {
	t.Helper()
	if err := s.Run(t.Context(), job, fast); err != nil {
		t.Fatal(err)
	}
	got := map[string]batch.Result[record]{}
	for r, err := range batch.Results[record](t.Context(), s, job) {
		if err != nil {
			t.Fatal(err)
		}
		if _, dup := got[r.CustomID]; dup {
			t.Errorf("custom id %q came back twice", r.CustomID)
		}
		got[r.CustomID] = r
	}
	return got
}

func TestLineFormat(t *testing.T) {
	t.Parallel()
	f, s := newFake(t)
	// A request decoded from JSON that holds a stream member is sent
	// without it.
	const reqJSON = `{"model":"m","input":"hi \"you\"","stream":true}`
	req := new(responses.Request)
	if err := json.Unmarshal([]byte(reqJSON), req); err != nil {
		t.Fatal(err)
	}
	src := func(yield func(string, *responses.Request) bool) { yield("id \"1\"é", req) }
	job, err := s.Submit(t.Context(), src, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(&responses.Request{Model: "m", Input: responses.Text("hi \"you\"")})
	want := `{"custom_id":"id \"1\"é","method":"POST","url":"/v1/responses","body":` + string(body) + "}\n"
	if got := string(f.files[job.Shards[0].InputFileID]); got != want {
		t.Errorf("input file =\n%s\nwant\n%s", got, want)
	}
	if b, _ := json.Marshal(req); string(b) != reqJSON {
		t.Errorf("the caller's request was modified: %s", b)
	}
	if job.Shards[0].BatchID == "" || f.count("POST batches") != 1 {
		t.Errorf("Submit did not create the batch: %+v", job.Shards[0])
	}
}

func TestSharding(t *testing.T) {
	t.Parallel()
	lineSize := func() int64 {
		job, err := (&batch.Service{}).Prepare(t.Context(), docs(t, "a0"), nil)
		if err != nil {
			t.Fatal(err)
		}
		return job.Shards[0].Bytes
	}()
	tests := []struct {
		name string
		opts batch.Options
		want []int // lines per shard
	}{
		{"one shard", batch.Options{}, []int{7}},
		{"lines", batch.Options{MaxLines: 3}, []int{3, 3, 1}},
		{"bytes", batch.Options{MaxBytes: 2*lineSize + 1}, []int{2, 2, 2, 1}},
		{"exact bytes", batch.Options{MaxBytes: 7 * lineSize}, []int{7}},
		{"tokens", batch.Options{MaxEnqueuedTokens: 3 * (lineSize + 3) / 4}, []int{3, 3, 1}},
		{"counted tokens", batch.Options{MaxEnqueuedTokens: 20, CountTokens: func(context.Context, *responses.Request) (int64, error) { return 10, nil }}, []int{2, 2, 2, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, s := newFake(t)
			job, err := s.Prepare(t.Context(), docs(t, ids("a", 7)...), &tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, sh := range job.Shards {
				got = append(got, sh.Lines)
				if tt.opts.MaxBytes > 0 && sh.Bytes > tt.opts.MaxBytes {
					t.Errorf("shard of %d bytes, over %d", sh.Bytes, tt.opts.MaxBytes)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) || job.Lines != 7 {
				t.Fatalf("shards = %v (%d lines), want %v", got, job.Lines, tt.want)
			}
			if len(f.calls) != 0 {
				t.Errorf("Prepare sent requests: %v", f.calls)
			}
			if err := s.Upload(t.Context(), job, docs(t, ids("a", 7)...), nil); err != nil {
				t.Fatal(err)
			}
			for i, sh := range job.Shards {
				if n := strings.Count(string(f.files[sh.InputFileID]), "\n"); n != sh.Lines || int64(len(f.files[sh.InputFileID])) != sh.Bytes {
					t.Errorf("shard %d: file of %d lines, %d bytes; want %d, %d", i, n, len(f.files[sh.InputFileID]), sh.Lines, sh.Bytes)
				}
			}
		})
	}
}

func TestRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("x", 2000)
	tests := []struct {
		name string
		src  iter.Seq2[string, *responses.Request]
		opts batch.Options
		want error
		line int
	}{
		{"duplicate", docs(t, "a", "b", "a"), batch.Options{}, batch.ErrDuplicateID, 3},
		{"empty id", docs(t, "a", ""), batch.Options{}, batch.ErrEmptyID, 2},
		{"too large", docs(t, "a", big), batch.Options{MaxBytes: 1000}, batch.ErrLineTooLarge, 2},
		{"too many tokens", docs(t, "a", big), batch.Options{MaxEnqueuedTokens: 300}, batch.ErrLineTooLarge, 2},
		{"two models", func(yield func(string, *responses.Request) bool) {
			_ = yield("a", &responses.Request{Model: "m"}) && yield("b", &responses.Request{Model: "n"})
		}, batch.Options{}, batch.ErrModel, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, s := newFake(t)
			job, err := s.Submit(t.Context(), tt.src, &tt.opts, nil)
			le, ok := errors.AsType[*batch.LineError](err)
			if !errors.Is(err, tt.want) || !ok || le.Line != tt.line {
				t.Fatalf("Submit() = %v, %v; want a *LineError at line %d matching %v", job, err, tt.line, tt.want)
			}
			if len(f.calls) != 0 {
				t.Errorf("requests were sent: %v", f.calls)
			}
		})
	}
}

func TestResults(t *testing.T) {
	t.Parallel()
	f, s := newFake(t)
	all := []string{"ok1", "ok2", "refuse1", "bad1", "incomplete1", "err1", "expire1", "drop1", "drop2"}
	job, err := s.Submit(t.Context(), docs(t, all...), &batch.Options{MaxLines: 4}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := collect(t, s, job)
	if len(got) != len(all) {
		t.Fatalf("%d results, want %d: %v", len(got), len(all), got)
	}
	if r := got["ok1"]; r.Err != nil || r.Value != (record{Doc: "doc ok1", N: 7}) || r.Response == nil {
		t.Errorf("ok1 = %+v", r)
	}
	check := func(id string, ok bool) {
		t.Helper()
		if r := got[id]; !ok || r.Value != (record{}) {
			t.Errorf("%s: error %T %v, value %+v", id, r.Err, r.Err, r.Value)
		}
	}
	e1, ok := errors.AsType[*responses.RefusalError](got["refuse1"].Err)
	check("refuse1", ok && e1.Refusal == "I won't.")
	e2, ok := errors.AsType[*schema.DecodeError](got["bad1"].Err)
	check("bad1", ok && e2.Path == "$")
	e3, ok := errors.AsType[*responses.IncompleteError](got["incomplete1"].Err)
	check("incomplete1", ok && e3.Reason == "max_output_tokens")
	e4, ok := errors.AsType[*client.APIError](got["err1"].Err)
	check("err1", ok && e4.StatusCode == 500 && e4.RequestID == "req_err1" && e4.Code == "server_error" && errors.Is(e4, client.ErrServer))
	e5, ok := errors.AsType[*batch.RequestError](got["expire1"].Err)
	check("expire1", ok && e5.Code == "batch_expired")
	for _, id := range []string{"drop1", "drop2"} {
		e, ok := errors.AsType[*batch.MissingError](got[id].Err)
		check(id, ok && e.CustomID == id && e.BatchID == job.Shards[got[id].Shard].BatchID && e.Status == batch.StatusCompleted)
	}
	if c := job.RequestCounts(); c.Total != 9 || c.Completed != 5 || c.Failed != 2 {
		t.Errorf("request counts = %+v", c)
	}
	_ = f

	// Stopping early is clean.
	for range batch.Results[record](t.Context(), s, job) {
		break
	}
}

func TestResultsNotDone(t *testing.T) {
	t.Parallel()
	_, s := newFake(t)
	job, err := s.Submit(t.Context(), docs(t, "a"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range batch.Results[record](t.Context(), s, job) {
		if err == nil || !strings.Contains(err.Error(), "not done") {
			t.Errorf("error = %v, want one saying the job is not done", err)
		}
	}
}

func TestFailedBatch(t *testing.T) {
	t.Parallel()
	f, s := newFake(t)
	f.failBatches = true
	job, err := s.Submit(t.Context(), docs(t, "a", "b"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := collect(t, s, job)
	for _, id := range []string{"a", "b"} {
		e, ok := errors.AsType[*batch.MissingError](got[id].Err)
		if !ok || e.Status != batch.StatusFailed || len(e.Errors) != 1 || !strings.Contains(e.Error(), "invalid_request: no (line 1)") {
			t.Errorf("%s: %v, want a *MissingError of a failed batch with its errors", id, got[id].Err)
		}
	}
}

// TestResume kills a job at every point it saves itself, and resumes it
// from its JSON with a new Service: every custom id comes back exactly once
// and no shard is uploaded or created twice.
func TestResume(t *testing.T) {
	t.Parallel()
	all := ids("d", 10)
	opts := &batch.Options{MaxLines: 3, MaxEnqueuedTokens: 1 << 40}
	for kill := 1; ; kill++ {
		f, s := newFake(t)
		var saved []byte
		saves := 0
		errKilled := errors.New("killed")
		ropts := &batch.RunOptions{Interval: time.Millisecond, MaxInterval: time.Millisecond, Save: func(j *batch.Job) error {
			saves++
			if saves == kill {
				return errKilled
			}
			b, err := json.Marshal(j)
			saved = b
			return err
		}}
		job, err := s.Submit(t.Context(), docs(t, all...), opts, ropts)
		if err == nil {
			err = s.Run(t.Context(), job, ropts)
		}
		if err == nil {
			break // killed nowhere: every save point was tried
		}
		if !errors.Is(err, errKilled) {
			t.Fatal(err)
		}
		if saved == nil {
			continue // killed before the first save: start again
		}
		var back batch.Job
		if err := json.Unmarshal(saved, &back); err != nil {
			t.Fatal(err)
		}
		_, s2 := f.service(t)
		if err := s2.Upload(t.Context(), &back, docs(t, all...), nil); err != nil {
			t.Fatalf("kill %d: %v", kill, err)
		}
		got := collect(t, s2, &back)
		for _, id := range all {
			if r, ok := got[id]; !ok || r.Err != nil {
				t.Errorf("kill %d: %s = %+v", kill, id, r)
			}
		}
		// A file uploaded but not saved is uploaded again (the first one is
		// left unused); a batch is never created twice.
		if files := f.count("POST files"); len(got) != len(all) || files < 4 || files > 5 || f.count("POST batches") != 4 {
			t.Errorf("kill %d: %d results, %d files, %d batches; want %d, 4 or 5, 4", kill, len(got), f.count("POST files"), f.count("POST batches"), len(all))
		}
	}
}

func TestUploadSourceChanged(t *testing.T) {
	t.Parallel()
	f, s := newFake(t)
	job, err := s.Prepare(t.Context(), docs(t, "a", "b"), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []iter.Seq2[string, *responses.Request]{docs(t, "a", "c"), docs(t, "a")} {
		if err := s.Upload(t.Context(), job, src, nil); err == nil {
			t.Error("Upload of another source did not fail")
		}
	}
	// The upload is streamed, so the request may have started: the body
	// is cut when the change is found, and no file is made of it.
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.files) != 0 {
		t.Error("a changed shard was uploaded")
	}
}

// TestCreatingFound: a batch created whose answer was lost is found again,
// not created twice.
func TestCreatingFound(t *testing.T) {
	t.Parallel()
	f, s := newFake(t)
	f.failCreate = true
	var saved batch.Job
	save := &batch.RunOptions{Save: func(j *batch.Job) error {
		b, _ := json.Marshal(j)
		return json.Unmarshal(b, &saved)
	}}
	if _, err := s.Submit(t.Context(), docs(t, "a", "b"), &batch.Options{MaxLines: 1}, save); err == nil {
		t.Fatal("Submit did not fail")
	}
	if !saved.Shards[0].Creating || saved.Shards[0].BatchID != "" || saved.Shards[1].Creating {
		t.Fatalf("saved job = %+v, want shard 0 creating", saved.Shards)
	}
	f.failCreate = false
	got := collect(t, s, &saved)
	if len(got) != 2 || f.count("POST batches") != 2 {
		t.Errorf("%d results, %d batches created; want 2 and 2 (the lost one, found, and the second)", len(got), f.count("POST batches"))
	}
}

func TestWaves(t *testing.T) {
	t.Parallel()
	f, s := newFake(t)
	opts := &batch.Options{MaxEnqueuedTokens: 20, CountTokens: func(context.Context, *responses.Request) (int64, error) { return 7, nil }}
	job, err := s.Submit(t.Context(), docs(t, ids("w", 7)...), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Shards of 2 lines (14 tokens): one at a time under 20.
	if len(job.Shards) != 4 || f.count("POST batches") != 1 {
		t.Fatalf("%d shards, %d batches created; want 4 and a first wave of 1", len(job.Shards), f.count("POST batches"))
	}
	maxActive := 0
	ropts := &batch.RunOptions{Interval: time.Millisecond, MaxInterval: time.Millisecond, Progress: func(j *batch.Job) {
		active := 0
		for _, sh := range j.Shards {
			if sh.BatchID != "" && !sh.Status.Done() {
				active++
			}
		}
		maxActive = max(maxActive, active)
	}}
	if err := s.Run(t.Context(), job, ropts); err != nil {
		t.Fatal(err)
	}
	if maxActive != 1 || f.count("POST batches") != 4 || !job.Done() {
		t.Errorf("at most %d batches at once, %d created; want 1 and 4", maxActive, f.count("POST batches"))
	}
}

func TestRetry(t *testing.T) {
	t.Parallel()
	f, s := newFake(t)
	job, err := s.Submit(t.Context(), docs(t, "ok1", "bad1", "refuse1", "drop1"), &batch.Options{MaxLines: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var failed []batch.Result[record]
	for _, r := range collect(t, s, job) {
		if r.Err != nil {
			failed = append(failed, r)
		}
	}
	if len(failed) != 3 {
		t.Fatalf("%d failed, want 3", len(failed))
	}
	src, err := batch.RetryRequests(t.Context(), s, job, failed)
	if err != nil {
		t.Fatal(err)
	}
	reqs := maps.Collect(src)
	if r := reqs["bad1"]; r == nil || r.PreviousResponseID != "resp_bad1" || len(r.Input) != 1 || !strings.Contains(r.Input[0].(*responses.Message).Text(), "Your last answer was rejected") {
		t.Errorf("bad1 retried as %+v, want a re-ask of resp_bad1", r)
	}
	for _, id := range []string{"refuse1", "drop1"} {
		if r := reqs[id]; r == nil || r.PreviousResponseID != "" || r.Text.Format == nil || r.Instructions != "Extract." {
			t.Errorf("%s retried as %+v, want the request as it was", id, r)
		}
	}
	job2, err := batch.Retry(t.Context(), s, job, failed, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if job2.Lines != 3 || f.count("POST batches") != 3 {
		t.Errorf("retry job of %d lines, %d batches in all; want 3 and 3", job2.Lines, f.count("POST batches"))
	}
}
