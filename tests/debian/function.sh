# Functions: arguments, return values, local variables, recursion.
mkdir -p "$1" && cd "$1" || exit 99
greet() { echo "hello $1 ($#)"; }
greet world
greet "two words" extra
ret() { return "$1"; }
ret 5; echo "returned $?"
glob=g
scope() { local glob=l; echo "in $glob"; }
scope; echo "out $glob"
fact() {
	if [ "$1" -le 1 ]; then echo 1; return; fi
	echo $(( $1 * $(fact $(( $1 - 1 ))) ))
}
fact 10
counter=0
inc() { counter=$((counter + 1)); }
inc; inc; inc; echo "counter $counter"
fib() { if [ "$1" -lt 2 ]; then echo "$1"; else echo $(( $(fib $(($1-1))) + $(fib $(($1-2))) )); fi; }
fib 12
redir() { echo "to file"; }
redir >f.txt; cat f.txt
pipe() { tr a-z A-Z; }
echo shout | pipe
