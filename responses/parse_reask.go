package responses

import (
	"errors"
	"fmt"
	"slices"

	"github.com/respkit/respkit/schema"
)

// parse is the state of one call of Parse or StreamParse across its
// attempts.
type parse struct {
	cfg      parseConfig
	req      *Request // the request of the next attempt
	attempts []*Response
	usage    Usage
}

// record notes a response received.
func (p *parse) record(resp *Response) {
	p.attempts = append(p.attempts, resp)
	p.usage.Add(resp.Usage)
	if p.cfg.usage != nil {
		p.cfg.usage.Add(resp.Usage)
	}
	if p.cfg.attempts != nil {
		*p.cfg.attempts = append(*p.cfg.attempts, resp)
	}
}

// last returns the last response received, or nil.
func (p *parse) last() *Response {
	if len(p.attempts) == 0 {
		return nil
	}
	return p.attempts[len(p.attempts)-1]
}

// fail returns err as Parse returns it: as it is before any response came
// back, and in a *ParseError after.
func (p *parse) fail(err error) error {
	if len(p.attempts) == 0 {
		return err
	}
	return &ParseError{Response: p.last(), Attempts: p.attempts, Usage: p.usage, Err: err}
}

// retry reports whether the decoding error err of resp, the last response,
// is worth another attempt, and if so makes the request that re-asks.
func (p *parse) retry(resp *Response, err error) bool {
	de, ok := errors.AsType[*schema.DecodeError](err)
	if !ok || len(p.attempts) >= p.cfg.maxAttempts {
		return false
	}
	p.req = reask(p.req, resp, de)
	return true
}

// reask returns the request that follows req, whose response resp did not
// decode, with a message that says what was wrong. req is not modified.
func reask(req *Request, resp *Response, de *schema.DecodeError) *Request {
	r := *req
	msg := UserMessage(reaskMessage(de))
	switch {
	case r.Conversation != nil:
		r.Input = Input{msg}
	case resp.Store && resp.ID != "":
		r.PreviousResponseID = resp.ID
		r.Input = Input{msg}
	default:
		// Nothing was stored, so nothing may refer to the server's state:
		// the items go without their ids, and reasoning items without
		// their encrypted content are only such a reference.
		in := slices.Clone(req.Input)
		for _, it := range resp.ToInput() {
			if ri, ok := it.(*ReasoningItem); ok && ri.EncryptedContent == "" {
				continue
			}
			in = append(in, without(it, "id"))
		}
		r.Input = append(in, msg)
	}
	return &r
}

// reaskMessage tells the model what was wrong with its answer, as precisely
// as the decoder can say it.
func reaskMessage(de *schema.DecodeError) string {
	return fmt.Sprintf("Your last answer was rejected: at %s: %v. Answer again with the whole JSON document, corrected.", de.Path, de.Err)
}
