package responses

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Defaults of the shell handlers.
const (
	defaultShellTimeout   = 2 * time.Minute
	defaultShellMaxOutput = 16 << 10
)

// ShellCommand is a command that the model asks to run, given to the exec
// function of [ShellFunc] or [LocalShellFunc].
type ShellCommand struct {
	// Line is the command line of a shell call, to run with a shell (such
	// as sh -c Line); "" for a local shell call.
	Line string
	// Argv is the program and its arguments of a local shell call, to run
	// without a shell; nil for a shell call.
	Argv []string
	// Env holds environment variables to set, Dir the working directory
	// and User the user to run as, as a local shell call asks; they are
	// empty for a shell call.
	Env  map[string]string
	Dir  string
	User string
	// Stdout and Stderr receive the command's output (they may be given to
	// an exec.Cmd as they are). They keep the start and the end of it, up
	// to the handler's bound, and drop the middle of a longer output.
	Stdout, Stderr io.Writer
}

// ShellOption sets a bound of the handler of [ShellFunc] or
// [LocalShellFunc].
type ShellOption func(*shellLimits)

// WithShellTimeout bounds the time each command may run (2 minutes by
// default); a call that asks for less gets less.
func WithShellTimeout(d time.Duration) ShellOption {
	return func(l *shellLimits) { l.maxTime = d }
}

// WithShellMaxOutput bounds the output kept of each command, in bytes of
// stdout and of stderr each (16 KiB by default); a call that asks for less
// gets less.
func WithShellMaxOutput(n int) ShellOption {
	return func(l *shellLimits) { l.maxOutput = n }
}

// ShellFunc returns the handler of the shell tool (tool, such as [Shell]()
// or a *[ShellTool] with a *[LocalEnvironment]) that runs the commands of
// each call, one after another, with exec: respkit never runs a command
// itself. exec runs one command, with exec.CommandContext, in a container
// or however the program chooses; it returns the command's exit code, or
// an error when the command could not run, which the model is told; it
// must return when ctx is done. The calls of a turn run one at a time, in
// call order. Each command gets a context that ends after the call's
// timeout, within [WithShellTimeout]; a command that is still running then
// is reported as timed out. Its output is kept up to the call's
// max_output_length, within [WithShellMaxOutput].
//
// ShellFunc panics if tool or exec is nil.
func ShellFunc(tool *ShellTool, exec func(ctx context.Context, cmd *ShellCommand) (exitCode int, err error), opts ...ShellOption) Handler {
	if tool == nil || exec == nil {
		panic("responses: ShellFunc called with a nil tool or function")
	}
	h := &shellHandler{tool: tool, exec: exec}
	for _, o := range opts {
		o(&h.limits)
	}
	return h
}

type shellHandler struct {
	tool   *ShellTool
	exec   func(context.Context, *ShellCommand) (int, error)
	limits shellLimits
}

func (h *shellHandler) Tool() Tool { return h.tool }
func (*shellHandler) inOrder()     {}

// Call runs the commands of a *[ShellCall] and returns the
// *[ShellCallOutput] with the output of each.
func (h *shellHandler) Call(ctx context.Context, call Item) (Item, error) {
	c, err := callAs[*ShellCall](call, "shell")
	if err != nil {
		return nil, err
	}
	timeout := h.limits.timeout(c.Action.TimeoutMS)
	limit := h.limits.output(c.Action.MaxOutputLength)
	out := &ShellCallOutput{CallID: c.CallID, MaxOutputLength: c.Action.MaxOutputLength, Caller: programCaller(c.Caller)}
	for _, line := range c.Action.Commands {
		r, err := runShell(ctx, h.exec, &ShellCommand{Line: line}, timeout, limit)
		if err != nil {
			return nil, err
		}
		chunk := ShellOutputChunk{Stdout: r.stdout, Stderr: r.stderr, Outcome: &ShellExit{ExitCode: r.exitCode}}
		if r.timedOut {
			chunk.Outcome = &ShellTimeout{}
		}
		out.Output = append(out.Output, chunk)
	}
	if out.Output == nil {
		out.Output = []ShellOutputChunk{}
	}
	return out, nil
}

// LocalShellFunc returns the handler of the older local shell tool
// (*[LocalShellTool]) that runs the command of each call with exec, as
// [ShellFunc] does, within the same bounds. The output sent back is the
// JSON object {"output": stdout and stderr, "metadata": {"exit_code": n,
// "duration_seconds": s}}; a command that timed out has exit code 124.
//
// LocalShellFunc panics if exec is nil.
func LocalShellFunc(exec func(ctx context.Context, cmd *ShellCommand) (exitCode int, err error), opts ...ShellOption) Handler {
	if exec == nil {
		panic("responses: LocalShellFunc called with a nil function")
	}
	h := &localShellHandler{exec: exec}
	for _, o := range opts {
		o(&h.limits)
	}
	return h
}

type localShellHandler struct {
	exec   func(context.Context, *ShellCommand) (int, error)
	limits shellLimits
}

func (*localShellHandler) Tool() Tool { return &LocalShellTool{} }
func (*localShellHandler) inOrder()   {}

// Call runs the command of a *[LocalShellCall] and returns its
// *[LocalShellCallOutput].
func (h *localShellHandler) Call(ctx context.Context, call Item) (Item, error) {
	c, err := callAs[*LocalShellCall](call, "local_shell")
	if err != nil {
		return nil, err
	}
	if len(c.Action.Command) == 0 {
		return nil, &argumentsError{errors.New("the command is empty")}
	}
	start := time.Now()
	cmd := &ShellCommand{Argv: c.Action.Command, Env: c.Action.Env, Dir: c.Action.WorkingDirectory, User: c.Action.User}
	r, err := runShell(ctx, h.exec, cmd, h.limits.timeout(c.Action.TimeoutMS), h.limits.output(0))
	if err != nil {
		return nil, err
	}
	code := r.exitCode
	text := r.stdout + r.stderr
	if r.timedOut {
		code = 124
		text += "command timed out"
	}
	return &LocalShellCallOutput{ID: c.CallID, Output: localShellOutput(text, code, time.Since(start))}, nil
}

