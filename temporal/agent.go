package temporal

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"go.temporal.io/sdk/activity"
	sdk "go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
)

// The names the agent registers and answers to.
const (
	// WorkflowName is the name of the workflow [Agent.Run].
	WorkflowName = "respkit.Run"
	// CreateResponseActivity is the name of the activity [Agent.CreateResponse].
	CreateResponseActivity = "respkit.CreateResponse"
	// CallToolActivity is the name of the activity [Agent.CallTool].
	CallToolActivity = "respkit.CallTool"
	// DecisionSignal is the name of the signal that carries a [Decision].
	DecisionSignal = "respkit.decision"
	// StateQuery is the name of the query that returns the run's
	// [responses.RunState].
	StateQuery = "respkit.state"
)

// Agent runs the tool loop of Loop as a Temporal workflow. Register it on
// the workers of a task queue with [Agent.Register]; start runs of
// [WorkflowName] with a [RunInput].
type Agent struct {
	// Loop is the loop to run: its Service sends the model calls (from the
	// CreateResponse activity), its handlers answer the tool calls (from
	// the CallTool activity), and its hooks Approve and Stop run in the
	// workflow and must be deterministic. Its Checkpoint must be nil: the
	// workflow's history is the checkpoint.
	Loop *responses.Loop
	// ModelCall and ToolCall are the options of the activities of the
	// model calls and of the tool calls. A zero StartToCloseTimeout is 10
	// minutes; a nil RetryPolicy is Temporal's default (retries without
	// end, from one second doubling to 100 seconds).
	ModelCall, ToolCall workflow.ActivityOptions
}

// RunInput is the input of the workflow: the request of a new run, or the
// state of a run to go on with (a [responses.RunState] saved outside
// Temporal, say).
type RunInput struct {
	Request *responses.Request  `json:"request,omitempty"`
	State   *responses.RunState `json:"state,omitempty"`
}

// Decision decides a call that waits for a person: send it as the signal
// [DecisionSignal]. A decision for a call that does not wait is ignored.
type Decision struct {
	CallID  string `json:"call_id"`
	Approve bool   `json:"approve"`
	// Reason, for a denial, is what the model is told ("denied: " and
	// Reason).
	Reason string `json:"reason,omitempty"`
}

// Register registers the workflow and the activities of the agent on w.
func (a *Agent) Register(w worker.Registry) {
	w.RegisterWorkflowWithOptions(a.Run, workflow.RegisterOptions{Name: WorkflowName})
	w.RegisterActivityWithOptions(a.CreateResponse, activity.RegisterOptions{Name: CreateResponseActivity})
	w.RegisterActivityWithOptions(a.CallTool, activity.RegisterOptions{Name: CallToolActivity})
}

func options(o workflow.ActivityOptions) workflow.ActivityOptions {
	if o.StartToCloseTimeout == 0 && o.ScheduleToCloseTimeout == 0 {
		o.StartToCloseTimeout = 10 * time.Minute
	}
	return o
}

// Run is the workflow: it runs the loop's steps on the run's state, each
// model call and each tool call an activity, until the model answers
// without calling a tool; it returns the transcript. Calls that wait for a
// decision wait for [DecisionSignal]; [StateQuery] returns the state.
func (a *Agent) Run(ctx workflow.Context, in RunInput) (*responses.Transcript, error) {
	if a.Loop == nil {
		return nil, errors.New("temporal: Agent.Loop is nil")
	}
	loop := a.Loop
	if loop.Checkpoint != nil {
		return nil, errors.New("temporal: Agent.Loop.Checkpoint must be nil: the workflow's history is the checkpoint")
	}
	s := in.State
	if s == nil {
		if in.Request == nil {
			return nil, errors.New("temporal: the workflow's input has neither a request nor a state")
		}
		s = responses.NewRunState(in.Request)
	}
	if err := workflow.SetQueryHandler(ctx, StateQuery, func() (*responses.RunState, error) { return s, nil }); err != nil {
		return nil, err
	}
	decisions := workflow.GetSignalChannel(ctx, DecisionSignal)
	mctx := workflow.WithActivityOptions(ctx, options(a.ModelCall))
	tctx := workflow.WithActivityOptions(ctx, options(a.ToolCall))
	log := workflow.GetLogger(ctx)
	for !s.Done {
		if len(s.Calls) == 0 {
			req, err := loop.NextRequest(s)
			if err != nil {
				return s.Transcript, err
			}
			var resp responses.Response
			if err := workflow.ExecuteActivity(mctx, CreateResponseActivity, req).Get(ctx, &resp); err != nil {
				return s.Transcript, err
			}
			if err := loop.RecordResponse(s, req, &resp); err != nil {
				return s.Transcript, err
			}
			if s.Done {
				break
			}
		}
		calls, err := loop.StartCalls(context.Background(), s)
		if _, ok := errors.AsType[*responses.PausedError](err); ok {
			var d Decision
			decisions.Receive(ctx, &d)
			if err := decide(s, d); err != nil {
				log.Warn("decision ignored", "call_id", d.CallID, "error", err.Error())
			}
			continue
		}
		if err != nil {
			return s.Transcript, err
		}
		futures := make([]workflow.Future, len(calls))
		for i, c := range calls {
			futures[i] = workflow.ExecuteActivity(tctx, CallToolActivity, c)
		}
		for i, c := range calls {
			var res ToolResult
			err := futures[i].Get(ctx, &res)
			var out responses.Item
			if len(res.Output) == 1 {
				out = res.Output[0]
			}
			if err == nil && out == nil {
				err = errors.New("the tool call's activity returned no output")
			}
			if err := loop.FinishCall(s, c.CallID, out, err); err != nil {
				return s.Transcript, err
			}
		}
		if err := loop.EndTurn(s); err != nil {
			return s.Transcript, err
		}
	}
	return s.Transcript, nil
}

