// Package accuracy owns spravka's measures of text quality against a manual
// transcription: character and word error rates over whitespace-folded text
// (line breaks and spacing never count as errors), and the word-level
// alignment that tells which words a correction fixed and which it broke.
package accuracy
