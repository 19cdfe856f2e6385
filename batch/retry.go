package batch

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/respkit/respkit/internal/wire"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/schema"
	"github.com/tidwall/gjson"
)

// RetryRequests returns the requests to send again for the results failed,
// which came from [Results] of job: for a result whose output did not
// decode (a [*schema.DecodeError]), the request that re-asks the model with
// what was wrong, as [responses.Parse] does (see [responses.Reask]); for any
// other, the request as it was sent. The requests are read back from the
// input files of the shards the failures belong to; only those of failed
// are kept in memory. Feed them to [Service.Submit] for a new job, or to a
// direct runner.
func RetryRequests[T any](ctx context.Context, s *Service, job *Job, failed []Result[T]) (iter.Seq2[string, *responses.Request], error) {
	byShard := map[int]map[string]int{}
	for i, r := range failed {
		if r.Shard < 0 || r.Shard >= len(job.Shards) {
			return nil, fmt.Errorf("batch: result %q is of shard %d, not one of the job's %d", r.CustomID, r.Shard, len(job.Shards))
		}
		if byShard[r.Shard] == nil {
			byShard[r.Shard] = map[string]int{}
		}
		byShard[r.Shard][r.CustomID] = i
	}
	reqs := make([]*responses.Request, len(failed))
	for shard, ids := range byShard {
		err := s.readFile(ctx, job.Shards[shard].InputFileID, func(line []byte) error {
			l := unsafeString(line)
			id := gjson.Get(l, "custom_id")
			i, ok := ids[id.Str]
			if !ok {
				return nil
			}
			body := gjson.Get(l, "body")
			req := new(responses.Request)
			if err := wire.Unmarshal(line[body.Index:body.Index+len(body.Raw)], req); err != nil {
				return fmt.Errorf("request %q: %w", id.Str, err)
			}
			r := failed[i]
			if de, ok := errors.AsType[*schema.DecodeError](r.Err); ok && r.Response != nil {
				var err error
				if req, err = responses.Reask(req, r.Response, de); err != nil {
					return err
				}
			}
			reqs[i] = req
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("batch: read the requests of shard %d: %w", shard, err)
		}
	}
	var missing []string
	for i, r := range reqs {
		if r == nil {
			missing = append(missing, failed[i].CustomID)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("batch: custom ids not in their shard's input file: %s", strings.Join(missing, ", "))
	}
	return func(yield func(string, *responses.Request) bool) {
		for i, r := range reqs {
			if !yield(failed[i].CustomID, r) {
				return
			}
		}
	}, nil
}

// Retry submits the requests of [RetryRequests] as a new job (see
// [Service.Submit]).
func Retry[T any](ctx context.Context, s *Service, job *Job, failed []Result[T], opts *Options, ropts *RunOptions) (*Job, error) {
	src, err := RetryRequests(ctx, s, job, failed)
	if err != nil {
		return nil, err
	}
	return s.Submit(ctx, src, opts, ropts)
}
