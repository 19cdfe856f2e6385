package batch_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"testing"
	"testing/synctest"
	"time"

	"github.com/respkit/respkit/batch"
	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// fkTicket is what the end-to-end jobs extract.
type fkTicket struct {
	Customer string `json:"customer"`
	Priority int    `json:"priority"`
}

// fkTickets returns n documents, custom id → input.
func fkTickets(n int) iter.Seq2[string, responses.Input] {
	return func(yield func(string, responses.Input) bool) {
		for i := range n {
			doc := fmt.Sprintf("Ticket %d from Zoë Müller (\u6771\u4eac): \"the export fails\"\nPriority %d. \U0001F600", i, i%5)
			if !yield(fmt.Sprintf("t-%04d", i), responses.Text(doc)) {
				return
			}
		}
	}
}

// fkService returns a batch Service of a fake server that listens on no
// socket; call it inside a synctest bubble.
func fkService(t *testing.T) (*responsestest.Server, *batch.Service) {
	t.Helper()
	srv := responsestest.NewServer(responsestest.InProcess())
	t.Cleanup(srv.Close)
	c, err := srv.Client(client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return srv, batch.New(c)
}

func fkTypedTickets(t *testing.T, n int) iter.Seq2[string, *responses.Request] {
	t.Helper()
	src, err := batch.Typed[fkTicket](&responses.Request{Model: "gpt-5-mini", Instructions: "Extract the fkTicket."}, fkTickets(n))
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// fkResults reads a job's results by custom id, failing on a custom id seen
// twice.
func fkResults(t *testing.T, ctx context.Context, s *batch.Service, job *batch.Job) map[string]batch.Result[fkTicket] {
	t.Helper()
	got := map[string]batch.Result[fkTicket]{}
	for r, err := range batch.Results[fkTicket](ctx, s, job) {
		if err != nil {
			t.Fatal(err)
		}
		if _, dup := got[r.CustomID]; dup {
			t.Errorf("custom id %s came back twice", r.CustomID)
		}
		got[r.CustomID] = r
	}
	return got
}

// TestJobOnFake runs a typed job of 300 documents in shards of 40, in waves
// under an enqueued-token limit, through the fake's Files and Batch APIs in
// virtual time: every custom id comes back once, with its value.
func TestJobOnFake(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		_, s := fkService(t)
		src := fkTypedTickets(t, 300)
		// A limit on enqueued tokens that holds two shards of 40 lines.
		probe, err := s.Prepare(ctx, src, &batch.Options{MaxLines: 40})
		if err != nil {
			t.Fatal(err)
		}
		opts := &batch.Options{MaxLines: 40, MaxEnqueuedTokens: 2*probe.Shards[0].Tokens + 1}
		job, err := s.Submit(ctx, src, opts, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(job.Shards) < 8 {
			t.Fatalf("%d shards, want 8 or more for 300 lines in shards of 40", len(job.Shards))
		}
		created := 0
		for _, sh := range job.Shards {
			if sh.BatchID != "" {
				created++
			}
		}
		if created == len(job.Shards) {
			t.Errorf("all %d batches were created at once under an enqueued-token limit", created)
		}
		if err := s.Run(ctx, job, nil); err != nil {
			t.Fatal(err)
		}
		got := fkResults(t, ctx, s, job)
		if len(got) != 300 {
			t.Errorf("%d results, want 300", len(got))
		}
		for id, r := range got {
			if r.Err != nil {
				t.Errorf("%s: %v", id, r.Err)
			}
		}
	})
}

// TestJobResumesOnFake kills a job after each of its saves (the context
// ends there) and resumes it from its JSON with a new Service: every custom
// id comes back exactly once, and no shard gets a second batch.
func TestJobResumesOnFake(t *testing.T) {
	for kill := 1; kill <= 12; kill += 3 {
		t.Run(fmt.Sprint("kill after save ", kill), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv, s := fkService(t)
				src := fkTypedTickets(t, 120)
				var saved []byte
				saves := 0
				ctx, cancel := context.WithCancel(t.Context())
				save := func(j *batch.Job) error {
					b, err := json.Marshal(j)
					if err != nil {
						return err
					}
					saved = b
					if saves++; saves == kill {
						cancel() // the process dies here
					}
					return nil
				}
				ropts := &batch.RunOptions{Save: save}
				job, err := s.Prepare(ctx, src, &batch.Options{MaxLines: 30})
				if err == nil {
					save(job)
					if err = s.Upload(ctx, job, src, ropts); err == nil {
						if _, err = s.Advance(ctx, job, ropts); err == nil {
							err = s.Run(ctx, job, ropts)
						}
					}
				}
				if err == nil {
					t.Skipf("the job ended before save %d", kill)
				}

				// A new process: the job is what was saved.
				c, err := srv.Client(client.WithMaxRetries(0))
				if err != nil {
					t.Fatal(err)
				}
				s2 := batch.New(c)
				job2 := new(batch.Job)
				if err := json.Unmarshal(saved, job2); err != nil {
					t.Fatal(err)
				}
				ctx2 := t.Context()
				if err := s2.Upload(ctx2, job2, src, nil); err != nil {
					t.Fatal(err)
				}
				if err := s2.Run(ctx2, job2, nil); err != nil {
					t.Fatal(err)
				}
				got := fkResults(t, ctx2, s2, job2)
				if len(got) != 120 {
					t.Errorf("%d results, want 120", len(got))
				}
				for id, r := range got {
					if r.Err != nil {
						t.Errorf("%s: %v", id, r.Err)
					}
				}
				n := 0
				for _, err := range s2.List(ctx2, nil) {
					if err != nil {
						t.Fatal(err)
					}
					n++
				}
				if n != len(job2.Shards) {
					t.Errorf("%d batches on the server for %d shards", n, len(job2.Shards))
				}
			})
		})
	}
}

