//go:build race

package extract_test

// raceEnabled is set under the race detector, which makes the simulated
// minutes of the throughput tests cost minutes of real time.
const raceEnabled = true
