package responses

import "fmt"

// redacted replaces a secret when a value is printed.
const redacted = "[redacted]"

// Format prints t as fmt prints a struct, with Authorization and the values
// of Headers redacted, so that printing a request does not leak them. The
// JSON encoding, which the API needs, keeps them.
func (t MCPTool) Format(f fmt.State, verb rune) {
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
	type mcpTool MCPTool // without this method
	fmt.Fprintf(f, fmt.FormatString(f, verb), mcpTool(t))
}

// Format prints s as fmt prints a struct, with Value redacted, so that
// printing a request does not leak it. The JSON encoding, which the API
// needs, keeps it.
func (s DomainSecret) Format(f fmt.State, verb rune) {
	type domainSecret DomainSecret // without this method
	fmt.Fprintf(f, fmt.FormatString(f, verb), domainSecret(s.redacted()))
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
	if p.DomainSecrets != nil {
		s := make([]DomainSecret, len(p.DomainSecrets))
		for i, d := range p.DomainSecrets {
			s[i] = d.redacted()
		}
		p.DomainSecrets = s
	}
	type networkPolicy NetworkPolicy // without this method
	fmt.Fprintf(f, fmt.FormatString(f, verb), networkPolicy(p))
}