// decide records d on s.
func decide(s *responses.RunState, d Decision) error {
	if d.Approve {
		return s.Approve(d.CallID)
	}
	reason := d.Reason
	if reason == "" {
		reason = "the call was not approved"
	}
	return s.Deny(d.CallID, reason)
}

// CreateResponse is the activity of a model call: it sends req with the
// loop's Service, respkit's retries off, and returns the response. An
// error that retrying may cure (a rate limit, a server error, a timeout, a
// broken connection) fails the activity for Temporal to retry, after the
// wait the API asked for if it asked for one; other API errors (a bad
// request, a refused key, an exhausted quota) fail it for good.
func (a *Agent) CreateResponse(ctx context.Context, req *responses.Request) (*responses.Response, error) {
	if a.Loop == nil || a.Loop.Service == nil {
		return nil, sdk.NewNonRetryableApplicationError("temporal: Agent.Loop.Service is nil", "respkit.config", nil)
	}
	resp, err := a.Loop.Service.Create(ctx, req, client.WithMaxRetries(0))
	if err != nil {
		return nil, activityError(err)
	}
	return resp, nil
}

// activityError turns an error of a model call into the activity's error.
func activityError(err error) error {
	var api *client.APIError
	if !errors.As(err, &api) {
		return err // a transport error: retry
	}
	retry := api.StatusCode == http.StatusRequestTimeout || api.StatusCode == http.StatusConflict ||
		api.StatusCode == http.StatusTooManyRequests || api.StatusCode >= 500
	if errors.Is(api, client.ErrQuotaExceeded) {
		retry = false
	}
	return sdk.NewApplicationErrorWithOptions(api.Error(), fmt.Sprintf("openai.%d", api.StatusCode), sdk.ApplicationErrorOptions{
		NonRetryable:   !retry,
		NextRetryDelay: api.RetryAfter,
		Cause:          err,
	})
}

// ToolResult is the result of the activity [Agent.CallTool]: the output
// that answers the call, as a one-item input (which decodes from JSON into
// its item type).
type ToolResult struct {
	Output responses.Input `json:"output"`
}

// CallTool is the activity of a tool call: it runs the loop's handler of
// call and returns the output that answers it, the handler's own or, when
// the handler fails, the output that tells the model what went wrong, as
// the loop answers it. It fails only when the loop's OnToolError hook ends
// the run; Temporal does not retry that.
func (a *Agent) CallTool(ctx context.Context, call *responses.ToolCall) (ToolResult, error) {
	if a.Loop == nil {
		return ToolResult{}, sdk.NewNonRetryableApplicationError("temporal: Agent.Loop is nil", "respkit.config", nil)
	}
	out, err := a.Loop.CallTool(ctx, call)
	if err != nil {
		if ctx.Err() != nil {
			return ToolResult{}, ctx.Err() // the worker stops or the activity timed out: retry
		}
		// A failed call: answer it as the loop does.
		s := &responses.RunState{Calls: []*responses.CallState{{Call: call, Status: responses.CallStarted}}}
		if ferr := a.Loop.FinishCall(s, call.CallID, nil, err); ferr != nil {
			return ToolResult{}, sdk.NewNonRetryableApplicationError(ferr.Error(), "respkit.tool", ferr)
		}
		out = s.Calls[0].Output
	}
	return ToolResult{Output: responses.Input{out}}, nil
}
