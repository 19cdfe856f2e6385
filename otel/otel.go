// Package otel traces and measures respkit's work with OpenTelemetry, as
// the OpenTelemetry semantic conventions for generative AI describe it:
// a "chat" span for each model call (its model, response id, token usage
// and finish reasons; for a stream, the time to its first output), an
// "invoke_agent" span over each tool loop run, an "execute_tool" span for
// each tool call (the handler runs in its context, so that the tool's own
// spans nest under it), a span for each turn of a loop, and a span for
// each HTTP attempt under its call;
// the metrics gen_ai.client.token.usage, gen_ai.client.operation.duration
// and gen_ai.client.operation.time_to_first_chunk.
//
//	inst, err := otel.New(otel.Config{})
//	c, err := client.New(inst.ClientOption())
//	rs := responses.New(c).WithObserver(inst.Observer())
//
// The content of messages (inputs, outputs, tool arguments and results) is
// recorded only with Config.CaptureContent, each value cut at
// Config.MaxContentBytes. The API key and the other secrets of a request
// (its headers, the credentials of MCP tools) are never recorded: they are
// not in the messages.
//
// This package is a module of its own (github.com/respkit/respkit/otel),
// so that the core keeps its three dependencies.
package otel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	gotel "go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
)

// scope is the instrumentation scope of the tracer and the meter.
const scope = "github.com/respkit/respkit/otel"

// Config configures the instrumentation. The zero Config uses the global
// providers and records no content.
type Config struct {
	// TracerProvider and MeterProvider default to the global ones.
	TracerProvider trace.TracerProvider
	MeterProvider  metric.MeterProvider
	// CaptureContent records the messages of model calls
	// (gen_ai.input.messages, gen_ai.output.messages) and the arguments
	// and results of tool calls as span attributes.
	CaptureContent bool
	// MaxContentBytes bounds each recorded content value; 0 means 8 KiB.
	// A longer value is cut and ends with "…".
	MaxContentBytes int
}

// Instrumentation makes the observers that record respkit's work.
type Instrumentation struct {
	cfg      Config
	tracer   trace.Tracer
	tokens   metric.Int64Histogram
	duration metric.Float64Histogram
	first    metric.Float64Histogram
}

// New returns the instrumentation of cfg.
func New(cfg Config) (*Instrumentation, error) {
	if cfg.TracerProvider == nil {
		cfg.TracerProvider = gotel.GetTracerProvider()
	}
	if cfg.MeterProvider == nil {
		cfg.MeterProvider = gotel.GetMeterProvider()
	}
	if cfg.MaxContentBytes <= 0 {
		cfg.MaxContentBytes = 8 << 10
	}
	meter := cfg.MeterProvider.Meter(scope)
	in := &Instrumentation{cfg: cfg, tracer: cfg.TracerProvider.Tracer(scope)}
	var err error
	if in.tokens, err = meter.Int64Histogram("gen_ai.client.token.usage", metric.WithUnit("{token}"),
		metric.WithDescription("Number of input and output tokens used."),
		metric.WithExplicitBucketBoundaries(1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864)); err != nil {
		return nil, err
	}
	secs := metric.WithExplicitBucketBoundaries(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92)
	if in.duration, err = meter.Float64Histogram("gen_ai.client.operation.duration", metric.WithUnit("s"),
		metric.WithDescription("GenAI operation duration."), secs); err != nil {
		return nil, err
	}
	if in.first, err = meter.Float64Histogram("gen_ai.client.operation.time_to_first_chunk", metric.WithUnit("s"),
		metric.WithDescription("Time to the first output of a streamed model call."), secs); err != nil {
		return nil, err
	}
	return in, nil
}

// ClientOption returns the client option that traces each HTTP attempt as
// a span under its call.
func (in *Instrumentation) ClientOption() client.Option {
	return client.WithObserver(&client.Observer{Attempt: in.attempt})
}

// Observer returns the observer of model calls, loop runs and tool calls,
// for [responses.Service.WithObserver].
func (in *Instrumentation) Observer() *responses.Observer {
	return &responses.Observer{Call: in.call, Loop: in.loop, Turn: in.turn, Tool: in.tool}
}

func (in *Instrumentation) attempt(ctx context.Context, a client.AttemptInfo) (context.Context, func(client.AttemptResult)) {
	ctx, span := in.tracer.Start(ctx, a.Method+" "+a.Path, trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(
		attribute.String("http.request.method", a.Method),
		attribute.String("url.path", a.Path),
	))
	if a.Attempt > 1 {
		span.SetAttributes(attribute.Int("http.request.resend_count", a.Attempt-1))
	}
	return ctx, func(r client.AttemptResult) {
		if r.Status != 0 {
			span.SetAttributes(attribute.Int("http.response.status_code", r.Status))
		}
		if r.RequestID != "" {
			span.SetAttributes(attribute.String("openai.request.id", r.RequestID))
		}
		if rl := r.RateLimit; rl != (client.RateLimit{}) {
			span.SetAttributes(
				attribute.Int("openai.ratelimit.remaining_requests", rl.RemainingRequests),
				attribute.Int("openai.ratelimit.remaining_tokens", rl.RemainingTokens),
			)
		}
		if r.Err != nil {
			fail(span, r.Err)
		}
		span.End()
	}
}

