package otel_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/otel"
	"github.com/respkit/respkit/responses"
	"github.com/respkit/respkit/responses/responsestest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// testKey is the API key of the tests, which no span may hold.
const testKey = "sk-test-SECRET-0123456789"

// harness is a fake API, a service instrumented with in-memory providers,
// and what they recorded.
type harness struct {
	srv    *responsestest.Server
	rs     *responses.Service
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
}

func newHarness(t *testing.T, cfg otel.Config) *harness {
	t.Helper()
	h := &harness{srv: responsestest.NewServer(), spans: tracetest.NewSpanRecorder(), reader: sdkmetric.NewManualReader()}
	t.Cleanup(h.srv.Close)
	cfg.TracerProvider = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(h.spans))
	cfg.MeterProvider = sdkmetric.NewMeterProvider(sdkmetric.WithReader(h.reader))
	inst, err := otel.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c, err := h.srv.Client(inst.ClientOption(), client.WithAPIKey(testKey))
	if err != nil {
		t.Fatal(err)
	}
	h.rs = responses.New(c).WithObserver(inst.Observer())
	return h
}

// volatile attributes are rendered without their values.
var volatile = map[attribute.Key]bool{"gen_ai.response.time_to_first_chunk": true}

// render writes the spans as a tree, children sorted by their rendering,
// each with its kind, status and attributes sorted by key.
func (h *harness) render() string {
	ended := h.spans.Ended()
	line := func(s sdktrace.ReadOnlySpan) string {
		attrs := slices.Clone(s.Attributes())
		slices.SortFunc(attrs, func(a, b attribute.KeyValue) int { return strings.Compare(string(a.Key), string(b.Key)) })
		var b strings.Builder
		fmt.Fprintf(&b, "%s [%s", s.Name(), s.SpanKind())
		if s.Status().Code.String() == "Error" {
			b.WriteString(", error")
		}
		b.WriteString("]")
		for _, a := range attrs {
			v := a.Value.Emit()
			if volatile[a.Key] {
				v = "…"
			}
			fmt.Fprintf(&b, "\n    %s=%s", a.Key, v)
		}
		return b.String()
	}
	children := map[trace.SpanID][]sdktrace.ReadOnlySpan{}
	var roots []sdktrace.ReadOnlySpan
	ids := map[trace.SpanID]bool{}
	for _, s := range ended {
		ids[s.SpanContext().SpanID()] = true
	}
	for _, s := range ended {
		if p := s.Parent().SpanID(); ids[p] {
			children[p] = append(children[p], s)
		} else {
			roots = append(roots, s)
		}
	}
	var tree func(spans []sdktrace.ReadOnlySpan, indent string) []string
	tree = func(spans []sdktrace.ReadOnlySpan, indent string) []string {
		var out []string
		for _, s := range spans {
			text := indent + strings.ReplaceAll(line(s), "\n", "\n"+indent)
			if kids := tree(children[s.SpanContext().SpanID()], indent+"  "); len(kids) > 0 {
				text += "\n" + strings.Join(kids, "\n")
			}
			out = append(out, text)
		}
		slices.Sort(out)
		return out
	}
	return strings.Join(tree(roots, ""), "\n") + "\n"
}

// renderMetrics writes each metric's data points: their attributes, count
// and, for token usage, sum.
func (h *harness) renderMetrics(t *testing.T) string {
	var rm metricdata.ResourceMetrics
	if err := h.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			add := func(set attribute.Set, count uint64, sum string) {
				var kv []string
				for _, a := range set.ToSlice() {
					kv = append(kv, string(a.Key)+"="+a.Value.Emit())
				}
				out = append(out, fmt.Sprintf("%s {%s} count=%d%s", m.Name, strings.Join(kv, " "), count, sum))
			}
			switch d := m.Data.(type) {
			case metricdata.Histogram[int64]:
				for _, p := range d.DataPoints {
					add(p.Attributes, p.Count, fmt.Sprintf(" sum=%d", p.Sum))
				}
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					add(p.Attributes, p.Count, "")
				}
			}
		}
	}
	slices.Sort(out)
	return strings.Join(out, "\n") + "\n"
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s:\n%s", name, path, got)
	}
}

