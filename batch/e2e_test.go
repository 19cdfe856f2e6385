package batch_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/respkit/respkit/batch"
	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/files"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
	"github.com/respkit/respkit/schema"
)

// The tests of this file run the pipeline against responsestest, the fake
// API with the Batch API's state machine, inside a testing/synctest bubble
// so that batches that take minutes or a day take no real time.

// ticket is the record the end-to-end jobs extract.
type ticket struct {
	Customer string `json:"customer"`
	Product  string `json:"product"`
	Priority string `json:"priority" jsonschema:"enum=low,enum=normal,enum=urgent"`
	Summary  string `json:"summary"`
}

// ticketText is the text of ticket id.
func ticketText(id string) string {
	return fmt.Sprintf("Ticket %s: Ada Lovelace writes that her Model %s printer jams on every page.", id, id)
}

// tickets returns the typed requests of ids, each document ticketText(id).
func tickets(t testing.TB, ids []string) iter.Seq2[string, *responses.Request] {
	t.Helper()
	src, err := batch.Typed[ticket](&responses.Request{Model: "gpt-5-mini", Instructions: "Extract the support ticket."},
		func(yield func(string, responses.Input) bool) {
			for _, id := range ids {
				if !yield(id, responses.Text(ticketText(id))) {
					return
				}
			}
		})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// newServer makes a fake that listens nowhere, inside the bubble, and a
// Service of it.
func newServer(t *testing.T) (*responsestest.Server, *batch.Service) {
	t.Helper()
	srv := responsestest.NewServer(responsestest.InProcess())
	t.Cleanup(srv.Close)
	c, err := srv.Client(client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return srv, batch.New(c)
}

// polls are Run's options in the end-to-end tests: a poll every few
// seconds of virtual time.
var polls = &batch.RunOptions{Interval: time.Second, MaxInterval: 10 * time.Second}

// results reads every result of job, failing on an iteration error or a
// custom id seen twice.
func results(t *testing.T, s *batch.Service, job *batch.Job) map[string]batch.Result[ticket] {
	t.Helper()
	got := map[string]batch.Result[ticket]{}
	for r, err := range batch.Results[ticket](t.Context(), s, job) {
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

// wantValues checks that every id of want has a value and no error.
func wantValues(t *testing.T, got map[string]batch.Result[ticket], want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d results, want %d", len(got), len(want))
	}
	for _, id := range want {
		r, ok := got[id]
		switch {
		case !ok:
			t.Errorf("%s: no result", id)
		case r.Err != nil:
			t.Errorf("%s: %v", id, r.Err)
		case r.Value.Customer == "" || r.Value.Priority == "" || r.Response == nil:
			t.Errorf("%s: value %+v, response %v: want a filled ticket and its response", id, r.Value, r.Response)
		}
	}
}

// batches lists the fake's batches.
func batches(t *testing.T, s *batch.Service) []*batch.Batch {
	t.Helper()
	var all []*batch.Batch
	for b, err := range s.List(t.Context(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, b)
	}
	return all
}

func TestE2ETypedJob(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, s := newServer(t)
		all := ids("t", 300)
		job, err := s.Submit(t.Context(), tickets(t, all), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(job.Shards) != 1 {
			t.Fatalf("%d shards, want 1", len(job.Shards))
		}
		start := time.Now()
		if err := s.Run(t.Context(), job, nil); err != nil {
			t.Fatal(err)
		}
		// 1s validating, 300 lines of 10ms, 1s finalizing.
		if d := time.Since(start); d < 5*time.Second || d > 2*time.Minute {
			t.Errorf("the job took %v of virtual time", d)
		}
		sh := job.Shards[0]
		if sh.Status != batch.StatusCompleted || sh.RequestCounts != (batch.RequestCounts{Total: 300, Completed: 300}) || sh.OutputFileID == "" || sh.ErrorFileID != "" {
			t.Errorf("shard = %+v, want completed with an output file only", sh)
		}
		wantValues(t, results(t, s, job), all)
	})
}

// TestE2ESharding cuts a job into shards at a small line limit, which the
// fake imposes too.
func TestE2ESharding(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, s := newServer(t)
		srv.SetBatchLimits(40, 0)
		all := ids("t", 200)
		job, err := s.Submit(t.Context(), tickets(t, all), &batch.Options{MaxLines: 40}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(job.Shards) != 5 {
			t.Fatalf("%d shards, want 5", len(job.Shards))
		}
		if err := s.Run(t.Context(), job, polls); err != nil {
			t.Fatal(err)
		}
		if bs := batches(t, s); len(bs) != 5 {
			t.Errorf("%d batches, want 5", len(bs))
		}
		wantValues(t, results(t, s, job), all)
	})
}

// TestE2EOverLimits shows what the fake does with a shard over its limits:
// the batch fails validation, and every custom id of it is reported
// missing with the batch's errors.
func TestE2EOverLimits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, s := newServer(t)
		srv.SetBatchLimits(10, 0)
		all := ids("t", 25)
		job, err := s.Submit(t.Context(), tickets(t, all), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Run(t.Context(), job, polls); err != nil {
			t.Fatal(err)
		}
		got := results(t, s, job)
		if len(got) != len(all) {
			t.Errorf("%d results, want %d", len(got), len(all))
		}
		for _, id := range all {
			me, ok := errors.AsType[*batch.MissingError](got[id].Err)
			if !ok || me.Status != batch.StatusFailed || len(me.Errors) != 1 || me.Errors[0].Code != "too_many_tasks" {
				t.Errorf("%s: %v, want a *MissingError of a batch failed with too_many_tasks", id, got[id].Err)
			}
		}
	})
}

