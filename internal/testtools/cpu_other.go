//go:build !unix

package testtools

import "time"

// CPUTime is 0 where the processor time is not measured.
func CPUTime() time.Duration { return 0 }
