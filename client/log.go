package client

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"
)

// logAttempt writes the line of one attempt, if a logger is set. wait is the
// delay before the next attempt, or negative when there is none.
func (cfg *config) logAttempt(ctx context.Context, r *Request, attempt int, start time.Time, o *outcome, wait time.Duration) {
	l := cfg.logger
	if l == nil {
		return
	}
	level, msg := slog.LevelInfo, "client: request"
	switch {
	case o.err != nil && wait >= 0:
		level, msg = slog.LevelWarn, "client: request failed, retrying"
	case o.err != nil:
		level, msg = slog.LevelWarn, "client: request failed"
	}
	if !l.Enabled(ctx, level) {
		return
	}
	attrs := make([]slog.Attr, 0, 10)
	attrs = append(attrs,
		slog.String("method", r.Method),
		slog.String("path", r.Path),
		slog.Int("attempt", attempt),
	)
	if o.status != 0 {
		attrs = append(attrs, slog.Int("status", o.status))
	}
	attrs = append(attrs, slog.Duration("duration", time.Since(start)))
	if o.requestID != "" {
		attrs = append(attrs, slog.String("request_id", o.requestID))
	}
	if wait >= 0 {
		attrs = append(attrs, slog.Duration("retry_in", wait))
	}
	var sc *scrubber
	if o.err != nil {
		sc = cfg.scrubberFor(r)
		attrs = append(attrs, slog.String("error", sc.string(o.err.Error())))
	}
	if o.reqHeader != nil && l.Enabled(ctx, slog.LevelDebug) {
		if sc == nil {
			sc = cfg.scrubberFor(r)
		}
		attrs = append(attrs, slog.Any("request_headers", redactedHeader{o.reqHeader, sc}))
	}
	l.LogAttrs(ctx, level, msg, attrs...)
}

// redactedHeader logs a header with its secrets replaced by [REDACTED]: the
// values of Authorization, Api-Key, cookies and any header whose name speaks
// of a key, token, secret or auth, and the secrets of sc wherever else they
// appear.
type redactedHeader struct {
	h  http.Header
	sc *scrubber
}

func (rh redactedHeader) LogValue() slog.Value {
	keys := make([]string, 0, len(rh.h))
	for k := range rh.h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	attrs := make([]slog.Attr, 0, len(keys))
	for _, k := range keys {
		v := strings.Join(rh.h[k], ", ")
		if sensitiveHeader(k) {
			v = redacted
		}
		attrs = append(attrs, slog.String(k, rh.sc.string(v)))
	}
	return slog.GroupValue(attrs...)
}

// sensitiveHeader reports whether the values of header k are secrets.
func sensitiveHeader(k string) bool {
	k = strings.ToLower(k)
	switch k {
	case "authorization", "proxy-authorization", "api-key", "cookie", "set-cookie":
		return true
	}
	for _, w := range []string{"key", "token", "secret", "auth", "password"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}