// TestE2EWaves runs a job larger than the enqueued-token limit: its batches
// are created in waves, as earlier ones finish, and none fails.
func TestE2EWaves(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, s := newServer(t)
		c, _ := newServerClient(t, srv)
		// The tokens counted by the API (here, the fake), as the limit is.
		count := batch.CountInputTokens(responses.New(c))
		all := ids("t", 120)
		plan, err := s.Prepare(t.Context(), tickets(t, all), &batch.Options{MaxLines: 20, CountTokens: count})
		if err != nil {
			t.Fatal(err)
		}
		var most int64
		for _, sh := range plan.Shards {
			most = max(most, sh.Tokens)
		}
		limit := 2*most + most/2 // two shards at once
		srv.SetEnqueuedTokenLimit(int(limit))
		// Lines long enough for batches to overlap between two polls.
		srv.SetBatchTiming(time.Second, time.Minute, time.Second)

		// Without the limit in the options, the batches are created at once
		// and the fake refuses those over it, as the API does.
		over, err := s.Submit(t.Context(), tickets(t, all), &batch.Options{MaxLines: 20, CountTokens: count}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Run(t.Context(), over, polls); err != nil {
			t.Fatal(err)
		}
		failed := 0
		for _, sh := range over.Shards {
			if sh.Status == batch.StatusFailed && len(sh.Errors) > 0 && sh.Errors[0].Code == "token_limit_exceeded" {
				failed++
			}
		}
		if failed == 0 {
			t.Errorf("no batch failed with token_limit_exceeded without waves: %+v", over.Shards)
		}

		job, err := s.Submit(t.Context(), tickets(t, all), &batch.Options{MaxLines: 20, MaxEnqueuedTokens: limit, CountTokens: count}, nil)
		if err != nil {
			t.Fatal(err)
		}
		created := 0
		for _, sh := range job.Shards {
			if sh.BatchID != "" {
				created++
			}
		}
		if created != 2 || len(job.Shards) != 6 {
			t.Fatalf("%d of %d batches created by Submit, want 2 of 6", created, len(job.Shards))
		}
		if err := s.Run(t.Context(), job, polls); err != nil {
			t.Fatal(err)
		}
		// Each batch after the first two was created once an earlier one
		// had completed.
		byID := map[string]*batch.Batch{}
		for _, b := range batches(t, s) {
			byID[b.ID] = b
		}
		for i, sh := range job.Shards {
			b := byID[sh.BatchID]
			if b == nil || b.Status != batch.StatusCompleted {
				t.Fatalf("shard %d: batch %+v, want completed", i, b)
			}
			if i < 2 {
				continue
			}
			if prev := byID[job.Shards[i-2].BatchID]; b.CreatedAt < prev.CompletedAt {
				t.Errorf("shard %d's batch created at %d, before shard %d's completed at %d", i, b.CreatedAt, i-2, prev.CompletedAt)
			}
		}
		wantValues(t, results(t, s, job), all)
	})
}

// killTransport serves requests with the fake until the kill-th, which it
// lets the server answer in full and then "kills the process": it cancels
// the job's context and returns an error, so that the client never sees
// the answer.
type killTransport struct {
	rt     http.RoundTripper
	kill   int
	n      int
	cancel context.CancelFunc
}