// TestExpiredOnFake runs a batch whose lines take longer than the 24-hour
// window: the lines done come back with values, the others as expired
// requests, none missing.
func TestExpiredOnFake(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		srv, s := fkService(t)
		srv.SetBatchTiming(time.Second, 2*time.Hour, time.Second)
		job, err := s.Submit(ctx, fkTypedTickets(t, 20), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Run(ctx, job, nil); err != nil {
			t.Fatal(err)
		}
		got := fkResults(t, ctx, s, job)
		var done, expired int
		for id, r := range got {
			var re *batch.RequestError
			switch {
			case r.Err == nil:
				done++
			case errors.As(r.Err, &re) && re.Code == "batch_expired":
				expired++
			default:
				t.Errorf("%s: %v", id, r.Err)
			}
		}
		if len(got) != 20 || done == 0 || expired == 0 {
			t.Errorf("%d results: %d done, %d expired; want all 20, some of each", len(got), done, expired)
		}
	})
}

// TestErrorLineOnFake checks a line the fake refuses with a 400 (it is in
// the error file, with its status and error body): it comes back as a
// *client.APIError, not as missing.
func TestErrorLineOnFake(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		_, s := fkService(t)
		src := func(yield func(string, *responses.Request) bool) {
			for i := range 3 {
				req := &responses.Request{Model: "gpt-5-mini", Input: responses.Text("hi")}
				if i == 1 {
					req.PreviousResponseID = "resp_unknown"
				}
				if !yield(fmt.Sprint("line-", i), req) {
					return
				}
			}
		}
		job, err := s.Submit(ctx, src, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Run(ctx, job, nil); err != nil {
			t.Fatal(err)
		}
		for r, err := range batch.Results[string](ctx, s, job) {
			if err != nil {
				t.Fatal(err)
			}
			var ae *client.APIError
			if r.CustomID == "line-1" {
				if !errors.As(r.Err, &ae) || ae.StatusCode != 400 {
					t.Errorf("line-1: %v, want a 400 *client.APIError", r.Err)
				}
			} else if errors.As(r.Err, &ae) {
				t.Errorf("%s: %v", r.CustomID, r.Err)
			}
		}
	})
}

// TestCancelledOnFake cancels a batch while it runs: the lines done come
// back with values, the others as missing (the API delivers no line for
// them), and none twice.
func TestCancelledOnFake(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		srv, s := fkService(t)
		srv.SetBatchTiming(time.Second, time.Second, time.Second)
		job, err := s.Submit(ctx, fkTypedTickets(t, 40), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Second) // validated, and some lines done
		if _, err := s.Cancel(ctx, job.Shards[0].BatchID); err != nil {
			t.Fatal(err)
		}
		if err := s.Run(ctx, job, nil); err != nil {
			t.Fatal(err)
		}
		if st := job.Shards[0].Status; st != batch.StatusCancelled {
			t.Errorf("status %q, want cancelled", st)
		}
		got := fkResults(t, ctx, s, job)
		var done, missing int
		for id, r := range got {
			var me *batch.MissingError
			switch {
			case r.Err == nil:
				done++
			case errors.As(r.Err, &me):
				missing++
			default:
				t.Errorf("%s: %v", id, r.Err)
			}
		}
		if len(got) != 40 || done == 0 || missing == 0 {
			t.Errorf("%d results: %d done, %d missing; want all 40, some of each", len(got), done, missing)
		}
	})
}
