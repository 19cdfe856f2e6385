package extract

import (
	"testing"
	"time"
)

func TestLearnWindow(t *testing.T) {
	tests := []struct {
		name             string
		limit, remaining int
		reset            time.Duration
		want             time.Duration
	}{
		{"per minute", 600, 300, 30 * time.Second, time.Minute},
		{"per day", 10_000, 5000, 12 * time.Hour, 24 * time.Hour},
		{"too little used to tell", 10_000, 9999, time.Hour, 0},
		{"no reset", 600, 300, 0, 0},
		{"remaining above the limit", 600, 700, time.Second, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bucket
			b.learnWindow(tt.limit, tt.remaining, tt.reset)
			if b.per != tt.want {
				t.Errorf("learnWindow(%d, %d, %v) window = %v, want %v", tt.limit, tt.remaining, tt.reset, b.per, tt.want)
			}
		})
	}
}

func TestBucketNeed(t *testing.T) {
	now := time.Now()
	b := bucket{limit: 60, level: 0.5, at: now} // one a second
	if got := b.need(1); got < 500*time.Millisecond || got > 500*time.Millisecond+2 {
		t.Errorf("need(1) = %v, want 500ms", got)
	}
	b.refill(now.Add(500 * time.Millisecond))
	if got := b.need(1); got > 2 {
		t.Errorf("after 500ms, need(1) = %v, want 0", got)
	}
	b.refill(now.Add(time.Hour))
	if b.level != 60 {
		t.Errorf("level after an hour = %v, want the limit, 60", b.level)
	}
}
