package responses

import (
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/respkit/respkit/internal/wire"
)

// A request carries secrets of its own: the Authorization and Headers of an
// [MCPTool] and the values of the [DomainSecret]s of a container's
// [NetworkPolicy]. The JSON encoding, which the API needs, keeps them; every
// other way out of the program leaves them out:
//
//   - printing with fmt: the Format methods below;
//   - logging with log/slog: the LogValue methods of [Request] and
//     [Response], and of the tools and parts of tools that hold secrets
//     when they are logged on their own;
//   - errors and the client's log lines: the service lists them in
//     [client.Request.Secrets], and the client scrubs them in every form a
//     server may echo them.

// redacted replaces a secret when a value is printed.
const redacted = "[redacted]"

// Format prints t as fmt prints a struct, with Authorization and the values
// of Headers redacted, so that printing a request does not leak them. The
// JSON encoding, which the API needs, keeps them.
func (t MCPTool) Format(f fmt.State, verb rune) {
	r := t.redacted()
	wire.Format(f, verb, &r)
}

// redacted returns t with Authorization and the values of Headers redacted.
func (t MCPTool) redacted() MCPTool {
	if t.Authorization != "" {
		t.Authorization = redacted
	}
	if t.Headers != nil {
		h := make(map[string]string, len(t.Headers))
		for k := range t.Headers {
			h[k] = redacted
		}
		t.Headers = h
	}
	return t
}

// Format prints s as fmt prints a struct, with Value redacted, so that
// printing a request does not leak it. The JSON encoding, which the API
// needs, keeps it.
func (s DomainSecret) Format(f fmt.State, verb rune) {
	r := s.redacted()
	wire.Format(f, verb, &r)
}

// redacted returns s with its Value redacted.
func (s DomainSecret) redacted() DomainSecret {
	if s.Value != "" {
		s.Value = redacted
	}
	return s
}

// Format prints p as fmt prints a struct, with the values of its
// DomainSecrets redacted (see [DomainSecret.Format]), also where fmt would
// print the secrets without asking them, as for a verb it does not apply
// to pointers.
func (p NetworkPolicy) Format(f fmt.State, verb rune) {
	r := p.redacted()
	wire.Format(f, verb, &r)
}

// redacted returns p with the values of its DomainSecrets redacted.
func (p NetworkPolicy) redacted() NetworkPolicy {
	if p.DomainSecrets != nil {
		s := make([]DomainSecret, len(p.DomainSecrets))
		for i, d := range p.DomainSecrets {
			s[i] = d.redacted()
		}
		p.DomainSecrets = s
	}
	return p
}

// LogValue implements [slog.LogValuer]: a request logs as its JSON (with
// slog's JSON handler) or as fmt prints it (with the text handler), with
// its secrets redacted. r is not modified.
func (r Request) LogValue() slog.Value {
	r.Tools = redactTools(r.Tools)
	return slog.AnyValue(logged{&r})
}

// LogValue implements [slog.LogValuer]: a response logs as a [Request]
// does, with the secrets of the tools it echoes redacted.
func (r Response) LogValue() slog.Value {
	r.Tools = redactTools(r.Tools)
	return slog.AnyValue(logged{&r})
}

// LogValue implements [slog.LogValuer]: the tool logs as its JSON (with
// slog's JSON handler) or as fmt prints it (with the text handler), with
// Authorization and the values of Headers redacted. t is not modified.
func (t MCPTool) LogValue() slog.Value {
	cp := t.redacted()
	return slog.AnyValue(logged{&cp})
}

// LogValue implements [slog.LogValuer]: the secret logs as an
// [MCPTool] does, with its Value redacted.
func (s DomainSecret) LogValue() slog.Value {
	cp := s.redacted()
	return slog.AnyValue(logged{&cp})
}

// LogValue implements [slog.LogValuer]: the policy logs as an [MCPTool]
// does, with the values of its DomainSecrets redacted.
func (p NetworkPolicy) LogValue() slog.Value {
	cp := p.redacted()
	return slog.AnyValue(logged{&cp})
}

// LogValue implements [slog.LogValuer]: the container logs as an
// [MCPTool] does, with the values of its domain secrets redacted.
func (c ContainerAuto) LogValue() slog.Value {
	return slog.AnyValue(logged{redactContainer(&c)})
}

// LogValue implements [slog.LogValuer]: the tool logs as an [MCPTool]
// does, with the values of its container's domain secrets redacted.
func (t ShellTool) LogValue() slog.Value {
	if env, ok := t.Environment.(*ContainerAuto); ok {
		t.Environment = redactContainer(env)
	}
	return slog.AnyValue(logged{&t})
}

// LogValue implements [slog.LogValuer]: the tool logs as an [MCPTool]
// does, with the values of its container's domain secrets redacted.
func (t CodeInterpreterTool) LogValue() slog.Value {
	if c, ok := t.Container.(*ContainerAuto); ok {
		t.Container = redactContainer(c)
	}
	return slog.AnyValue(logged{&t})
}

// logged is what a request, a response, a tool or a part of one logs as: a
// redacted copy, whose JSON is the API's and whose text is fmt's.
type logged struct{ v json.Marshaler }

func (l logged) MarshalJSON() ([]byte, error) { return l.v.MarshalJSON() }
func (l logged) String() string               { return fmt.Sprintf("%+v", l.v) }

// redactTools returns tools with their secrets redacted: tools itself if
// it holds none, a copy otherwise.
func redactTools(tools []Tool) []Tool {
	if toolSecrets(nil, tools) == nil {
		return tools
	}
	out := make([]Tool, len(tools))
	for i, t := range tools {
		switch t := t.(type) {
		case *MCPTool:
			if t != nil {
				cp := t.redacted()
				out[i] = &cp
				continue
			}
		case *ShellTool:
			if t != nil {
				if env, ok := t.Environment.(*ContainerAuto); ok {
					cp := *t
					cp.Environment = redactContainer(env)
					out[i] = &cp
					continue
				}
			}
		case *CodeInterpreterTool:
			if t != nil {
				if c, ok := t.Container.(*ContainerAuto); ok {
					cp := *t
					cp.Container = redactContainer(c)
					out[i] = &cp
					continue
				}
			}
		}
		out[i] = t
	}
	return out
}

func redactContainer(c *ContainerAuto) *ContainerAuto {
	if c == nil || c.NetworkPolicy == nil {
		return c
	}
	cp := *c
	p := c.NetworkPolicy.redacted()
	cp.NetworkPolicy = &p
	return &cp
}

// toolSecrets appends the secrets that tools carry to s.
func toolSecrets(s []string, tools []Tool) []string {
	for _, t := range tools {
		switch t := t.(type) {
		case *MCPTool:
			if t == nil {
				continue
			}
			if t.Authorization != "" {
				s = append(s, t.Authorization)
			}
			for _, v := range t.Headers {
				s = append(s, v)
			}
		case *ShellTool:
			if t != nil {
				if c, ok := t.Environment.(*ContainerAuto); ok {
					s = containerSecrets(s, c)
				}
			}
		case *CodeInterpreterTool:
			if t != nil {
				if c, ok := t.Container.(*ContainerAuto); ok {
					s = containerSecrets(s, c)
				}
			}
		}
	}
	return s
}

func containerSecrets(s []string, c *ContainerAuto) []string {
	if c == nil || c.NetworkPolicy == nil {
		return s
	}
	for _, d := range c.NetworkPolicy.DomainSecrets {
		if d.Value != "" {
			s = append(s, d.Value)
		}
	}
	return s
}
