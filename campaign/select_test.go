package campaign

import (
	"slices"
	"testing"
)

func TestSelectTargets(t *testing.T) {
	all := []string{"FuzzA", "FuzzB", "FuzzC", "FuzzD", "FuzzE"}
	for _, tc := range []struct {
		wanted        []string
		shard, shards int
		want          []string
		err           bool
	}{
		{nil, 0, 0, all, false},
		{[]string{"FuzzC", "FuzzA", "FuzzC"}, 0, 0, []string{"FuzzC", "FuzzA"}, false},
		{[]string{"FuzzZ"}, 0, 0, nil, true},
		{nil, 1, 2, []string{"FuzzA", "FuzzC", "FuzzE"}, false},
		{nil, 2, 2, []string{"FuzzB", "FuzzD"}, false},
		{nil, 3, 3, []string{"FuzzC"}, false},
		{[]string{"FuzzB", "FuzzD"}, 2, 2, []string{"FuzzD"}, false},
	} {
		got, err := selectTargets(all, tc.wanted, tc.shard, tc.shards)
		if !slices.Equal(got, tc.want) || (err != nil) != tc.err {
			t.Errorf("selectTargets(%v, %d/%d) = %v, %v; want %v, error %v", tc.wanted, tc.shard, tc.shards, got, err, tc.want, tc.err)
		}
	}
}

func TestCheckMinimizeTime(t *testing.T) {
	for s, ok := range map[string]bool{"": true, "5s": true, "2000x": true, "1x": true, "0x": false, "-1s": false, "0s": false, "x": false, "5": false, "abc": false} {
		if err := CheckMinimizeTime(s); (err == nil) != ok {
			t.Errorf("CheckMinimizeTime(%q) = %v; want ok %v", s, err, ok)
		}
	}
}