// shellLimits are the bounds of a shell handler: 0 means the default.
type shellLimits struct {
	maxTime   time.Duration
	maxOutput int
}

// timeout returns the time a command may run: the call's timeout in
// milliseconds, if any, within the handler's bound.
func (l shellLimits) timeout(callMS int) time.Duration {
	t := l.maxTime
	if t <= 0 {
		t = defaultShellTimeout
	}
	if callMS > 0 {
		t = min(t, time.Duration(callMS)*time.Millisecond)
	}
	return t
}

// output returns the bytes of stdout and of stderr to keep: the call's
// bound, if any, within the handler's bound.
func (l shellLimits) output(call int) int {
	m := l.maxOutput
	if m <= 0 {
		m = defaultShellMaxOutput
	}
	if call > 0 {
		m = min(m, call)
	}
	return m
}

type shellResult struct {
	stdout, stderr string
	exitCode       int
	timedOut       bool
}

// runShell runs cmd with exec, within timeout, keeping limit bytes of each
// output. It returns an error only when ctx is done.
func runShell(ctx context.Context, exec func(context.Context, *ShellCommand) (int, error), cmd *ShellCommand, timeout time.Duration, limit int) (shellResult, error) {
	stdout, stderr := newBoundedBuffer(limit), newBoundedBuffer(limit)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	code, err := exec(cctx, cmd)
	if ctx.Err() != nil {
		return shellResult{}, ctx.Err()
	}
	r := shellResult{stdout: stdout.String(), stderr: stderr.String(), exitCode: code}
	switch {
	case cctx.Err() != nil:
		r.timedOut = true
	case err != nil:
		if r.stderr != "" && !strings.HasSuffix(r.stderr, "\n") {
			r.stderr += "\n"
		}
		r.stderr += err.Error()
		if r.exitCode == 0 {
			r.exitCode = 1
		}
	}
	return r, nil
}

// boundedBuffer keeps what is written to it up to its limit; past it, the
// first and the last bytes, in all at most the limit with the note on the
// bytes it drops.
type boundedBuffer struct {
	head    []byte // everything, until the limit is passed; then the start
	tail    []byte // a ring of the last bytes, whose oldest is at pos once full
	pos     int
	limit   int
	over    bool // the limit was passed
	headMax int
	tailMax int
	dropped int64
}

// note is the room kept for the note that replaces the dropped bytes.
const note = 40

func newBoundedBuffer(limit int) *boundedBuffer {
	if limit <= 2*note {
		return &boundedBuffer{limit: limit, headMax: limit}
	}
	h := (limit - note) / 2
	return &boundedBuffer{limit: limit, headMax: h, tailMax: limit - note - h}
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	n := len(p)
	if !b.over {
		if len(b.head)+len(p) <= b.limit {
			b.head = append(b.head, p...)
			return n, nil
		}
		// Past the limit: keep the start in head, and what follows it in
		// the tail, then go on with p.
		b.over = true
		if len(b.head) > b.headMax {
			rest := bytes.Clone(b.head[b.headMax:])
			b.head = b.head[:b.headMax]
			b.toTail(rest)
		}
	}
	if k := min(len(p), b.headMax-len(b.head)); k > 0 {
		b.head = append(b.head, p[:k]...)
		p = p[k:]
	}
	b.toTail(p)
	return n, nil
}

// toTail writes p to the ring of the last bytes, dropping the oldest.
func (b *boundedBuffer) toTail(p []byte) {
	if b.tailMax == 0 {
		b.dropped += int64(len(p))
		return
	}
	if k := min(len(p), b.tailMax-len(b.tail)); k > 0 {
		b.tail = append(b.tail, p[:k]...)
		p = p[k:]
	}
	if len(p) >= b.tailMax {
		// The ring is replaced as a whole.
		b.dropped += int64(len(p))
		copy(b.tail, p[len(p)-b.tailMax:])
		b.pos = 0
		return
	}
	for len(p) > 0 {
		k := min(len(p), b.tailMax-b.pos)
		copy(b.tail[b.pos:], p[:k])
		b.dropped += int64(k)
		b.pos = (b.pos + k) % b.tailMax
		p = p[k:]
	}
}

// String returns the output kept, valid UTF-8, with a note where bytes were
// dropped.
func (b *boundedBuffer) String() string {
	tail := append(b.tail[b.pos:len(b.tail):len(b.tail)], b.tail[:b.pos]...)
	if b.dropped == 0 {
		return strings.ToValidUTF8(string(b.head)+string(tail), "\uFFFD")
	}
	head := trimRunes(b.head, false)
	tail = trimRunes(tail, true)
	return fmt.Sprintf("%s\n…%d bytes dropped…\n%s", strings.ToValidUTF8(string(head), "\uFFFD"), b.dropped, strings.ToValidUTF8(string(tail), "\uFFFD"))
}

// trimRunes drops a rune cut in two at the end of b (or at its start, for
// the tail).
func trimRunes(b []byte, start bool) []byte {
	if start {
		for i := 0; i < len(b) && i < utf8.UTFMax; i++ {
			if utf8.RuneStart(b[i]) {
				return b[i:]
			}
		}
		return b
	}
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if utf8.FullRune(b[i:]) {
				return b
			}
			return b[:i]
		}
	}
	return b
}
