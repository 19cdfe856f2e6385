package client

import (
	"fmt"
	"log/slog"
	"net/http"
)

// Format prints r as fmt prints a struct, with its secrets redacted (see
// [Request.LogValue]), so that printing a request does not leak them. r is
// not modified.
func (r Request) Format(f fmt.State, verb rune) {
	type request Request // without this method
	fmt.Fprintf(f, fmt.FormatString(f, verb), request(r.redacted()))
}

// LogValue implements [slog.LogValuer]: a request logs as its fields (with
// slog's JSON handler) or as fmt prints it (with the text handler), with
// each of Secrets and the values of headers whose names mark them as
// secrets replaced by [REDACTED], and those secrets replaced wherever else
// they appear in Header and Body, in any form. r is not modified.
func (r Request) LogValue() slog.Value {
	type request Request // without this method
	return slog.AnyValue(request(r.redacted()))
}

// redacted returns a copy of r without its secrets; r's slices and maps
// are not modified.
func (r Request) redacted() Request {
	var secrets []string
	for k, vv := range r.Header {
		if sensitiveHeader(k) {
			secrets = append(secrets, vv...)
		}
	}
	sc := newScrubber(append(secrets, r.Secrets...))
	if r.Secrets != nil {
		s := make([]string, len(r.Secrets))
		for i := range s {
			s[i] = redacted
		}
		r.Secrets = s
	}
	if r.Header != nil {
		h := make(http.Header, len(r.Header))
		for k, vv := range r.Header {
			v := make([]string, len(vv))
			for i := range vv {
				if sensitiveHeader(k) {
					v[i] = redacted
				} else {
					v[i] = sc.string(vv[i])
				}
			}
			h[k] = v
		}
		r.Header = h
	}
	r.Body = sc.bytes(r.Body, false)
	return r
}
