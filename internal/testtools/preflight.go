package testtools

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// preflightJars are Apache PDFBox's PDF/A validator, Preflight, and what it
// needs, as Debian 12 installs them (libpdfbox2-java, libfontbox2-java,
// libcommons-logging-java, libactivation-java, libjaxb-api-java).
var preflightJars = []string{"preflight.jar", "pdfbox2.jar", "fontbox2.jar", "xmpbox.jar",
	"commons-logging.jar", "javax.activation.jar", "jaxb-api.jar"}

// PreflightPackages are the Debian packages Preflight runs from.
const PreflightPackages = "default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java"

var preflightError = regexp.MustCompile(`^\s*(\d+(?:\.\d+)*) : (.*)$`)

// Preflight checks the PDF at path with Apache PDFBox's Preflight, which
// validates PDF/A-1b, and returns what it finds wrong, "code : message"
// a finding (none: valid PDF/A-1b). Preflight is the one PDF/A validator
// Debian packages (veraPDF is not packaged).
func Preflight(t testing.TB, path string) []string {
	t.Helper()
	java := Command(t, "java", PreflightPackages)
	var cp []string
	for _, j := range preflightJars {
		p := filepath.Join("/usr/share/java", j)
		if _, err := os.Stat(p); err != nil {
			missing(t, "the Java library "+p, PreflightPackages)
		}
		cp = append(cp, p)
	}
	// it exits 0 for a valid file, and non-zero for an invalid one or none
	out, err := exec.Command(java, "-cp", strings.Join(cp, ":"), "org.apache.pdfbox.preflight.Validator_A1b", path).CombinedOutput()
	var found []string
	valid := false
	for _, l := range strings.Split(string(out), "\n") {
		if m := preflightError.FindStringSubmatch(l); m != nil {
			found = append(found, m[1]+" : "+m[2])
		}
		if strings.Contains(l, "is a valid PDF/A-1b file") {
			valid = true
		}
	}
	if !valid && len(found) == 0 {
		t.Fatalf("Preflight on %s said neither valid nor what is wrong (%v):\n%s", path, err, out)
	}
	return found
}
