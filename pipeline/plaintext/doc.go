// Package plaintext owns reading plain-text input (a text to correct, a
// transcription to compare with): a regular file, or a stream, of UTF-8 text,
// told apart from binary data, other encodings and things that are not
// files, each with an error that names the input and the problem.
package plaintext
