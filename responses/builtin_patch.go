package responses

import (
	"context"
	"os"

	"github.com/respkit/respkit/patch"
)

// ApplyPatchIn returns the handler of the apply_patch tool ([ApplyPatch])
// that applies each call's operation to the files of root with
// [patch.ApplyOperation]: all of it or nothing, and never outside root. A
// completed call is answered with the files changed, as Codex answers it
// ("Success. Updated the following files:" then "A path", "M path" or
// "D path"); a failed one with the *[patch.Error], which says what did not
// match and where. The calls of a turn are applied one at a time, in call
// order.
//
// ApplyPatchIn panics if root is nil.
func ApplyPatchIn(root *os.Root) Handler {
	if root == nil {
		panic("responses: ApplyPatchIn called with a nil root")
	}
	return ApplyPatchFunc(func(_ context.Context, op patch.Operation) (string, error) {
		res, err := patch.ApplyOperation(root, op)
		if err != nil {
			return "", err
		}
		return "Success. Updated the following files:\n" + res.String(), nil
	})
}

// ApplyPatchFunc returns the handler of the apply_patch tool ([ApplyPatch])
// that applies each call's operation ([ApplyPatchOperation.Patch]) with
// apply, for a program that keeps its files elsewhere than in a folder, or
// reviews the changes first. The
// text apply returns is sent back as the output of the completed call; an
// error, which should tell the model what did not match (as a *patch.Error
// does), as the output of a failed call. The calls of a turn are applied
// one at a time, in call order.
//
// ApplyPatchFunc panics if apply is nil.
func ApplyPatchFunc(apply func(ctx context.Context, op patch.Operation) (string, error)) Handler {
	if apply == nil {
		panic("responses: ApplyPatchFunc called with a nil function")
	}
	return &patchHandler{apply: apply}
}

type patchHandler struct {
	apply func(context.Context, patch.Operation) (string, error)
}

func (*patchHandler) Tool() Tool { return ApplyPatch() }
func (*patchHandler) inOrder()   {}

func (h *patchHandler) Call(ctx context.Context, call Item) (Item, error) {
	c, err := callAs[*ApplyPatchCall](call, "apply_patch")
	if err != nil {
		return nil, err
	}
	log, err := h.apply(ctx, c.Operation.Patch())
	if err != nil {
		return nil, err
	}
	return &ApplyPatchCallOutput{CallID: c.CallID, Status: StatusCompleted, Output: log, Caller: programCaller(c.Caller)}, nil
}
