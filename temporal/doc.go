// Package temporal runs respkit tool loops as Temporal workflows, so that a
// run survives the crash of any process, waits days for a person's
// approval, and retries model calls as Temporal retries activities.
//
// An [Agent] ties a [responses.Loop] to Temporal. Its workflow, [Agent.Run],
// drives the loop step by step ([responses.Loop.NextRequest] and the steps
// after it) on a [responses.RunState] that is the workflow's state: each
// model call is the activity [Agent.CreateResponse] and each tool call the
// activity [Agent.CallTool], so that a worker that dies between a tool call
// and the next model call resumes, on any worker, without running the tool
// again. A call whose approval waits ([responses.ErrPending] from the
// loop's Approve hook) waits for a [Decision] sent as the signal
// [DecisionSignal]; the query [StateQuery] returns the run's state.
//
//	agent := &temporal.Agent{Loop: &responses.Loop{Service: rs, Tools: tools, Approve: approve}}
//	w := worker.New(c, "agents", worker.Options{})
//	agent.Register(w)
//	...
//	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{TaskQueue: "agents"},
//		temporal.WorkflowName, temporal.RunInput{Request: req})
//
// The workflow's code is the loop's steps, which do no I/O: the loop's
// Approve and Stop hooks run inside the workflow and must be deterministic
// (decide from the call, not from a clock or a database), and its
// Checkpoint hook must be nil. The handlers run inside the CallTool
// activity, where they may do anything.
//
// Model calls run with respkit's own retries off: a failed call fails the
// activity, and Temporal retries it, after the wait the API asked for
// (retry-after) when it asked for one; errors that retrying does not cure
// (a bad request, a refused key) are not retried. A tool's failure is not
// an activity failure: the loop answers the model with the error, as it
// does outside Temporal.
//
// Temporal limits the size of a workflow's payloads (2 MB by default), and
// a run's payloads grow with it: long answers, documents, and requests that
// repeat the whole conversation (Store false). [ClaimCheck] is a payload
// codec that keeps the payloads over a size in a [BlobStore] of yours (an
// object store, a table) and only their keys in the workflow's history;
// stored responses (the default), whose requests carry only the new tool
// outputs, keep the requests small.
package temporal
