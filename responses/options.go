package responses

import (
	"github.com/respkit/respkit/client"
)

// With returns a copy of s whose calls apply opts, on top of the client's
// configuration and before each call's own options: a service for one
// tenant, say, or the way to give per-call options to the calls that take
// a Service rather than options, such as [Parse], [StreamParse] and
// [Service.Wait]:
//
//	v, resp, err := responses.Parse[Invoice](ctx, rs.With(client.WithCallTimeout(time.Minute)), req)
//
// s is not modified, and the copy shares its connections. An invalid option
// makes every call of the copy fail with an error that names it.
func (s *Service) With(opts ...client.Option) *Service {
	cp := *s
	if cp.err != nil {
		return &cp
	}
	cp.c, cp.err = s.c.With(opts...)
	if cp.err != nil {
		cp.c = s.c
	}
	return &cp
}

// using returns the service of one call with opts applied.
func (s *Service) using(opts []client.Option) (*Service, error) {
	if s.err != nil {
		return nil, s.err
	}
	if len(opts) == 0 {
		return s, nil
	}
	c, err := s.c.With(opts...)
	if err != nil {
		return nil, err
	}
	cp := *s
	cp.c = c
	return &cp, nil
}

// WithInclude asks a call that reads stored data for optional parts of it
// (the include[] query parameter): [Service.Get], [Conversations.GetItem]
// and [Conversations.AddItems]. A request that creates a response says it
// with [Request.Include] instead, and listings with [ListOptions.Include].
func WithInclude(fields ...string) client.Option {
	return client.WithQuery("include[]", fields...)
}
