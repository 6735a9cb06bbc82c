// Package accuracy owns spravka's measures of text quality against a manual
// transcription: exact character and word error rates, the alignment that
// shows where a text differs from its reference, and the word-level count of
// the words a correction fixed and the words it broke.
//
// # Comparing two texts
//
// Compare(ref, hyp, n) aligns a hypothesis (OCR or corrected text) with its
// reference (the transcription) at two levels and returns a Comparison:
//
//   - Chars: characters. A character is a grapheme cluster in NFC, so a
//     letter with its combining marks is one character, and a run of
//     whitespace is one character (a space; under KeepLines a run with a
//     line break in it is a line-break character). Chars.Rate is the CER:
//     Errors is the Levenshtein distance, N the reference's length.
//   - Words: the runs of non-whitespace, compared whole (under KeepLines a
//     line break is a word too). Words.Rate is the WER.
//
// The default normalisation (the zero Normalize) folds every run of
// whitespace to one space and trims the ends, so that line breaks and
// spacing are never errors; KeepLines, FoldCase, IgnorePunct (punctuation
// and symbols dropped), FoldYo (ё as е) and FoldHomoglyphs (Latin look-alikes
// as their Cyrillic twins, the table of package homoglyph) make a comparison
// stricter or more lenient. CER and WER are Compare's rates under the
// default, without the alignment; the run's page records use them, so a
// record and `spravka diff` give the same numbers.
//
// Each level's Ops are the alignment as runs of one kind (Equal, Substitute,
// Delete: reference text missing from the hypothesis, Insert: hypothesis
// text not in the reference), in order, with their byte spans in the
// ORIGINAL texts, not the normalised ones, so a viewer can show each text as
// it is, line breaks and all, and mark the differences in place:
//
//	c := accuracy.Compare(ref, hyp, accuracy.Normalize{})
//	at := 0
//	for _, o := range c.Chars.Ops {
//		write(ref[at:o.Ref.Start], "")          // whitespace at the ends, dropped punctuation
//		write(ref[o.Ref.Start:o.Ref.End], o.Kind) // empty for an Insert: mark the place
//		at = o.Ref.End
//	}
//	write(ref[at:], "")
//
// and the same with o.Hyp for the hypothesis. The side of an Insert or a
// Delete that has no tokens gets an empty span at the place where the other
// side's text belongs. A run holds consecutive tokens separated at most by
// whitespace: it never spans a token the normalisation dropped, so those
// bytes fall between runs, unmarked. Equal runs may differ in the original
// (a line break against a space, Ё against Е under FoldYo). Op.N counts a
// run's tokens; the Alignment counts substitutions, deletions and
// insertions in tokens.
//
// # The algorithm
//
// The alignment is exact (unit-cost Levenshtein) and fast on similar texts:
// after the common prefix and suffix are stripped, a forward and a backward
// "furthest reaching" wave (Ukkonen; Landau and Vishkin) advance over the
// diagonals until they meet, about D²/2 steps for a distance D whatever the
// lengths, and the path is traced back from the meeting cell through levels
// recomputed between a few kept ones (at most 32 MB of them). Two texts of
// 200,000 characters compare, characters and words, in about 0.3 s at 5 %
// character errors and 1.3 s at 15 % on one core (BenchmarkDiff200k; the
// O(n·m) programme spravka used before takes 0.6 s for 20,000 characters).
// The cost grows with the distance, not the length: unrelated texts (D near
// n) cost about n²/2 steps, instant for a page, minutes for two unrelated
// books.
package accuracy
