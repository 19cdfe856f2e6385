package responsestest

import (
	"encoding/json"

	"github.com/respkit/respkit/responses"
)

// blank is a response as the API writes it before the request's settings
// are echoed: every member the API always sends, null where it sends null,
// with its defaults. build decodes it into each response and then sets
// members over it: a member set in Go is written with its value, one left
// zero keeps the null or the default of blank. "billing", which
// [responses.Response] has no field for, is kept as a member it does not
// know.
const blank = `{
	"background": false,
	"billing": {"payer": "developer"},
	"completed_at": null,
	"error": null,
	"frequency_penalty": 0.0,
	"incomplete_details": null,
	"instructions": null,
	"max_output_tokens": null,
	"max_tool_calls": null,
	"metadata": {},
	"moderation": null,
	"output": [],
	"parallel_tool_calls": true,
	"presence_penalty": 0.0,
	"previous_response_id": null,
	"prompt_cache_key": null,
	"prompt_cache_retention": "in_memory",
	"reasoning": {"effort": null, "summary": null},
	"safety_identifier": null,
	"service_tier": "default",
	"store": true,
	"temperature": 1.0,
	"text": {"format": {"type": "text"}, "verbosity": "medium"},
	"tool_choice": "auto",
	"tool_usage": {
		"image_gen": {
			"input_tokens": 0,
			"input_tokens_details": {"image_tokens": 0, "text_tokens": 0},
			"output_tokens": 0,
			"output_tokens_details": {"image_tokens": 0, "text_tokens": 0},
			"total_tokens": 0
		},
		"web_search": {"num_requests": 0}
	},
	"tools": [],
	"top_logprobs": 0,
	"top_p": 1.0,
	"truncation": "disabled",
	"usage": null,
	"user": null
}`

// blankUsage is the usage of a response before its counts are set: the
// details the API always sends, with zero counts.
const blankUsage = `{
	"input_tokens": 0,
	"input_tokens_details": {"cache_write_tokens": 0, "cached_tokens": 0},
	"output_tokens": 0,
	"output_tokens_details": {"reasoning_tokens": 0},
	"total_tokens": 0
}`

// build makes the response the API would return for req and reply: ids,
// statuses, usage, and the request's settings echoed back, with every
// member the API sends, null or not.
func (s *Server) build(req *responses.Request, reply Reply) *responses.Response {
	now := s.now().Unix()
	r := new(responses.Response)
	if err := json.Unmarshal([]byte(blank), r); err != nil {
		panic("responsestest: blank response: " + err.Error())
	}
	r.ID = s.newID("resp")
	r.Object = "response"
	r.CreatedAt = now
	r.Status = reply.Status
	r.Model = req.Model
	r.Output = s.fill(reply.Output)
	r.PreviousResponseID = req.PreviousResponseID
	r.Conversation = req.Conversation
	r.Background = req.Background
	r.Store = req.Store == nil || *req.Store
	r.ParallelToolCalls = req.ParallelToolCalls == nil || *req.ParallelToolCalls
	r.MaxToolCalls = req.MaxToolCalls
	r.MaxOutputTokens = req.MaxOutputTokens
	r.TopLogprobs = req.TopLogprobs
	r.Prompt = req.Prompt
	r.PromptCacheKey = req.PromptCacheKey
	r.PromptCacheOptions = req.PromptCacheOptions
	r.SafetyIdentifier = req.SafetyIdentifier
	r.User = req.User
	r.Error = reply.Failure
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
	// The request's settings replace the defaults of blank.
	if req.Metadata != nil {
		r.Metadata = req.Metadata
	}
	if req.Tools != nil {
		r.Tools = req.Tools
	}
	if req.ToolChoice != nil {
		r.ToolChoice = req.ToolChoice
	}
	if req.Text.Format != nil {
		r.Text.Format = req.Text.Format
	}
	if req.Text.Verbosity != "" {
		r.Text.Verbosity = req.Text.Verbosity
	}
	if v := req.Reasoning; v != nil {
		set(&r.Reasoning.Effort, v.Effort)
		set(&r.Reasoning.Mode, v.Mode)
		set(&r.Reasoning.Context, v.Context)
		set(&r.Reasoning.Summary, v.Summary)
		set(&r.Reasoning.GenerateSummary, v.GenerateSummary)
	}
	if req.Temperature != nil {
		r.Temperature = req.Temperature
	}
	if req.TopP != nil {
		r.TopP = req.TopP
	}
	set(&r.Truncation, req.Truncation)
	set(&r.PromptCacheRetention, req.PromptCacheRetention)
	if req.ServiceTier != "" && req.ServiceTier != responses.ServiceTierAuto {
		r.ServiceTier = req.ServiceTier
	}
	in := estimateTokens(req)
	out := 0
	for _, it := range r.Output {
		out += tokens(itemText(it))
	}
	r.Usage = new(responses.Usage)
	if err := json.Unmarshal([]byte(blankUsage), r.Usage); err != nil {
		panic("responsestest: blank usage: " + err.Error())
	}
	r.Usage.InputTokens, r.Usage.OutputTokens, r.Usage.TotalTokens = in, out, in+out
	if r.Output == nil {
		r.Output = []responses.Item{}
	}
	return r
}

