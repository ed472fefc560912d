# test and [ ]: strings, numbers, files.
mkdir -p "$1" && cd "$1" || exit 99
t() { if "$@"; then echo "yes: $*"; else echo "no: $*"; fi; }
mkdir d; echo data >f; : >e; ln -s f l; chmod 755 f
t test a = a
t test a != a
t [ -z "" ]
t [ -n "" ]
t [ abc ]
t [ "" ]
t [ 3 -eq 3 ]
t [ 3 -ne 3 ]
t [ 2 -lt 10 ]
t [ 10 -le 2 ]
t [ 5 -gt 4 ]
t [ 5 -ge 6 ]
t [ -e f ]
t [ -e missing ]
t [ -f f ]
t [ -f d ]
t [ -d d ]
t [ -s f ]
t [ -s e ]
t [ -L l ]
t [ -h f ]
t [ -r f ]
t [ -w f ]
t [ -x f ]
t [ -x e ]
t [ ! -e missing ]
t [ a = a -a b = c ]
t [ a = a -o b = c ]
t [ f -nt missing ]
t [ "(" 1 -eq 1 ")" ]
