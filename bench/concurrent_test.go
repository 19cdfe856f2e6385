//go:build unix

package bench

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/respkit/respkit/client"
	"github.com/respkit/respkit/responses"
)

// BenchmarkConcurrentStreams reads streams of 1,000 text deltas, one at a
// time and 256 at once, and reports the CPU time (user and system, of the
// whole process: the server's part is the same for both) per event. Reading
// many streams at once should cost about what reading them one by one
// does: no lock, pool or shared buffer that the streams contend for.
func BenchmarkConcurrentStreams(b *testing.B) {
	const events = 1000
	srv := serveStream(b, deltaStream(events))
	readers := []struct {
		name string
		read func(hc *http.Client) func() error
	}{
		{"respkit", func(hc *http.Client) func() error {
			c, err := client.New(client.WithBaseURL(srv.URL), client.WithAPIKey("bench"), client.WithMaxRetries(0), client.WithHTTPClient(hc))
			if err != nil {
				b.Fatal(err)
			}
			rs := responses.New(c)
			return func() error {
				var text strings.Builder
				for ev, err := range rs.Stream(context.Background(), &responses.Request{Model: "gpt-5", Input: responses.Text("hi")}) {
					if err != nil {
						return err
					}
					if d, ok := ev.(*responses.OutputTextDeltaEvent); ok {
						text.WriteString(d.Delta)
					}
				}
				if text.Len() == 0 {
					return errors.New("no text")
				}
				return nil
			}
		}},
		{"floor", func(hc *http.Client) func() error {
			return func() error {
				res, err := hc.Post(srv.URL+"/responses", "application/json", strings.NewReader(`{"model":"gpt-5","input":"hi","stream":true}`))
				if err != nil {
					return err
				}
				defer res.Body.Close()
				if floorText(res.Body) == "" {
					return errors.New("no text")
				}
				return nil
			}
		}},
	}
	for _, r := range readers {
		for _, n := range []int{1, 256} {
			b.Run(fmt.Sprintf("%s/streams=%d", r.name, n), func(b *testing.B) {
				tr := &http.Transport{MaxIdleConnsPerHost: n}
				defer tr.CloseIdleConnections()
				read := r.read(&http.Client{Transport: tr})
				b.ReportAllocs()
				cpu0 := cpuTime()
				for b.Loop() {
					var wg sync.WaitGroup
					errs := make(chan error, n)
					for range n {
						wg.Go(func() {
							if err := read(); err != nil {
								errs <- err
							}
						})
					}
					wg.Wait()
					close(errs)
					for err := range errs {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N*n*events), "cpu-ns/event")
			})
		}
	}
}

// cpuTime returns the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