func (k *killTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := k.rt.RoundTrip(r)
	k.n++
	if err != nil || k.n != k.kill {
		return resp, err
	}
	// Let the server finish what it does (an upload, a batch created).
	var sink [4 << 10]byte
	for {
		if _, err := resp.Body.Read(sink[:]); err != nil {
			break
		}
	}
	resp.Body.Close()
	k.cancel()
	return nil, errors.New("killed")
}

// TestE2EResume kills a job after every request it makes and at every point
// it saves itself, and resumes it from the JSON it saved last with a new
// Service: every custom id comes back exactly once, and no batch is
// created twice.
func TestE2EResume(t *testing.T) {
	all := ids("t", 30)
	opts := &batch.Options{MaxLines: 10}
	for _, at := range []string{"request", "save"} {
		for kill := 1; ; kill++ {
			finished := false
			synctest.Test(t, func(t *testing.T) {
				srv, _ := newServer(t)
				srv.SetBatchTiming(time.Minute, time.Second, time.Minute)
				ctx, cancel := context.WithCancel(t.Context())
				defer cancel()
				kt := &killTransport{rt: srv.Transport(), cancel: cancel}
				if at == "request" {
					kt.kill = kill
				}
				c, err := srv.Client(client.WithMaxRetries(0), client.WithHTTPClient(&http.Client{Transport: kt}))
				if err != nil {
					t.Fatal(err)
				}
				s := batch.New(c)
				// Waves, so that batches are created by Run as well.
				prep, err := s.Prepare(ctx, tickets(t, all), opts)
				if err != nil {
					t.Fatal(err)
				}
				o := *opts
				o.MaxEnqueuedTokens = prep.Shards[0].Tokens * 2

				var saved []byte
				saves := 0
				ropts := &batch.RunOptions{Interval: 10 * time.Second, MaxInterval: time.Minute, Save: func(j *batch.Job) error {
					b, err := json.Marshal(j)
					if err != nil {
						return err
					}
					saved = b
					if saves++; at == "save" && saves == kill {
						cancel()
					}
					return nil
				}}
				job, err := s.Submit(ctx, tickets(t, all), &o, ropts)
				if err == nil {
					err = s.Run(ctx, job, ropts)
				}
				if ctx.Err() == nil {
					if err != nil {
						t.Fatal(err)
					}
					finished = true // killed nowhere: every point was tried
					return
				}
				if saved == nil {
					t.Fatalf("kill %d: killed before the first save", kill)
				}

				// A new process: the job from its JSON, a new client.
				var back batch.Job
				if err := json.Unmarshal(saved, &back); err != nil {
					t.Fatal(err)
				}
				_, s2 := newServerClient(t, srv)
				if err := s2.Upload(t.Context(), &back, tickets(t, all), nil); err != nil {
					t.Fatalf("%s %d: upload: %v", at, kill, err)
				}
				if err := s2.Run(t.Context(), &back, ropts); err != nil {
					t.Fatalf("%s %d: run: %v", at, kill, err)
				}
				wantValues(t, results(t, s2, &back), all)
				bs := batches(t, s2)
				if len(bs) != len(back.Shards) {
					t.Errorf("%s %d: %d batches created for %d shards", at, kill, len(bs), len(back.Shards))
				}
				for i, sh := range back.Shards {
					for _, b := range bs {
						if b.InputFileID == sh.InputFileID && b.ID != sh.BatchID {
							t.Errorf("%s %d: shard %d has batch %s, and %s was created for its input file too", at, kill, i, sh.BatchID, b.ID)
						}
					}
				}
			})
			if finished || t.Failed() {
				if finished && kill-1 < 10 {
					t.Errorf("killed at %d points only (at each %s)", kill-1, at)
				}
				break
			}
		}
	}
}

