package sample

import (
	"fmt"
	"testing"
)

func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{DefaultInstances, MaxInstances} {
		b.Run(fmt.Sprintf("instances=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Generate(Params{Instances: n}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
