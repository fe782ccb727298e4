// Command gencorpus writes a generated et/en/ru victim-support site for
// benchmarks (see package corpus):
//
//	go run ./internal/corpus/gencorpus [-seed N] [-hugo] OUTDIR PAGES
//
// PAGES counts pages across the three languages.
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"

	"github.com/haven-cms/haven/internal/corpus"
)

func main() {
	seed := flag.Uint64("seed", 1, "random seed; the same seed writes the same corpus")
	hugo := flag.Bool("hugo", false, "also write OUTDIR/hugo, a Hugo site over the same content")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: gencorpus [-seed N] [-hugo] OUTDIR PAGES")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 2 {
		flag.Usage()
		os.Exit(2)
	}
	pages, err := strconv.Atoi(flag.Arg(1))
	if err != nil || pages < 1 {
		fmt.Fprintf(os.Stderr, "gencorpus: PAGES: %q is not a positive number\n", flag.Arg(1))
		os.Exit(2)
	}
	if err := corpus.Generate(flag.Arg(0), corpus.Options{Pages: pages, Seed: *seed, Hugo: *hugo}); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}
