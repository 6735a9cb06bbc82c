#!/bin/sh
# Renders the clean printed test set from the texts beside this script with
# tools/scangen (see README.md). Run from the repository root:
#
#	sh testdata/print/generate.sh
#
# It needs the fonts of Debian's fonts-cmu, fonts-dejavu-core, fonts-freefont-ttf,
# fonts-linuxlibertine, fonts-ebgaramond and fonts-paratype; the images it
# made are committed, so tests need no fonts.
set -eu
here=testdata/print
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/scangen" ./tools/scangen
scangen=$tmp/scangen

# line SET TEXTS N FONT SIZE THRESHOLD MARGIN SKEW: line N of TEXTS.txt as
# line image N of SET
line() {
	set_=$1 texts=$2 n=$3 font=$4 size=$5 thr=$6 margin=$7 skew=$8
	stem=$(printf '%s/%s/line%02d' "$here" "$set_" "$n")
	mkdir -p "$here/$set_"
	sed -n "${n}p" "$here/$texts.txt" >"$stem.gt.txt"
	$scangen -o "$stem.png" -profile print -proportional -font "$font" -size "$size" \
		-left 10 -right 10 -top 10 -fit "$margin" -bilevel "$thr" -skew "$skew" -seed "$n" "$stem.gt.txt"
}

dev="/usr/share/fonts/truetype/cmu/cmunrm.ttf
/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf
/usr/share/fonts/truetype/freefont/FreeSerif.ttf
/usr/share/fonts/opentype/linux-libertine/LinLibertine_R.otf"
held="/usr/share/fonts/opentype/ebgaramond/EBGaramond12-Regular.otf
/usr/share/fonts/truetype/paratype/PTF55F.ttf
/usr/share/fonts/truetype/cmu/cmunorm.ttf"

# nth LIST I: the I-th (from 0, cycling) entry of a newline-separated LIST
nth() { printf '%s\n' "$1" | awk -v i="$2" 'BEGIN{n=0} {a[n++]=$0} END{print a[i%n]}'; }

i=0
while [ $i -lt 32 ]; do
	n=$((i + 1))
	skew=$(nth "$(printf '0\n0\n0.3\n0\n-0.4\n0')" $((i / 4)))
	line lines lines $n "$(nth "$dev" $i)" $((9 + i % 4)) $((150 + (i % 3) * 20)) $((1 + i % 3)) "$skew"
	# the same lines smaller (8-9 pt) and thresholded lighter: thin, broken strokes
	line lines-thin lines $n "$(nth "$dev" $i)" $((8 + i % 2)) $((115 + (i % 3) * 10)) $((1 + i % 3)) "$skew"
	i=$n
done
i=0
while [ $i -lt 16 ]; do
	n=$((i + 1))
	skew=$(nth "$(printf '0\n0.3\n0\n-0.4')" $((i / 3)))
	line lines-heldout lines-heldout $n "$(nth "$held" $i)" $((9 + i % 4)) $((150 + (i % 3) * 20)) $((1 + i % 3)) "$skew"
	line lines-thin-heldout lines-heldout $n "$(nth "$held" $i)" $((8 + i % 2)) $((115 + (i % 3) * 10)) $((1 + i % 3)) "$skew"
	i=$n
done

# page SET NAME FONT SIZE THRESHOLD SKEW PROFILE [SCANGEN FLAGS]: a full page
page() {
	set_=$1 name=$2 font=$3 size=$4 thr=$5 skew=$6 profile=$7
	shift 7
	$scangen -o "$here/$set_/$name.png" -profile "$profile" -font "$font" -size "$size" \
		-bilevel "$thr" -skew "$skew" -seed 7 "$@" "$here/$set_/$name.gt.txt"
}
page pages print-cmu /usr/share/fonts/truetype/cmu/cmunrm.ttf 12 160 0 print -proportional -left 25 -right 20 -spacing 1.2
page pages typed-freemono /usr/share/fonts/truetype/freefont/FreeMono.ttf 12 170 0.3 clean -bold 0.7
page pages-heldout print-ptserif /usr/share/fonts/truetype/paratype/PTF55F.ttf 11 150 -0.5 print -proportional -left 25 -right 20 -spacing 1.1
page pages-heldout typed-cmutt /usr/share/fonts/truetype/cmu/cmuntt.ttf 12 170 0 clean -bold 0.7