// newServerClient returns another client of srv, as a new process makes.
func newServerClient(t *testing.T, srv *responsestest.Server) (*client.Client, *batch.Service) {
	t.Helper()
	c, err := srv.Client(client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return c, batch.New(c)
}

// TestE2EFailed uploads an input file the pipeline cannot write, with lines
// the API refuses, through the Files API, and creates its batch by hand: it
// fails validation with the errors of its lines.
func TestE2EFailed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, s := newServer(t)
		c, _ := newServerClient(t, srv)
		good := `{"custom_id":"a","method":"POST","url":"/v1/responses","body":{"model":"gpt-5-mini","input":"hi"}}`
		input := strings.Join([]string{
			good,
			`{"custom_id":"b","method":"POST","url":"/v1/responses","body":`, // not JSON
			`{"custom_id":"a","method":"POST","url":"/v1/responses","body":{"model":"gpt-5-mini","input":"again"}}`,
			`{"custom_id":"c","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-5-mini"}}`,
		}, "\n") + "\n"
		f, err := files.New(c).Upload(t.Context(), files.PurposeBatch, "bad.jsonl", strings.NewReader(input))
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.Create(t.Context(), &batch.CreateParams{InputFileID: f.ID})
		if err != nil {
			t.Fatal(err)
		}
		if b.Status != batch.StatusValidating || b.Endpoint != batch.Endpoint || b.CompletionWindow != batch.CompletionWindow {
			t.Errorf("created %+v", b)
		}
		var seen []batch.Status
		b, err = s.Wait(t.Context(), b.ID, &batch.WaitOptions{Interval: 100 * time.Millisecond, Progress: func(b *batch.Batch) { seen = append(seen, b.Status) }})
		if err != nil {
			t.Fatal(err)
		}
		if b.Status != batch.StatusFailed || b.FailedAt == 0 || b.Errors == nil || b.OutputFileID != "" || b.ErrorFileID != "" {
			t.Fatalf("batch = %+v, want failed with errors and no files", b)
		}
		var got []string
		for _, e := range b.Errors.Data {
			got = append(got, fmt.Sprintf("%s@%d", e.Code, e.Line))
		}
		if want := "invalid_json_line@2 duplicate_custom_id@3 url_mismatch@4"; strings.Join(got, " ") != want {
			t.Errorf("errors %q, want %q", got, want)
		}
		if len(seen) == 0 || seen[0] != batch.StatusValidating {
			t.Errorf("statuses seen while waiting: %v", seen)
		}
		// A batch that has ended cannot be cancelled.
		if _, err := s.Cancel(t.Context(), b.ID); !errors.Is(err, client.ErrConflict) {
			t.Errorf("cancel a failed batch: %v, want a 409", err)
		}
	})
}

// TestE2EExpired makes a batch's lines outlast the 24-hour window: the lines
// done are delivered, the others come back as batch_expired.
func TestE2EExpired(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, s := newServer(t)
		srv.SetBatchTiming(time.Second, 4*time.Hour, time.Second)
		all := ids("t", 10)
		job, err := s.Submit(t.Context(), tickets(t, all), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if err := s.Run(t.Context(), job, &batch.RunOptions{Interval: time.Minute, MaxInterval: time.Hour}); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d < 24*time.Hour {
			t.Errorf("expired after %v", d)
		}
		sh := job.Shards[0]
		if sh.Status != batch.StatusExpired || sh.RequestCounts.Completed != 5 {
			t.Fatalf("shard = %+v, want expired with 5 lines done", sh)
		}
		got := results(t, s, job)
		done, expired := 0, 0
		for _, id := range all {
			r := got[id]
			if re, ok := errors.AsType[*batch.RequestError](r.Err); ok && re.Code == "batch_expired" {
				expired++
			} else if r.Err == nil && r.Value.Customer != "" {
				done++
			} else {
				t.Errorf("%s: %+v", id, r)
			}
		}
		if done != 5 || expired != 5 || len(got) != len(all) {
			t.Errorf("%d done, %d expired, %d results; want 5, 5, 10", done, expired, len(got))
		}
	})
}

// TestE2ECancelled cancels a batch midway: the lines done by then are
// delivered, the others reported missing.
func TestE2ECancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, s := newServer(t)
		srv.SetBatchTiming(time.Second, time.Minute, time.Minute)
		all := ids("t", 20)
		job, err := s.Submit(t.Context(), tickets(t, all), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		cancelled := false
		ropts := &batch.RunOptions{Interval: 30 * time.Second, MaxInterval: 30 * time.Second, Progress: func(j *batch.Job) {
			if !cancelled && j.RequestCounts().Completed >= 5 {
				cancelled = true
				b, err := s.Cancel(t.Context(), j.Shards[0].BatchID)
				if err != nil || b.Status != batch.StatusCancelling {
					t.Errorf("cancel: %+v, %v", b, err)
				}
			}
		}}
		if err := s.Run(t.Context(), job, ropts); err != nil {
			t.Fatal(err)
		}
		sh := job.Shards[0]
		if sh.Status != batch.StatusCancelled {
			t.Fatalf("shard = %+v, want cancelled", sh)
		}
		got := results(t, s, job)
		done, missing := 0, 0
		for _, id := range all {
			r := got[id]
			if me, ok := errors.AsType[*batch.MissingError](r.Err); ok && me.Status == batch.StatusCancelled && me.BatchID == sh.BatchID {
				missing++
			} else if r.Err == nil && r.Value.Customer != "" {
				done++
			} else {
				t.Errorf("%s: %+v", id, r)
			}
		}
		if done != sh.RequestCounts.Completed || done < 5 || missing == 0 || done+missing != len(all) {
			t.Errorf("%d done, %d missing; counts %+v", done, missing, sh.RequestCounts)
		}
	})
}

