package main

import (
	"runtime/debug"
	"testing"
)

func TestVersionOf(t *testing.T) {
	const rev = "b3fe15efc478e98dad9c678ba276162bdb144b53"
	exe := func() string { return "0123456789abcdef0123456789abcdef" }
	vcs := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
	}
	for _, tt := range []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"git checkout", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261126081554-b3fe15efc478"}, Settings: vcs(rev, "false")},
			"v0.0.0-20261126081554-b3fe15efc478"},
		{"git checkout with changes", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261126081554-b3fe15efc478+dirty"}, Settings: vcs(rev, "true")},
			"v0.0.0-20261126081554-b3fe15efc478+dirty"},
		{"release tag", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}, Settings: vcs(rev, "false")}, "v1.2.0+b3fe15efc478"},
		{"go install module@version", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, "v1.2.0"},
		{"vcs, no module version", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs(rev, "true")}, "devel+b3fe15efc478+dirty"},
		{"no vcs (worktree, -buildvcs=false)", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel+build.0123456789ab"},
		{"no build information", nil, "devel+build.0123456789ab"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := versionOf(tt.bi, exe); got != tt.want {
				t.Errorf("versionOf = %q, want %q", got, tt.want)
			}
		})
	}
	if got := versionOf(nil, func() string { return "" }); got != "devel" {
		t.Errorf("without anything to go by: %q", got)
	}
	// what this test binary gives (go test stamps no VCS information)
	bi, _ := debug.ReadBuildInfo()
	t.Logf("this test binary: main %q %q, %d settings → %s", bi.Main.Path, bi.Main.Version, len(bi.Settings), version())
}
