// Package lexicon owns spravka's word lists: the domain lexicon (the names, places,
// organisations, abbreviations and formulae of Soviet documents of 1945-1956,
// read from plain tab-separated files, with their Russian case forms
// generated and indexed for fast lookup by the corrector), and the list of
// common Russian word forms with its character model (Common; see
// words/README.md).
//
// # The file format (for archivists)
//
// A lexicon file is UTF-8 text with one term per line and the columns
// separated by a TAB. A spreadsheet can edit it: save it as "Tab-separated
// values (.tsv)", UTF-8.
//
//   - Lines starting with # are comments; empty lines are ignored.
//   - The first other line is the header, exactly:
//     term<TAB>kind<TAB>misreadings<TAB>forms<TAB>note
//     (a file may stop after any column, for example "term<TAB>kind").
//   - Every following line is one term. Columns missing at the end of a line
//     are empty. A line with more than five columns, an empty term, an unknown
//     kind or a bad misreading is an error that names the file and the line.
//
// The columns:
//
//   - term: the canonical written form as it appears in documents of the
//     period: the nominative singular of a name or noun («Разуваев», «Малик»,
//     «Ким Ир Сен», «Пхеньян»), the full abbreviation («КНДР», «МИД СССР»,
//     «ЦК ВКП(б)»), the formula as typed («Шифртелеграмма», «Строго секретно»,
//     «вх.», «исх.»). Words of a multi-word term are separated by single
//     spaces. Write the letter case normally: matching ignores case and ё/е
//     (КУЗНЕЦОВ, Кузнецов and кузнецов all match), and a correction keeps the
//     case pattern of the text it corrects.
//   - kind: one of person, place, organisation, abbreviation, formula, term.
//     A term is a general word of the period that the general dictionary may
//     lack or that OCR often mangles (военнопленный, пхеньянский, Президиум).
//   - misreadings: known misreadings of the term, separated by ";". Each is
//     either the misreading alone, standing for the term itself
//     («Рабузов» for Разуваев), or misreading=form, standing for one case form
//     («Каллины=Малика» for Малик). A known misreading is corrected wherever it
//     occurs, even when it is itself a valid word, so list only misreadings
//     attested in real sources and say where in the note. The corrector finds
//     ordinary OCR errors by itself.
//   - forms: leave empty for the automatic case forms. Otherwise:
//     indecl (the term never changes), f or m (decline as a woman's or a
//     man's surname), adj (decline as an adjective: Вышинский → Вышинского,
//     пхеньянский → пхеньянское), pl (a plural-only noun), or a ";"-separated
//     list of extra forms added to the automatic ones («Хрущёв;Хрущёва»). A
//     list that starts with "=" replaces the automatic forms
//     («=Берия;Берии;Берию;Берией»).
//   - note: free text for people: who or what the term is, and the source.
//
// Automatic forms: persons decline as Russian surnames (-ов/-ев/-ин with the
// feminine -ова and the plural, -ский and -ой as an adjective, consonant-final
// names such as Малик → Малика, Малику, Маликом, Малике, with -ем after ж, ш,
// ч, щ, ц: Кагановичем; -ия and -а/-я names as nouns); a surname in
// -ова/-ева/-ина/-ына is a woman's (Фурцева → Фурцевой) unless forms says m;
// surnames in -енко, -ко, -их, -ых and other vowel-final names are
// indeclinable; a man's name has no feminine forms unless it is an
// -ов/-ин/-ский name. In a multi-word person name whose leading parts are
// Korean or Chinese syllables (short, or spelled with э, -нь, Чж-, Цз-, Сю-,
// Ся-: Ким Ир Сен, Нам Ир, Чэнь Юнь, Чжан Вэньтянь) only the last part
// declines, as a plain noun (Ким Ир Сеном, Дэн Сяопином, Чэнь Юнем), and not
// at all when it ends in a vowel (Дэн Хуа, Линь Бяо); otherwise every part
// declines (Андрей Громыко → Андрея Громыко). Places, organisations and terms
// decline their leading adjectives and first noun by the ending (Северная
// Корея → Северной Кореи; Президиум Верховного Совета → Президиума Верховного
// Совета; a last word in -ие is a noun: перемирие → перемирия, перемирием);
// place names ending in -о/-е/-и/-у are indeclinable, and a place in a
// consonant takes -ем after ж, ш, ч, щ, ц (Парижем). Only terms have plural
// forms; a term in -а or -о has the genitive plural with no ending where no
// vowel is inserted: its stem ends in one consonant after a vowel or in a
// doubled one (шифртелеграмма → шифртелеграмм, дело → дел, but no form for
// шифровка, whose genitive is шифровок). A plural-only noun (pl) has the
// genitive -ов (переговоров), -ев after ц, -ей after a soft or hushing
// consonant. Abbreviations and formulae have no case forms.
//
// Several files can be loaded: the default lexicon built into the binary (all
// files data/*.tsv of this package, in name order) and any number of
// collection-specific files (spravka --lexicon FILE). A later row with the
// same term and kind as an earlier one adds its misreadings and forms to it.
package lexicon
