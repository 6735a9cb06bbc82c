package correct

import "testing"

func TestRomanMonths(t *testing.T) {
	c := newTestCorrector(t, DefaultOptions())
	runText(t, c, []textCase{
		{"three T", "от 29. ТТТ. 53г.", "от 29. III. 53г."},
		{"П and T", "29. ПТ. 53г. КУЗНЕЦОВ", "29. III. 53г. КУЗНЕЦОВ"},
		{"Ш and T", "от 24. ШТ. 53г.", "от 24. III. 53г."},
		{"Ш alone", "от 12. Ш. 1953 г.", "от 12. III. 1953 г."},
		{"before a time", "Отпеч. 29. ТТТ. 22-15", "Отпеч. 29. III. 22-15"},
		{"one token", "от 12.ХТ.52 г.", "от 12.XI.52 г."},
		{"one token, year apart", "Лебедев 28.УТТ. 52", "Лебедев 28.VII. 52"},
		{"colon for a stroke", "от 25.ТТ:.53", "от 25.III.53"},
		{"lower-case look-alikes", "от 5.т.53", "от 5.I.53"},
		// must not fire
		{"already Roman", "от 29. III. 53г.", "от 29. III. 53г."},
		{"Arabic month", "от 23.11.53", "от 23.11.53"},
		{"no month", "от 24.ТТТТТ.53", "от 24.ТТТТТ.53"},
		{"no year after", "п. 5. Т. Иванов", "п. 5. Т. Иванов"},
		{"no day before", "пункт Т. 53", "пункт Т. 53"},
		{"a word between", "29. при 53г.", "29. при 53г."},
	})
}

func TestNameSpellingNotJoined(t *testing.T) {
	c := newTestCorrector(t, DefaultOptions())
	runText(t, c, []textCase{
		// the lexicon has Чжоу Эньлай; «Чжоу Энь Лай» is another spelling, not a split by OCR
		{"capitalised parts stay", "встреча с Чжоу Энь Лаем", "встреча с Чжоу Энь Лаем"},
		{"a split word is joined", "встреча с Чжоу Энь лаем", "встреча с Чжоу Эньлаем"},
	})
}

func TestFormulaCaseFollowsText(t *testing.T) {
	c := newTestCorrectorLex(t, DefaultOptions(), "Запись беседы\tformula\n")
	runText(t, c, []textCase{
		{"inside a sentence", "запросить запись оеседы с ним", "запросить запись беседы с ним"},
		{"at the start", "Запись оеседы с ним", "Запись беседы с ним"},
	})
}
