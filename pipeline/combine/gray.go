package combine

// GrayBelow is the mean word confidence under which the pipeline also reads
// a page's gray image (preprocess.Result.Gray) and keeps whichever of the
// two readings is the more confident (MoreConfident). Clean and good pages
// score above it and are read once: on the development pages the clean
// ones of ../shared/devscans and every page of scans/ scored 84 and more,
// the poor and carbon pages of devscans 60-78, those of devscans-hard
// 51-59. Above the gate the gray image's confidence was no guide (the
// carbon cipher of scans/ scored 84.9 gray against 84.0 bilevel and read 34
// errors against 22). See docs/preprocessing.md.
const GrayBelow = 80

// NeedsGray reports whether r reads poorly enough that the page's gray
// image is read too: its mean word confidence is under GrayBelow, or it has
// no word with a confidence.
func NeedsGray(r Reading) bool {
	conf, ok := r.Page.MeanConf()
	return !ok || conf < GrayBelow
}

// MoreConfident reports whether b has a higher mean word confidence than a
// (a reading without one has none); a wins a tie.
func MoreConfident(b, a Reading) bool {
	cb, okb := b.Page.MeanConf()
	ca, oka := a.Page.MeanConf()
	return okb && (!oka || cb > ca)
}
