package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/spravka/spravka/pipeline"
)

// The parts of the Kubernetes objects in deploy/k8s that make the cluster
// run work; decoding rejects any field these do not know, so a misspelled
// field the test cares about fails it.
type k8sObject struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name   string            `yaml:"name"`
		Labels map[string]string `yaml:"labels"`
	} `yaml:"metadata"`
	Spec yaml.Node `yaml:"spec"`
}

type pvcSpec struct {
	AccessModes []string `yaml:"accessModes"`
	Resources   struct {
		Requests map[string]string `yaml:"requests"`
	} `yaml:"resources"`
}

type jobSpec struct {
	CompletionMode       string `yaml:"completionMode"`
	Completions          *int   `yaml:"completions"`
	Parallelism          *int   `yaml:"parallelism"`
	BackoffLimit         *int   `yaml:"backoffLimit"`
	BackoffLimitPerIndex *int   `yaml:"backoffLimitPerIndex"`
	PodFailurePolicy     *struct {
		Rules []struct {
			Action      string `yaml:"action"`
			OnExitCodes struct {
				ContainerName string `yaml:"containerName"`
				Operator      string `yaml:"operator"`
				Values        []int  `yaml:"values"`
			} `yaml:"onExitCodes"`
		} `yaml:"rules"`
	} `yaml:"podFailurePolicy"`
	Template struct {
		Metadata struct {
			Labels map[string]string `yaml:"labels"`
		} `yaml:"metadata"`
		Spec struct {
			RestartPolicy  string         `yaml:"restartPolicy"`
			InitContainers []k8sContainer `yaml:"initContainers"`
			Containers     []k8sContainer `yaml:"containers"`
			Volumes        []struct {
				Name                  string `yaml:"name"`
				PersistentVolumeClaim struct {
					ClaimName string `yaml:"claimName"`
				} `yaml:"persistentVolumeClaim"`
			} `yaml:"volumes"`
		} `yaml:"spec"`
	} `yaml:"template"`
}

// k8sContainer is a container of a pod template, as far as the tests read it.
type k8sContainer struct {
	Name            string   `yaml:"name"`
	Image           string   `yaml:"image"`
	ImagePullPolicy string   `yaml:"imagePullPolicy"`
	Args            []string `yaml:"args"`
	Env             []struct {
		Name  string `yaml:"name"`
		Value string `yaml:"value"`
	} `yaml:"env"`
	Resources struct {
		Requests map[string]string `yaml:"requests"`
		Limits   map[string]string `yaml:"limits"`
	} `yaml:"resources"`
	VolumeMounts []struct {
		Name      string `yaml:"name"`
		MountPath string `yaml:"mountPath"`
	} `yaml:"volumeMounts"`
}

func readK8s(t *testing.T, name string, spec any) k8sObject {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("../../deploy/k8s", name))
	if err != nil {
		t.Fatal(err)
	}
	var o k8sObject
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&o); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if err := o.Spec.Decode(spec); err != nil {
		t.Fatalf("%s spec: %v", name, err)
	}
	// KnownFields does not reach into a yaml.Node: decode the spec strictly too
	var strict bytes.Buffer
	enc := yaml.NewEncoder(&strict)
	enc.Encode(&o.Spec)
	sdec := yaml.NewDecoder(&strict)
	sdec.KnownFields(true)
	if err := sdec.Decode(spec); err != nil {
		t.Fatalf("%s spec: %v", name, err)
	}
	return o
}