// modelAttrs are the attributes of a model call's request.
func modelAttrs(op string, req *responses.Request) []attribute.KeyValue {
	attrs := []attribute.KeyValue{
		attribute.String("gen_ai.operation.name", op),
		attribute.String("gen_ai.provider.name", "openai"),
	}
	if req == nil {
		return attrs
	}
	if req.Model != "" {
		attrs = append(attrs, attribute.String("gen_ai.request.model", req.Model))
	}
	if req.MaxOutputTokens > 0 {
		attrs = append(attrs, attribute.Int("gen_ai.request.max_tokens", req.MaxOutputTokens))
	}
	if req.Temperature != nil {
		attrs = append(attrs, attribute.Float64("gen_ai.request.temperature", *req.Temperature))
	}
	if req.TopP != nil {
		attrs = append(attrs, attribute.Float64("gen_ai.request.top_p", *req.TopP))
	}
	return attrs
}

func (in *Instrumentation) call(ctx context.Context, c responses.CallInfo) (context.Context, func(responses.CallResult)) {
	model := ""
	if c.Request != nil {
		model = c.Request.Model
	}
	op, name, kind := "chat", "chat "+model, trace.SpanKindClient
	if c.Operation == "parse" || c.Operation == "stream_parse" {
		// A parse is its model calls and their re-asks: its own span
		// holds their chat spans.
		name, kind = "respkit."+c.Operation+" "+model, trace.SpanKindInternal
	}
	attrs := modelAttrs(op, c.Request)
	ctx, span := in.tracer.Start(ctx, name, trace.WithSpanKind(kind), trace.WithAttributes(attrs...))
	if in.cfg.CaptureContent && c.Request != nil && kind == trace.SpanKindClient {
		span.SetAttributes(attribute.String("gen_ai.input.messages", in.content(c.Request.Input)))
	}
	return ctx, func(r responses.CallResult) {
		metricAttrs := attrs[:2:2]
		if model != "" {
			metricAttrs = append(metricAttrs, attribute.String("gen_ai.request.model", model))
		}
		if resp := r.Response; resp != nil {
			span.SetAttributes(
				attribute.String("gen_ai.response.id", resp.ID),
				attribute.String("gen_ai.response.model", resp.Model),
				attribute.StringSlice("gen_ai.response.finish_reasons", finishReasons(resp)),
			)
			metricAttrs = append(metricAttrs, attribute.String("gen_ai.response.model", resp.Model))
			if kind == trace.SpanKindClient {
				u := resp.Usage
				span.SetAttributes(
					attribute.Int("gen_ai.usage.input_tokens", u.InputTokens),
					attribute.Int("gen_ai.usage.output_tokens", u.OutputTokens),
					attribute.Int("gen_ai.usage.cache_read.input_tokens", u.InputTokensDetails.CachedTokens),
					attribute.Int("gen_ai.usage.reasoning.output_tokens", u.OutputTokensDetails.ReasoningTokens),
				)
				in.tokens.Record(ctx, int64(u.InputTokens), metric.WithAttributes(append(metricAttrs, attribute.String("gen_ai.token.type", "input"))...))
				in.tokens.Record(ctx, int64(u.OutputTokens), metric.WithAttributes(append(metricAttrs, attribute.String("gen_ai.token.type", "output"))...))
				if in.cfg.CaptureContent {
					span.SetAttributes(attribute.String("gen_ai.output.messages", in.content(resp.Output)))
				}
			}
		}
		if r.FirstToken > 0 {
			span.SetAttributes(attribute.Float64("gen_ai.response.time_to_first_chunk", r.FirstToken.Seconds()))
			in.first.Record(ctx, r.FirstToken.Seconds(), metric.WithAttributes(metricAttrs...))
		}
		if r.Err != nil {
			metricAttrs = append(metricAttrs, attribute.String("error.type", errorType(r.Err)))
			fail(span, r.Err)
		}
		if kind == trace.SpanKindClient {
			in.duration.Record(ctx, r.Duration.Seconds(), metric.WithAttributes(metricAttrs...))
		}
		span.End()
	}
}

