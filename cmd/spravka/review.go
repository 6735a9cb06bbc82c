package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/spravka/spravka/pipeline/lexicon"
	"github.com/spravka/spravka/pipeline/record"
	"github.com/spravka/spravka/pipeline/review"
)

func newReviewCmd() *cobra.Command {
	var (
		addr, export string
		allowRemote  bool
		lexFiles     []string
	)
	cmd := &cobra.Command{
		Use:   "review [flags] [OUTPUT_DIR]",
		Short: "Review the corrections of an output folder in the browser: accept, reject, edit",
		Long: `Start a local web server for the review of OUTPUT_DIR (default: output) and
print its address. Page by page, every applied or suggested correction can be
accepted, rejected or edited, and any other word edited (click it on the scan
or in the text); a concordance lists every occurrence of a reading or of a
correction across the batch to decide them all at once. Decisions are saved at
once: <rel>.review.json, the reviewed text <rel>.final.txt and
<rel>.final.alto.xml. A later spravka run never touches these files; when a
page's OCR changed since, its old decisions are shown as stale, not applied.

The lexicon learned from the decisions (accepted or edited fixes the lexicon
did not know) can be downloaded from the review's index, or written with
--export-lexicon; spravka run --lexicon FILE then fixes them without review.

The server listens on this machine only unless --allow-remote is given; Ctrl-C
stops it (exit code 0: every decision is saved as it is made).`,
		Example: `  spravka review output
  spravka review --addr 127.0.0.1:9000 output
  # the fixes learned, for the next run
  spravka review --export-lexicon learned.tsv output && spravka run --lexicon learned.tsv`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeFolders,
		Annotations:       map[string]string{annStops: "yes"},
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := outputDirArg(args)
			if err != nil {
				return err
			}
			lex, err := lexicons(lexFiles)
			if err != nil {
				return fatal(err)
			}
			open := review.Open
			if export != "" {
				open = review.OpenReadOnly
			}
			store, err := open(dir)
			if errors.Is(err, record.ErrNoRecords) {
				return &exitError{exitFatal, fmt.Errorf("%w (run spravka run first)", err)}
			}
			if err != nil {
				return fatal(err)
			}
			defer store.Close()
			if export != "" {
				return exportLexicon(cmd, store, lex, export)
			}
			if !review.IsLoopback(addr) && !allowRemote {
				return &exitError{exitUsage, fmt.Errorf("--addr %s is not a loopback address: the review has no login, so anyone who reaches it can change the decisions; add --allow-remote if that is what you want", addr)}
			}
			return serveReview(cmd.Context(), store, lex, addr, !review.IsLoopback(addr))
		},
	}
	describe(cmd, []int{exitOK, exitFatal, exitUsage},
		arg{"OUTPUT_DIR", "a folder spravka run wrote (default: output)"})
	fl := cmd.Flags()
	fl.StringArrayVar(&lexFiles, "lexicon", nil, "a lexicon `FILE` the run used besides the default (what it knows is not learned again); repeatable")
	group(cmd, "correction", "lexicon")
	completeFiles(cmd, "lexicon", "tsv")
	fl.StringVar(&export, "export-lexicon", "", "write the lexicon learned from the decisions to `FILE` (- for standard output) and exit, without serving")
	group(cmd, "output", "export-lexicon")
	fl.StringVar(&addr, "addr", "127.0.0.1:8765", "listen on `HOST:PORT` (port 0 picks a free one)")
	fl.BoolVar(&allowRemote, "allow-remote", false, "allow an address other machines can reach (there is no login: anyone who reaches it can decide)")
	group(cmd, "server", "addr", "allow-remote")
	return cmd
}

func exportLexicon(cmd *cobra.Command, store *review.Store, lex *lexicon.Lexicon, file string) error {
	data, n, err := store.Learn(lex)
	if err != nil {
		return fatal(err)
	}
	if file == "-" {
		_, err = cmd.OutOrStdout().Write(data)
	} else {
		err = os.WriteFile(file, data, 0o644)
	}
	if err != nil {
		return fatal(err)
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "%d misreadings learned from the decisions\n", n)
	return nil
}

func serveReview(ctx context.Context, store *review.Store, lex *lexicon.Lexicon, addr string, remote bool) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fatal(fmt.Errorf("listening on %s: %w (choose another with --addr, e.g. 127.0.0.1:0)", addr, err))
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := review.NewServer(store, lex, ln.Addr().String(), log)
	if err != nil {
		ln.Close()
		return fatal(err)
	}
	defer srv.Close()
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	if remote {
		fmt.Fprintf(os.Stderr, "warning: listening on %s, which other machines can reach; the review has no login\n", ln.Addr())
	}
	url := "http://" + ln.Addr().String() + "/"
	if review.IsLoopback(ln.Addr().String()) {
		if _, port, err := net.SplitHostPort(ln.Addr().String()); err == nil {
			url = "http://localhost:" + port + "/"
		}
	}
	fmt.Fprintf(os.Stderr, "review of %d pages (%s): open %s\nCtrl-C stops the server; every decision is saved as it is made.\n",
		len(store.Pages()), store.Progress(), url)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fatal(err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	hs.Shutdown(shut)
	fmt.Fprintln(os.Stderr, "review stopped; every decision is saved")
	return nil
}
