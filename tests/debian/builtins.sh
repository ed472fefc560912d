# Built-ins: cd and pwd, umask, eval, getopts, set, exec, kill -l, shift, type of error.
mkdir -p "$1" && cd "$1" || exit 99
mkdir -p d1/d2
cd d1/d2 && basename "$(pwd)" && cd ../.. && basename "$PWD"
cd d1 && cd - >/dev/null && basename "$PWD"
umask 027; umask; touch masked; stat -c '%a' masked; mkdir mdir; stat -c '%a' mdir
umask 022
cmd='echo evaluated $((2 + 3))'; eval "$cmd"
eval 'v1=one v2=two'; echo "$v1 $v2"
parse() {
	OPTIND=1
	while getopts ab:c opt; do
		case $opt in
		b) echo "option b with $OPTARG" ;;
		\?) echo "bad option" ;;
		*) echo "option $opt" ;;
		esac
	done
	shift $((OPTIND - 1)); echo "rest: $*"
}
parse -a -b val -c file1 file2
parse -x 2>/dev/null
set -- x y z; echo "$#: $*"; set --; echo "$#"
(set -u; echo "$undefined_var") 2>/dev/null; echo "set -u status $?"
(: "${must:?not set}") 2>/dev/null; echo "colon-question status $?"
(exec echo "exec replaced the subshell"; echo not reached)
kill -l 9; kill -l 15
[ "$(kill -l 1)" = HUP ] && echo "kill -l 1 is HUP"
printf 'tab\there\n'
printf '%s=%s\n' a 1 b 2
echo "pid positive: $(( $$ > 0 ))"
true; echo "\$- has no i: $(case $- in *i*) echo interactive;; *) echo no;; esac)"
command echo "via command"
x=outer; f() { x=inner; }; f; echo "$x"
alias ll='echo alias expanded' 2>/dev/null
echo "after alias"
wait; echo "wait without jobs $?"
exit 0