// set sets *p to v, unless v is empty.
func set[S ~string](p *S, v S) {
	if v != "" {
		*p = v
	}
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
			m.Content = outputParts(m.Content)
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

// outputParts returns copies of the parts of an output message, each text
// with the annotations and logprobs lists the API always sends.
func outputParts(c responses.Content) responses.Content {
	out := make(responses.Content, 0, len(c))
	for _, p := range c {
		if t, ok := p.(*responses.OutputText); ok {
			cp := *t
			if cp.Annotations == nil {
				cp.Annotations = []responses.Annotation{}
			}
			if cp.Logprobs == nil {
				cp.Logprobs = []responses.Logprob{}
			}
			p = &cp
		}
		out = append(out, p)
	}
	return out
}

// withIDs returns the input items as the API lists them: every item with an
// id and a status, and the content of messages as a list of typed parts,
// never a plain string.
func (s *Server) withIDs(items []responses.Item) []responses.Item {
	out := make([]responses.Item, 0, len(items))
	for _, it := range items {
		switch it := it.(type) {
		case *responses.Message:
			m := *it
			s.id(&m.ID, "msg")
			m.Type = "message"
			orDefault(&m.Role, responses.RoleUser)
			orDefault(&m.Status, responses.StatusCompleted)
			m.Content = inputParts(m.Role, m.Content)
			out = append(out, &m)
		case *responses.FunctionCall:
			c := *it
			s.id(&c.ID, "fc")
			orDefault(&c.Status, responses.StatusCompleted)
			out = append(out, &c)
		case *responses.FunctionCallOutput:
			o := *it
			s.id(&o.ID, "fco")
			orDefault(&o.Status, responses.StatusCompleted)
			out = append(out, &o)
		default:
			out = append(out, it)
		}
	}
	return out
}

// inputParts returns the content of an input message as a list of typed
// parts: text given as a plain string becomes an input_text part, or an
// output_text part in an assistant's message.
func inputParts(role responses.Role, c responses.Content) responses.Content {
	out := make(responses.Content, 0, len(c))
	for _, p := range c {
		if t, ok := p.(*responses.InputText); ok {
			// A new part, since a copy would keep the mark of the string
			// form.
			if role == responses.RoleAssistant {
				p = &responses.OutputText{Text: t.Text, Annotations: []responses.Annotation{}, Logprobs: []responses.Logprob{}}
			} else {
				p = &responses.InputText{Text: t.Text, CacheBreakpoint: t.CacheBreakpoint}
			}
		}
		out = append(out, p)
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
func orDefault[S ~string](p *S, v S) {
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
