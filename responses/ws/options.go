package ws

import "time"

// An Option configures a [Conn] in [Dial].
type Option func(*config)

type config struct {
	lifetime time.Duration
}

// DefaultLifetime is the age after which a connection is replaced before
// its next request: a little less than the 60 minutes the API keeps one.
const DefaultLifetime = 55 * time.Minute

// WithLifetime sets the age after which the connection is replaced before
// its next request (default [DefaultLifetime]).
func WithLifetime(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.lifetime = d
		}
	}
}
