//go:build unix

package testtools

import (
	"syscall"
	"time"
)

// CPUTime is the processor time the process has used so far, user and
// system, in every thread (the garbage collector's work counts too).
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
