// Batch turns a thousand support tickets into typed Go records through the
// Batch API, and survives being killed halfway.
//
// It teaches package batch, the typed pipeline: batch.Typed builds one
// request per document from a template and a Go type (the strict schema is
// set once); Service.Submit checks every line before anything is sent
// (duplicate ids, oversized lines), cuts the job into shards, streams each
// shard's JSONL lines into its upload and creates the batches;
// Service.Run waits for them; batch.Results reads the output files line by
// line and gives each custom id a Ticket or the same typed errors as
// responses.Parse, and says which came back in neither file.
//
// The job is a plain value that marshals to JSON: the ids of its files and
// batches, and where it stands. The program saves it to a file after every
// step (RunOptions.Save). It then shows why: it kills its own run right
// after the first batch is created, and a second run, with a new client,
// loads the job from the file and carries on. Every ticket comes back
// exactly once, and no batch is created twice.
//
// Run it with:
//
//	go run ./examples/batch
//
// With OPENAI_API_KEY set it uses the real Batch API (OPENAI_MODEL picks the
// model, gpt-5-mini by default): the batches cost half the price of the
// direct calls but may take up to 24 hours; the program waits for them (and
// can be killed and run again: it resumes from the saved job). Without it,
// it starts respkit's built-in fake server, whose batches run in a fraction
// of a second, and says so. The simulated model fills each ticket with words
// of its message where the field names suggest them: plausible records, not
// read ones.
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/respkit/respkit/batch"
	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

// Ticket is the record to extract from each support message.
type Ticket struct {
	Customer string `json:"customer" jsonschema_description:"The customer's name"`
	Order    string `json:"order_number" jsonschema_description:"The order number, as written"`
	Product  string `json:"product"`
	Priority string `json:"priority" jsonschema:"enum=low,enum=normal,enum=urgent"`
}

// documents is how many tickets the program reads.
const documents = 1000

// tickets generates the support messages, custom id → input. A real program
// would read them from files or a database; the pipeline reads them twice
// (once to check and cut the job, once to upload it), one at a time.
func tickets(yield func(string, responses.Input) bool) {
	names := []string{"Ana Lima", "Bo Chen", "Chidi Okafor", "Dana Weiss", "Émile Novak"}
	products := []string{"router", "laptop", "printer", "monitor", "phone"}
	for i := range documents {
		text := fmt.Sprintf("Hello, this is %s. My %s from order A-%05d stopped working yesterday. %s",
			names[i%len(names)], products[i%len(products)], 1000+i,
			[]string{"No rush.", "Please help soon.", "It is urgent, our shop is closed!"}[i%3])
		if !yield(fmt.Sprintf("ticket-%04d", i+1), responses.Text(text)) {
			return
		}
	}
}

func main() {
	ctx := context.Background()
	var opts []client.Option
	offline := os.Getenv("OPENAI_API_KEY") == ""
	var srv *responsestest.Server
	if offline {
		srv = responsestest.NewServer()
		defer srv.Close()
		// Batches that take milliseconds, not hours.
		srv.SetBatchTiming(5*time.Millisecond, 50*time.Microsecond, 5*time.Millisecond)
		opts = append(opts, client.WithBaseURL(srv.URL), client.WithAPIKey("offline"))
		fmt.Println("No OPENAI_API_KEY set: running offline against respkit's built-in fake server.")
	}
	newService := func() *batch.Service {
		c, err := client.New(opts...)
		if err != nil {
			log.Fatal(err)
		}
		return batch.New(c)
	}

	src, err := batch.Typed[Ticket](&responses.Request{
		Model:        cmp.Or(os.Getenv("OPENAI_MODEL"), "gpt-5-mini"),
		Instructions: "Extract the support ticket from the customer's message.",
	}, tickets)
	if err != nil {
		log.Fatal(err)
	}

	// The job's JSON is all the state there is: save it after every step.
	dir, err := os.MkdirTemp("", "respkit-batch")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "job.json")
	save := func(j *batch.Job) error {
		b, err := json.MarshalIndent(j, "", "  ")
		if err != nil {
			return err
		}
		return os.WriteFile(path, b, 0o600)
	}
	poll := time.Minute
	if offline {
		poll = 10 * time.Millisecond
	}

	// The first run: shards of 250 lines, so 4 batches. It is killed
	// (its context cancelled) right after it saves its first batch.
	first, kill := context.WithCancel(ctx)
	created := 0
	ropts := &batch.RunOptions{Interval: poll, MaxInterval: poll, Save: func(j *batch.Job) error {
		if err := save(j); err != nil {
			return err
		}
		n := 0
		for _, sh := range j.Shards {
			if sh.BatchID != "" {
				n++
			}
		}
		if n > created {
			created = n
			kill()
		}
		return nil
	}}
	s := newService()
	job, err := s.Submit(first, src, &batch.Options{MaxLines: 250}, ropts)
	if err == nil {
		err = s.Run(first, job, ropts)
	}
	if !errors.Is(err, context.Canceled) {
		log.Fatalf("the first run should have been killed: %v", err)
	}
	fmt.Printf("First run killed after creating %d of its batches; the job is saved in job.json.\n", created)

	// The second run: a new process would do just this. Load the job and
	// carry on: Upload skips the shards already uploaded, Run creates the
	// batches not yet created (and finds one created just before the kill).
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	job = new(batch.Job)
	if err := json.Unmarshal(b, job); err != nil {
		log.Fatal(err)
	}
	s = newService()
	run := &batch.RunOptions{Interval: poll, MaxInterval: poll, Save: save}
	if err := s.Upload(ctx, job, src, run); err != nil {
		log.Fatal(err)
	}
	if err := s.Run(ctx, job, run); err != nil {
		log.Fatal(err)
	}
	counts := job.RequestCounts()
	fmt.Printf("Second run resumed the job: %d batches done, %d requests completed, %d failed.\n",
		len(job.Shards), counts.Completed, counts.Failed)

	seen := map[string]int{}
	var ok, failed, urgent int
	var example string
	for r, err := range batch.Results[Ticket](ctx, s, job) {
		if err != nil {
			log.Fatal(err) // a file could not be read
		}
		seen[r.CustomID]++
		if r.Err != nil {
			// The errors of Parse, a *client.APIError for a request the
			// API refused, or a *batch.MissingError.
			failed++
			fmt.Printf("%s: %v\n", r.CustomID, r.Err)
			continue
		}
		ok++
		if r.Value.Priority == "urgent" {
			urgent++
		}
		if r.CustomID == "ticket-0003" {
			t := r.Value
			example = fmt.Sprintf("%s: %s, order %s, %s, %s", r.CustomID, t.Customer, t.Order, t.Product, t.Priority)
		}
	}
	once := 0
	for _, n := range seen {
		if n == 1 {
			once++
		}
	}
	if example != "" {
		fmt.Println("For example " + example)
	}
	fmt.Printf("%d urgent ticket(s)\n", urgent)
	fmt.Printf("%d of %d tickets extracted (%d failed); %d custom ids came back exactly once.\n", ok, documents, failed, once)
}
