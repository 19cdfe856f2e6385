// Package batch is the Batch API (POST /batches and its siblings) and a
// typed extraction pipeline on top of it: from custom id → request, or from
// documents and a Go type T, to a stream of typed results.
//
// # The raw endpoints
//
// [Service.Create], [Service.Get], [Service.List] (an iterator over all
// pages), [Service.Cancel], and [Service.Wait], which polls a batch with
// growing waits until it is done, honours its context, and shows the
// request counts to a progress callback. Each takes per-call options
// ([client.Option]) after its arguments; for the pipeline, make the Service
// with a client from [client.Client.With].
//
// # The pipeline
//
//	src, err := batch.Typed[Invoice](&responses.Request{Model: "gpt-4.1-mini", Instructions: "Extract the invoice."}, docs)
//	job, err := s.Submit(ctx, src, &batch.Options{MaxEnqueuedTokens: 2_000_000}, &batch.RunOptions{Save: save})
//	err = s.Run(ctx, job, &batch.RunOptions{Save: save})
//	for r, err := range batch.Results[Invoice](ctx, s, job) { … r.Value or r.Err … }
//
// [Service.Prepare] reads the requests once and refuses, before anything is
// sent, an empty or duplicate custom id, a line larger than an input file
// may be, and a mix of models; it cuts the job into shards at 50,000 lines
// and 200 MB (or smaller limits, and under the enqueued-token limit). This
// is a pre-scan: [Service.Upload] then reads the same requests a second time
// and writes their JSONL lines straight into each shard's upload, so that
// no more than a line and one upload buffer are held, and a set of the
// custom ids for the duplicate check: the lines are written into a pipe
// that the upload request reads as it sends.
//
// [Service.Advance] creates the shards' batches, in waves when the model's
// limit on enqueued tokens is set, and [Service.Run] advances the job until
// every batch is done. [Results] reads the output and error files line by
// line and decodes each response as [responses.Parse] does, so that each
// custom id yields a T or the same typed errors, a [*client.APIError] for a
// line answered with an error status, and a [*MissingError] for a custom id
// found in neither file. [Retry] and [RetryRequests] send the failures
// again, re-asking with what was wrong for the outputs that did not decode.
//
// The [Job] is a plain value that marshals to JSON: file ids, batch ids,
// line counts and statuses. Saved at each step ([RunOptions.Save]), it lets
// a process that was killed resume where it was, with each custom id sent
// once; there is no local database.
//
// # From one call to a million documents
//
// One document, an answer needed now: [responses.Parse]. Thousands of
// documents within minutes or hours: the same call in a direct runner with
// bounded concurrency that follows the rate-limit headers (and flex
// processing at about the batch price when latency does not matter).
// Anything larger, or anything that can wait up to a day: the Batch API,
// at half the price of the synchronous API, with its own limits apart from
// the synchronous rate limits.
//
// The Batch API's limits: 50,000 requests and 200 MB per input file, one
// model and one endpoint per file, a 24-hour completion window (what is not
// done by then comes back as a [*RequestError] "batch_expired" or missing),
// and a per-model limit on the tokens enqueued across all batches of an
// organization: set Options.MaxEnqueuedTokens to it (or below, if other
// jobs share it) and the job is queued in waves. The token estimate per
// line is a token per 4 bytes of the request's JSON, which errs high;
// Options.CountTokens with [CountInputTokens] asks the API instead, at a
// call per line.
//
// A corpus of 10^8 documents is 2,000 shards or more. Split it by a stable
// key (a hash of the document id, a date range, a prefix) into jobs of,
// say, 10^6 documents each, and give each job to one worker: the worker
// prepares and uploads it, saves the job's JSON where the others can see
// it (an object store, a table row), runs it, and streams its results to
// their destination. The job value is the only state: a worker that dies
// is replaced by one that loads the job and calls Upload and Run again.
// Keep the total enqueued tokens of the workers that share a model under
// its limit, by giving each a share of it. Collect the failures of each job
// and retry them as a small job of their own, or through the direct runner
// when they are few.
package batch
