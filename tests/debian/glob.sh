# Globbing over a directory the script makes.
mkdir -p "$1" && cd "$1" || exit 99
mkdir g && cd g || exit 98
touch a.c b.c c.h abc.txt .hidden x1 x2 x10
mkdir sub; touch sub/in.c sub/in.h
echo *
echo *.c
echo ?.?
echo x[0-9]
echo x*
echo [ab]*
echo [!a]*
echo .*
echo */*.c
echo nomatch*
for f in *.c; do echo "file $f"; done
set -- *; echo "count $#"
echo "quoted *"
case abc.txt in *.txt) echo "case glob matched";; esac
rm *.c; echo *
