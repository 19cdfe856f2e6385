package batch_test

import (
	"context"
	"fmt"
	"log"
	"maps"
	"slices"
	"time"

	"github.com/respkit/respkit/batch"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// A typed extraction over three documents through the Batch API, here
// against the fake server with batches that take milliseconds instead of
// hours.
func Example() {
	srv := responsestest.NewServer()
	defer srv.Close()
	srv.SetBatchTiming(time.Millisecond, time.Millisecond, time.Millisecond)
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	s := batch.New(c)
	ctx := context.Background()

	// Contact is the record to extract from each document.
	type Contact struct {
		Name    string `json:"name"`
		Company string `json:"company"`
	}
	docs := map[string]string{
		"msg-1": "Hello, this is Grace Hopper from Remington Rand.",
		"msg-2": "Alan Turing here, writing on behalf of Bletchley Park.",
		"msg-3": "Regards, Katherine Johnson, NASA Langley.",
	}
	src, err := batch.Typed[Contact](&responses.Request{Model: "gpt-5-mini", Instructions: "Extract the sender."},
		func(yield func(string, responses.Input) bool) {
			for _, id := range slices.Sorted(maps.Keys(docs)) {
				if !yield(id, responses.Text(docs[id])) {
					return
				}
			}
		})
	if err != nil {
		log.Fatal(err)
	}

	// Save would store the job's JSON after each step, so that a process
	// killed midway resumes it.
	ropts := &batch.RunOptions{Interval: 5 * time.Millisecond, MaxInterval: 10 * time.Millisecond}
	job, err := s.Submit(ctx, src, nil, ropts)
	if err != nil {
		log.Fatal(err)
	}
	if err := s.Run(ctx, job, ropts); err != nil {
		log.Fatal(err)
	}

	// The results come in no particular order.
	got := map[string]Contact{}
	for r, err := range batch.Results[Contact](ctx, s, job) {
		if err != nil {
			log.Fatal(err)
		}
		if r.Err != nil {
			fmt.Println(r.CustomID, "failed:", r.Err)
			continue
		}
		got[r.CustomID] = r.Value
	}
	fmt.Println(job.Lines, "requests,", job.RequestCounts().Completed, "completed")
	for _, id := range slices.Sorted(maps.Keys(got)) {
		fmt.Printf("%s: %+v\n", id, got[id])
	}
	// The fake's simulated model fills the schema with words of each
	// document: plausible values, not read ones.

	// Output:
	// 3 requests, 3 completed
	// msg-1: {Name:Grace Company:Hopper}
	// msg-2: {Name:Turing Company:Bletchley}
	// msg-3: {Name:Katherine Company:Johnson}
}
