# Scripts that run scripts: #! lines (an interpreter found from here, with an
# argument), arguments passed on, sourcing with ., a script found through PATH, exec.
mkdir -p "$1" && cd "$1" || exit 99
mkdir shells && ln -s "$(which busybox)" shells/sh
printf '#!./shells/sh\necho "child got $# args: $*"\nexit 4\n' >child.sh
chmod 755 child.sh
./child.sh one "two words"; echo "child status $?"
printf '#!./shells/sh -e\nfalse\necho "not reached under -e"\n' >strict.sh
chmod 755 strict.sh; ./strict.sh; echo "strict status $?"
printf 'lib_var=from-lib\nlib_fn() { echo "lib_fn says $1"; }\n' >lib.sh
. ./lib.sh; echo "$lib_var"; lib_fn hi
mkdir bin; printf '#!./shells/sh\necho "found through PATH: ${0##*/}"\n' >bin/tool
chmod 755 bin/tool; PATH=$PWD/bin:$PATH tool
printf 'echo "no #! line: run by the shell itself"\n' >plain.sh; chmod 755 plain.sh; ./plain.sh
(exec ./child.sh via exec); echo "exec status $?"
printf '#!./shells/nonexistent\n' >broken.sh; chmod 755 broken.sh
./broken.sh 2>/dev/null; echo "missing interpreter status $?"
sh child.sh by name; echo "sh child.sh status $?"
sh -c '. ./lib.sh; lib_fn "in sh -c"'
echo 'echo "from stdin script $1"' | sh -s arg1