// TestK8sManifests checks deploy/k8s: an Indexed Job whose pods each run
// one shard (the real flags, parsed by the real command, give every index
// its own shard), on a ReadWriteMany volume the report job reads too.
func TestK8sManifests(t *testing.T) {
	var pvc pvcSpec
	p := readK8s(t, "pvc.yaml", &pvc)
	if p.APIVersion != "v1" || p.Kind != "PersistentVolumeClaim" || !slices.Equal(pvc.AccessModes, []string{"ReadWriteMany"}) || pvc.Resources.Requests["storage"] == "" {
		t.Errorf("pvc.yaml: %s %s, access %v, requests %v: want a ReadWriteMany claim with a size", p.APIVersion, p.Kind, pvc.AccessModes, pvc.Resources.Requests)
	}

	var job, rep jobSpec
	j := readK8s(t, "job.yaml", &job)
	r := readK8s(t, "report-job.yaml", &rep)
	for name, o := range map[string]k8sObject{"job.yaml": j, "report-job.yaml": r} {
		if o.APIVersion != "batch/v1" || o.Kind != "Job" || o.Metadata.Name == "" {
			t.Errorf("%s: %s %s %q", name, o.APIVersion, o.Kind, o.Metadata.Name)
		}
	}
	if job.CompletionMode != "Indexed" || job.Completions == nil || job.Parallelism == nil || *job.Completions < 2 {
		t.Fatalf("job.yaml: mode %q, completions %v: want an Indexed Job of several pods", job.CompletionMode, job.Completions)
	}
	n := *job.Completions
	for name, s := range map[string]*jobSpec{"job.yaml": &job, "report-job.yaml": &rep} {
		ps := s.Template.Spec
		if ps.RestartPolicy != "Never" || len(ps.Containers) != 1 || len(ps.Volumes) != 1 {
			t.Fatalf("%s: restart %q, %d containers, %d volumes", name, ps.RestartPolicy, len(ps.Containers), len(ps.Volumes))
		}
		for _, c := range append(slices.Clone(ps.InitContainers), ps.Containers...) {
			if c.Image == "" || c.Image != job.Template.Spec.Containers[0].Image {
				t.Errorf("%s: image %q, want the job's", name, c.Image)
			}
			if ps.Volumes[0].PersistentVolumeClaim.ClaimName != p.Metadata.Name || len(c.VolumeMounts) != 1 ||
				c.VolumeMounts[0].Name != ps.Volumes[0].Name || c.VolumeMounts[0].MountPath != "/data" {
				t.Errorf("%s: volume %+v mounted as %+v, want claim %s at /data", name, ps.Volumes, c.VolumeMounts, p.Metadata.Name)
			}
		}
	}

	// the shard pods: the args are the real command's, every index its own shard
	c := job.Template.Spec.Containers[0]
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	if env["OMP_THREAD_LIMIT"] != "1" {
		t.Errorf("job.yaml: OMP_THREAD_LIMIT %q, want 1", env["OMP_THREAD_LIMIT"])
	}
	run := newRunCmd()
	if len(c.Args) == 0 || c.Args[0] != "run" {
		t.Fatalf("job.yaml args %v: want spravka run", c.Args)
	}
	if err := run.ParseFlags(c.Args[1:]); err != nil {
		t.Fatalf("job.yaml args %v: %v", c.Args, err)
	}
	if pos := run.Flags().Args(); len(pos) != 1 || !strings.HasPrefix(pos[0], "/data/") {
		t.Errorf("job.yaml: input %v, want one folder on the volume", pos)
	}
	out, _ := run.Flags().GetString("output")
	shards, _ := run.Flags().GetInt("shards")
	resume, _ := run.Flags().GetBool("resume")
	workers, _ := run.Flags().GetInt("jobs")
	if !strings.HasPrefix(out, "/data/") || !resume {
		t.Errorf("job.yaml: output %q, resume %v: want the volume, and a retried pod to resume", out, resume)
	}
	if cpu, _ := strconv.Atoi(c.Resources.Requests["cpu"]); cpu < workers {
		t.Errorf("job.yaml: %d workers on %q CPUs requested", workers, c.Resources.Requests["cpu"])
	}
	seen := map[pipeline.Shard]bool{}
	for i := range n {
		s, err := shardOf("", shards, func(k string) string {
			return map[string]string{"JOB_COMPLETION_INDEX": strconv.Itoa(i)}[k]
		})
		if err != nil || s.N != n || seen[s] {
			t.Errorf("index %d of %d: shard %v, %v", i, n, s, err)
		}
		seen[s] = true
	}
	// exit codes: a retry cannot mend fatal or usage errors, nor pages that failed
	actions := map[int]string{}
	if job.PodFailurePolicy != nil {
		for _, rule := range job.PodFailurePolicy.Rules {
			if rule.OnExitCodes.Operator != "In" || rule.OnExitCodes.ContainerName != c.Name {
				t.Errorf("rule %+v", rule)
			}
			for _, v := range rule.OnExitCodes.Values {
				actions[v] = rule.Action
			}
		}
	}
	if actions[exitFatal] != "FailJob" || actions[exitUsage] != "FailJob" || actions[exitPagesFailed] != "FailIndex" || actions[exitInterrupted] != "" || job.BackoffLimitPerIndex == nil {
		t.Errorf("job.yaml: exit code actions %v, backoff per index %v", actions, job.BackoffLimitPerIndex)
	}

	// the report reads the output the shards wrote (first, as an init
	// container), then spravka pdf writes the searchable PDFs from the
	// same input and output
	if len(rep.Template.Spec.InitContainers) != 1 {
		t.Fatalf("report-job.yaml: %d init containers, want the report", len(rep.Template.Spec.InitContainers))
	}
	ra := rep.Template.Spec.InitContainers[0].Args
	if len(ra) != 2 || ra[0] != "report" || ra[1] != out {
		t.Errorf("report-job.yaml args %v, want report %s", ra, out)
	}
	report, _, err := newRoot().Find([]string{"report"})
	if err != nil || report.Name() != "report" {
		t.Fatal("no report command")
	}
	if err := report.ParseFlags(ra[1:]); err != nil {
		t.Errorf("report-job.yaml args %v: %v", ra, err)
	}
	pa := rep.Template.Spec.Containers[0].Args
	pdf := newPDFCmd()
	if len(pa) == 0 || pa[0] != "pdf" {
		t.Fatalf("report-job.yaml args %v, want spravka pdf after the report", pa)
	}
	if err := pdf.ParseFlags(pa[1:]); err != nil {
		t.Fatalf("report-job.yaml args %v: %v", pa, err)
	}
	input, _ := pdf.Flags().GetString("input")
	if pos := pdf.Flags().Args(); len(pos) != 1 || pos[0] != out || input != run.Flags().Args()[0] {
		t.Errorf("report-job.yaml: spravka pdf %v of input %q, want %s of input %s", pos, input, out, run.Flags().Args()[0])
	}
}