// TestE2ELineErrors gives lines each failure a line can have, and retries
// the ones worth retrying as a second job, which succeeds.
func TestE2ELineErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, s := newServer(t)
		// The lines of a batch draw their replies from the queue first, in
		// the order they run (the input's), then from the model: t0 is
		// refused by the queue; the model fails the others by their text.
		srv.Enqueue(responsestest.Refusal("I can't help with that."))
		srv.SetModel(func(req *responses.Request) responsestest.Reply {
			b, _ := json.Marshal(req.Input)
			switch in := string(b); {
			case strings.Contains(in, "Ticket t1:"):
				return responsestest.Incomplete("max_output_tokens", `{"customer":"Ada`)
			case strings.Contains(in, "Ticket t2:"):
				return responsestest.Error(400, responsestest.ErrorBody{Type: "invalid_request_error", Code: "invalid_prompt", Message: "Invalid prompt: flagged."})
			case strings.Contains(in, "Ticket t3:") && !strings.Contains(in, "priority"):
				return responsestest.Text(`{"customer":"Ada","product":"x","priority":"someday","summary":"jam"}`)
			}
			return responsestest.Default(req)
		})
		all := ids("t", 8)
		job, err := s.Submit(t.Context(), tickets(t, all), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Run(t.Context(), job, polls); err != nil {
			t.Fatal(err)
		}
		sh := job.Shards[0]
		if sh.RequestCounts != (batch.RequestCounts{Total: 8, Completed: 7, Failed: 1}) || sh.ErrorFileID == "" {
			t.Errorf("shard = %+v, want 7 completed, 1 failed in an error file", sh)
		}
		got := results(t, s, job)
		if len(got) != len(all) {
			t.Errorf("%d results, want %d", len(got), len(all))
		}
		if re, ok := errors.AsType[*responses.RefusalError](got["t0"].Err); !ok || re.Refusal != "I can't help with that." {
			t.Errorf("t0: %v, want a *RefusalError", got["t0"].Err)
		}
		if ie, ok := errors.AsType[*responses.IncompleteError](got["t1"].Err); !ok || ie.Reason != "max_output_tokens" {
			t.Errorf("t1: %v, want an *IncompleteError", got["t1"].Err)
		}
		// A line answered 400 is in the error file: an *APIError, not a
		// missing line.
		if ae, ok := errors.AsType[*client.APIError](got["t2"].Err); !ok || ae.StatusCode != 400 || ae.Code != "invalid_prompt" ||
			ae.Message != "Invalid prompt: flagged." || ae.RequestID == "" || got["t2"].Response != nil {
			t.Errorf("t2: %#v, want the line's *client.APIError", got["t2"].Err)
		}
		if de, ok := errors.AsType[*schema.DecodeError](got["t3"].Err); !ok || got["t3"].Response == nil {
			t.Errorf("t3: %v, want a *schema.DecodeError with the response", got["t3"].Err)
		} else if !strings.Contains(de.Error(), "priority") {
			t.Errorf("t3: %v, want the path of the bad member", de)
		}
		wantValues(t, map[string]batch.Result[ticket]{"t4": got["t4"], "t5": got["t5"], "t6": got["t6"], "t7": got["t7"]}, all[4:])

		// Retry the four failures. The model now answers t1 and t2, and the
		// re-ask of t3 quotes what was wrong, so that the model (here, the
		// rule above) corrects it.
		srv.SetModel(func(req *responses.Request) responsestest.Reply { return responsestest.Default(req) })
		var failed []batch.Result[ticket]
		for _, id := range all[:4] {
			failed = append(failed, got[id])
		}
		src, err := batch.RetryRequests(t.Context(), s, job, failed)
		if err != nil {
			t.Fatal(err)
		}
		for id, req := range src {
			b, _ := json.Marshal(req.Input)
			if reask := strings.Contains(string(b), "someday"); reask != (id == "t3") {
				t.Errorf("retry of %s: re-ask %v: %s", id, reask, b)
			}
		}
		again, err := batch.Retry(t.Context(), s, job, failed, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if again.Lines != 4 {
			t.Errorf("retry job of %d lines, want 4", again.Lines)
		}
		if err := s.Run(t.Context(), again, polls); err != nil {
			t.Fatal(err)
		}
		wantValues(t, results(t, s, again), all[:4])
	})
}
