# case: patterns, alternatives, fall-through to the default.
mkdir -p "$1" && cd "$1" || exit 99
for w in apple banana cherry 42 Z "" x.tar.gz; do
	case $w in
	apple | banana) echo "$w: fruit a or b" ;;
	c*) echo "$w: starts with c" ;;
	[0-9]*) echo "$w: number" ;;
	[A-Z]) echo "$w: one capital" ;;
	"") echo "empty" ;;
	*.tar.*) echo "$w: tarball" ;;
	*) echo "$w: other" ;;
	esac
done
case "a b" in "a b") echo "quoted pattern" ;; esac
case x in y) echo no ;; esac; echo "no match status $?"