type city struct {
	Name string `json:"name"`
}

func TestGolden(t *testing.T) {
	req := func() *responses.Request {
		return &responses.Request{Model: "gpt-test", Input: responses.Text("Which city? Réponds 🙂"), MaxOutputTokens: 200, Temperature: new(0.5)}
	}
	tests := []struct {
		name string
		run  func(t *testing.T, h *harness)
	}{
		{"create", func(t *testing.T, h *harness) {
			h.srv.Enqueue(responsestest.Text("Paris"))
			if _, err := h.rs.Create(t.Context(), req()); err != nil {
				t.Fatal(err)
			}
		}},
		{"create_error_retried", func(t *testing.T, h *harness) {
			h.srv.Enqueue(responsestest.Error(500, responsestest.ErrorBody{Message: "boom", Type: "server_error"}), responsestest.Text("Paris"))
			if _, err := h.rs.Create(t.Context(), req()); err != nil {
				t.Fatal(err)
			}
		}},
		{"stream", func(t *testing.T, h *harness) {
			h.srv.Enqueue(responsestest.Text("Paris, the city of light"))
			for _, err := range h.rs.Stream(t.Context(), req()) {
				if err != nil {
					t.Fatal(err)
				}
			}
		}},
		{"parse_reask", func(t *testing.T, h *harness) {
			h.srv.Enqueue(responsestest.Text(`{"nom":"Paris"}`), responsestest.Text(`{"name":"Paris"}`))
			if _, _, err := responses.Parse[city](t.Context(), h.rs, req(), responses.WithMaxAttempts(2)); err != nil {
				t.Fatal(err)
			}
		}},
		{"loop_parallel_tools", func(t *testing.T, h *harness) {
			lookup := responses.Func("lookup", "Look a city up.", func(ctx context.Context, a city) (string, error) {
				if !trace.SpanContextFromContext(ctx).IsValid() {
					t.Error("the tool's context holds no span")
				}
				if a.Name == "Atlantis" {
					return "", fmt.Errorf("no such city")
				}
				return a.Name + " found", nil
			})
			h.srv.Enqueue(responsestest.FunctionCalls(
				responsestest.Call{Name: "lookup", Arguments: map[string]string{"name": "Paris"}},
				responsestest.Call{Name: "lookup", Arguments: map[string]string{"name": "Atlantis"}},
			), responsestest.Text("Paris exists."))
			loop := &responses.Loop{Service: h.rs, Tools: []responses.Handler{lookup}}
			if _, err := loop.Run(t.Context(), req()); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, otel.Config{})
			tc.run(t, h)
			golden(t, tc.name, h.render()+"--- metrics\n"+h.renderMetrics(t))
		})
	}
}

// TestContent records messages only when asked, cut to the limit, and
// never the API key.
func TestContent(t *testing.T) {
	for _, capture := range []bool{false, true} {
		h := newHarness(t, otel.Config{CaptureContent: capture, MaxContentBytes: 40})
		h.srv.Enqueue(responsestest.Text(strings.Repeat("é", 100)))
		if _, err := h.rs.Create(t.Context(), &responses.Request{Model: "m", Input: responses.Text("Hello, world — and more text than forty bytes")}); err != nil {
			t.Fatal(err)
		}
		all := h.render()
		has := strings.Contains(all, "gen_ai.input.messages") && strings.Contains(all, "gen_ai.output.messages")
		if has != capture {
			t.Errorf("capture %v: content recorded %v:\n%s", capture, has, all)
		}
		for _, s := range h.spans.Ended() {
			for _, a := range s.Attributes() {
				v := a.Value.Emit()
				if strings.HasSuffix(string(a.Key), "messages") && (len(v) > 40+len("…") || !strings.HasSuffix(v, "…")) {
					t.Errorf("%s not cut: %q", a.Key, v)
				}
				if strings.Contains(v, testKey) || strings.Contains(v, "Bearer") {
					t.Errorf("%s holds a key: %q", a.Key, v)
				}
			}
		}
	}
}
