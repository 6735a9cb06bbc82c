package main

import (
	"github.com/spf13/cobra"
)

// Shell completion (spravka completion SHELL) completes commands and flags
// by itself; these tell it what the values of arguments and flags are.

// completeFolders completes a command's arguments with folder names.
func completeFolders(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveFilterDirs
}

// completeWords completes a flag with the words it takes.
func completeWords(cmd *cobra.Command, flag string, words ...string) {
	must(cmd.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(words, cobra.ShellCompDirectiveNoFileComp)))
}

// completeFiles completes a flag with the names of files ending in one of exts.
func completeFiles(cmd *cobra.Command, flag string, exts ...string) {
	must(cmd.MarkFlagFilename(flag, exts...))
}

// completeDirFlag completes a flag with folder names.
func completeDirFlag(cmd *cobra.Command, flag string) {
	must(cmd.MarkFlagDirname(flag))
}

// must panics on an error that only a mistake in spravka's own command
// definitions can cause (the tests run every definition).
func must(err error) {
	if err != nil {
		panic(err)
	}
}
