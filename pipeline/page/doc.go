// Package page owns spravka's data model: a recognised page of blocks, lines
// and words with boxes and confidences, and the record of every correction
// proposed or applied to it. Every stage reads and writes these plain values.
package page
