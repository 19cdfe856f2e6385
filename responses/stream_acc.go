package responses

// newAccumulator returns the accumulator of a stream's partial response.
// TODO(accum): return new(Accumulator) once it lands.
func newAccumulator() accumulator { return nil }
