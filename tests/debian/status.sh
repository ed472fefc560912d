# Exit statuses: $?, && and ||, !, set -e in a subshell, the script's own exit.
mkdir -p "$1" && cd "$1" || exit 99
true; echo "true $?"
false; echo "false $?"
true && echo "and ran"
false && echo "not printed"
false || echo "or ran"
! false; echo "bang $?"
sh -c 'exit 42'; echo "sh exit $?"
nonexistent_command_xyz 2>/dev/null; echo "missing $?"
touch notexec; chmod 644 notexec; ./notexec 2>/dev/null; echo "not executable $?"
(set -e; false; echo "not printed") ; echo "set -e subshell $?"
if false; then echo no; elif true; then echo "elif"; fi
grep -q nothing /dev/null; echo "grep no match $?"
sh -c 'kill -9 $$'; echo "killed $?"
exit 17
