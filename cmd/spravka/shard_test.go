package main

import (
	"testing"

	"github.com/spravka/spravka/pipeline"
)

func TestShardOf(t *testing.T) {
	for _, tt := range []struct {
		spec  string
		n     int
		env   map[string]string
		want  pipeline.Shard
		usage bool
	}{
		{want: pipeline.Shard{}},
		{spec: "1/3", want: pipeline.Shard{I: 1, N: 3}},
		{spec: "1/3", n: 3, want: pipeline.Shard{I: 1, N: 3}},
		{spec: "1/3", n: 4, usage: true},
		{spec: "3/3", usage: true},
		{n: 3, env: map[string]string{"JOB_COMPLETION_INDEX": "2"}, want: pipeline.Shard{I: 2, N: 3}},
		{env: map[string]string{"JOB_COMPLETION_INDEX": "0", "SPRAVKA_SHARDS": "4"}, want: pipeline.Shard{I: 0, N: 4}},
		{n: 2, env: map[string]string{"JOB_COMPLETION_INDEX": "0", "SPRAVKA_SHARDS": "4"}, want: pipeline.Shard{I: 0, N: 2}},
		{spec: "1/2", env: map[string]string{"JOB_COMPLETION_INDEX": "0", "SPRAVKA_SHARDS": "2"}, want: pipeline.Shard{I: 1, N: 2}},
		{n: 1, env: map[string]string{"JOB_COMPLETION_INDEX": "0"}, want: pipeline.Shard{}},
		{n: 3, usage: true},
		{n: 3, env: map[string]string{"JOB_COMPLETION_INDEX": "3"}, usage: true},
		{n: 3, env: map[string]string{"JOB_COMPLETION_INDEX": "x"}, usage: true},
		{env: map[string]string{"JOB_COMPLETION_INDEX": "1"}, usage: true},
		{env: map[string]string{"SPRAVKA_SHARDS": "three", "JOB_COMPLETION_INDEX": "1"}, usage: true},
	} {
		got, err := shardOf(tt.spec, tt.n, func(k string) string { return tt.env[k] })
		if (err != nil) != tt.usage || err == nil && got != tt.want {
			t.Errorf("shardOf(%q, %d, %v) = %v, %v; want %v (error: %v)", tt.spec, tt.n, tt.env, got, err, tt.want, tt.usage)
		}
	}
}
