package responses

import "context"

// ApplyPatchFunc returns the handler of the apply_patch tool ([ApplyPatch])
// that applies each call's operation with apply. The text apply returns is
// sent back as the output of the completed call; an error, which should
// tell the model what did not match (as a *patch.Error does), is sent back
// as the output of a failed call. apply may be called concurrently for the
// calls of one turn.
//
// ApplyPatchFunc panics if apply is nil.
func ApplyPatchFunc(apply func(ctx context.Context, op ApplyPatchOperation) (string, error)) Handler {
	if apply == nil {
		panic("responses: ApplyPatchFunc called with a nil function")
	}
	return patchHandler(apply)
}

type patchHandler func(context.Context, ApplyPatchOperation) (string, error)

func (patchHandler) Tool() Tool { return ApplyPatch() }

func (h patchHandler) Call(ctx context.Context, call Item) (Item, error) {
	c, err := callAs[*ApplyPatchCall](call, "apply_patch")
	if err != nil {
		return nil, err
	}
	log, err := h(ctx, c.Operation)
	if err != nil {
		return nil, err
	}
	return &ApplyPatchCallOutput{CallID: c.CallID, Status: "completed", Output: log, Caller: programCaller(c.Caller)}, nil
}
