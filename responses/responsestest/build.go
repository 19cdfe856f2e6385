package responsestest

import (
	"encoding/json"

	"github.com/respkit/respkit/internal/wire"
	"github.com/respkit/respkit/responses"
)

// build makes the response the API would return for req and reply: ids,
// statuses, usage, and the request's settings echoed back.
func (s *Server) build(req *responses.Request, reply Reply) *responses.Response {
	now := s.now().Unix()
	r := &responses.Response{
		ID:                 s.newID("resp"),
		Object:             "response",
		CreatedAt:          now,
		Status:             reply.Status,
		Model:              req.Model,
		Output:             s.fill(reply.Output),
		PreviousResponseID: req.PreviousResponseID,
		Conversation:       req.Conversation,
		Background:         req.Background,
		Store:              req.Store == nil || *req.Store,
		Metadata:           req.Metadata,
		Tools:              req.Tools,
		ToolChoice:         req.ToolChoice,
		ParallelToolCalls:  req.ParallelToolCalls == nil || *req.ParallelToolCalls,
		MaxToolCalls:       req.MaxToolCalls,
		Text:               req.Text,
		Reasoning:          req.Reasoning,
		MaxOutputTokens:    req.MaxOutputTokens,
		Temperature:        req.Temperature,
		TopP:               req.TopP,
		TopLogprobs:        req.TopLogprobs,
		Truncation:         req.Truncation,
		Prompt:             req.Prompt,
		PromptCacheKey:     req.PromptCacheKey,
		ServiceTier:        req.ServiceTier,
		SafetyIdentifier:   req.SafetyIdentifier,
		User:               req.User,
		Error:              reply.Failure,
	}
	if r.Status == "" {
		r.Status = responses.StatusCompleted
	}
	if r.Status == responses.StatusCompleted {
		r.CompletedAt = now
	}
	if reply.IncompleteReason != "" {
		r.IncompleteDetails = &responses.IncompleteDetails{Reason: reply.IncompleteReason}
	}
	if req.Instructions != "" {
		r.Instructions = responses.Text(req.Instructions)
	}
	// The defaults the API reports when the request left them out.
	if r.Metadata == nil {
		r.Metadata = map[string]string{}
	}
	if r.Tools == nil {
		r.Tools = []responses.Tool{}
	}
	if r.ToolChoice == nil {
		r.ToolChoice = responses.ToolChoiceAuto
	}
	if r.Text.Format == nil {
		r.Text.Format = &responses.FormatText{}
	}
	if r.Temperature == nil {
		r.Temperature = new(1.0)
	}
	if r.TopP == nil {
		r.TopP = new(1.0)
	}
	if r.Truncation == "" {
		r.Truncation = "disabled"
	}
	if r.ServiceTier == "" || r.ServiceTier == "auto" {
		r.ServiceTier = "default"
	}
	in := estimateTokens(req)
	out := 0
	for _, it := range r.Output {
		out += tokens(itemText(it))
	}
	r.Usage = &responses.Usage{InputTokens: in, OutputTokens: out, TotalTokens: in + out}
	wire.SetPresent(r.Usage, "input_tokens_details", "output_tokens_details")
	wire.SetPresent(r, "background", "store", "parallel_tool_calls", "top_logprobs", "max_output_tokens", "output")
	if r.Output == nil {
		r.Output = []responses.Item{}
	}
	return r
}

// fill gives the output items the ids and statuses the API gives them.
func (s *Server) fill(items []responses.Item) []responses.Item {
	out := make([]responses.Item, 0, len(items))
	for _, it := range items {
		switch it := it.(type) {
		case *responses.Message:
			m := *it
			s.id(&m.ID, "msg")
			orDefault(&m.Type, "message")
			orDefault(&m.Role, responses.RoleAssistant)
			orDefault(&m.Status, responses.StatusCompleted)
			out = append(out, &m)
		case *responses.FunctionCall:
			c := *it
			s.id(&c.ID, "fc")
			s.id(&c.CallID, "call")
			orDefault(&c.Status, responses.StatusCompleted)
			out = append(out, &c)
		case *responses.ApplyPatchCall:
			c := *it
			s.id(&c.ID, "apc")
			s.id(&c.CallID, "call")
			orDefault(&c.Status, responses.StatusCompleted)
			out = append(out, &c)
		case *responses.ReasoningItem:
			r := *it
			s.id(&r.ID, "rs")
			if r.Summary == nil {
				r.Summary = []responses.Part{}
			}
			out = append(out, &r)
		default:
			out = append(out, it)
		}
	}
	return out
}

// withIDs returns the input items as the API lists them: every item with an
// id.
func (s *Server) withIDs(items []responses.Item) []responses.Item {
	out := make([]responses.Item, 0, len(items))
	for _, it := range items {
		switch it := it.(type) {
		case *responses.Message:
			m := *it
			s.id(&m.ID, "msg")
			m.Type = "message"
			orDefault(&m.Status, responses.StatusCompleted)
			out = append(out, &m)
		case *responses.FunctionCallOutput:
			o := *it
			s.id(&o.ID, "fco")
			out = append(out, &o)
		default:
			out = append(out, it)
		}
	}
	return out
}

// id gives *p a new id with the prefix, if it has none.
func (s *Server) id(p *string, prefix string) {
	if *p == "" {
		*p = s.newID(prefix)
	}
}

// orDefault sets *p to v if it is empty.
func orDefault(p *string, v string) {
	if *p == "" {
		*p = v
	}
}

// estimateTokens counts about a token per four bytes of the request's text.
func estimateTokens(req *responses.Request) int {
	n := tokens(req.Instructions)
	for _, it := range req.Input {
		n += tokens(itemText(it)) + 4
	}
	if len(req.Tools) > 0 {
		b, _ := json.Marshal(req.Tools)
		n += tokens(string(b))
	}
	return n
}

func tokens(s string) int { return (len(s) + 3) / 4 }

func itemText(it responses.Item) string {
	switch it := it.(type) {
	case *responses.Message:
		return it.Text() + it.Refusal()
	case *responses.FunctionCall:
		return it.Name + it.Arguments
	case *responses.FunctionCallOutput:
		return it.Output.Text()
	}
	b, _ := json.Marshal(it)
	return string(b)
}