func (in *Instrumentation) loop(ctx context.Context, req *responses.Request) (context.Context, func(responses.LoopResult)) {
	name := "invoke_agent"
	if req != nil && req.Model != "" {
		name += " " + req.Model
	}
	ctx, span := in.tracer.Start(ctx, name, trace.WithSpanKind(trace.SpanKindInternal),
		trace.WithAttributes(modelAttrs("invoke_agent", req)...))
	return ctx, func(r responses.LoopResult) {
		if t := r.Transcript; t != nil {
			span.SetAttributes(
				attribute.Int("respkit.loop.turns", len(t.Turns)),
				attribute.Int("gen_ai.usage.input_tokens", t.Usage.InputTokens),
				attribute.Int("gen_ai.usage.output_tokens", t.Usage.OutputTokens),
			)
		}
		if r.Err != nil {
			fail(span, r.Err)
		}
		span.End()
	}
}

func (in *Instrumentation) turn(ctx context.Context, n int) (context.Context, func(responses.TurnResult)) {
	ctx, span := in.tracer.Start(ctx, fmt.Sprint("respkit.turn ", n), trace.WithSpanKind(trace.SpanKindInternal),
		trace.WithAttributes(attribute.Int("respkit.turn", n)))
	return ctx, func(r responses.TurnResult) {
		span.SetAttributes(attribute.Int("respkit.turn.tool_calls", r.Calls))
		if r.Err != nil {
			fail(span, r.Err)
		}
		span.End()
	}
}

func (in *Instrumentation) tool(ctx context.Context, c *responses.ToolCall) (context.Context, func(responses.ToolResult)) {
	ctx, span := in.tracer.Start(ctx, "execute_tool "+c.Name, trace.WithSpanKind(trace.SpanKindInternal), trace.WithAttributes(
		attribute.String("gen_ai.operation.name", "execute_tool"),
		attribute.String("gen_ai.tool.name", c.Name),
		attribute.String("gen_ai.tool.call.id", c.CallID),
		attribute.String("gen_ai.tool.type", toolType(c)),
	))
	if in.cfg.CaptureContent {
		span.SetAttributes(attribute.String("gen_ai.tool.call.arguments", in.cut(c.Arguments)))
	}
	start := time.Now()
	return ctx, func(r responses.ToolResult) {
		if in.cfg.CaptureContent && r.Output != nil {
			span.SetAttributes(attribute.String("gen_ai.tool.call.result", in.content(r.Output)))
		}
		attrs := []attribute.KeyValue{
			attribute.String("gen_ai.operation.name", "execute_tool"),
			attribute.String("gen_ai.provider.name", "openai"),
			attribute.String("gen_ai.tool.name", c.Name),
		}
		if r.Err != nil {
			attrs = append(attrs, attribute.String("error.type", errorType(r.Err)))
			fail(span, r.Err)
		}
		in.duration.Record(ctx, time.Since(start).Seconds(), metric.WithAttributes(attrs...))
		span.End()
	}
}

// toolType is the kind of a call's tool: "function" for function and
// custom tools, "extension" for the built-in tools the client runs.
func toolType(c *responses.ToolCall) string {
	switch c.Item.(type) {
	case *responses.FunctionCall, *responses.CustomToolCall:
		return "function"
	}
	return "extension"
}

// finishReasons returns the conventions' finish reasons of resp.
func finishReasons(resp *responses.Response) []string {
	switch resp.Status {
	case responses.StatusIncomplete:
		if resp.IncompleteDetails != nil && resp.IncompleteDetails.Reason != "" {
			return []string{resp.IncompleteDetails.Reason}
		}
		return []string{"incomplete"}
	case responses.StatusFailed:
		return []string{"error"}
	}
	for _, it := range resp.Output {
		switch it.(type) {
		case *responses.FunctionCall, *responses.CustomToolCall, *responses.ApplyPatchCall, *responses.ShellCall,
			*responses.LocalShellCall, *responses.ComputerCall:
			return []string{"tool_calls"}
		}
	}
	return []string{"stop"}
}

// errorType is the error.type of err: the API's error type or code, a
// timeout, or the Go type.
func errorType(err error) string {
	var api *client.APIError
	switch {
	case errors.As(err, &api) && api.Code != "":
		return api.Code
	case errors.As(err, &api) && api.Type != "":
		return api.Type
	case errors.As(err, &api):
		return fmt.Sprint(api.StatusCode)
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	}
	switch t := fmt.Sprintf("%T", err); t {
	case "*errors.errorString", "*fmt.wrapError", "*fmt.wrapErrors", "*errors.joinError":
		return "_OTHER" // the conventions' value for an error without a type
	default:
		return t
	}
}

// fail marks span as failed with err.
func fail(span trace.Span, err error) {
	span.RecordError(err)
	span.SetStatus(codes.Error, err.Error())
	span.SetAttributes(attribute.String("error.type", errorType(err)))
}

// content returns v as JSON, cut to the configured size.
func (in *Instrumentation) content(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return in.cut(string(b))
}

// cut returns s cut to MaxContentBytes, on a UTF-8 boundary.
func (in *Instrumentation) cut(s string) string {
	n := in.cfg.MaxContentBytes
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
