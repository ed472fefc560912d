# Redirections and here-documents.
mkdir -p "$1" && cd "$1" || exit 99
echo first >out.txt
echo second >>out.txt
cat out.txt
cat <out.txt | wc -l
ls nonexistent 2>err.txt; echo "ls status $?"
test -s err.txt && echo "stderr went to the file"
{ echo to-out; echo to-err >&2; } >both.txt 2>&1
sort both.txt
echo discarded >/dev/null
cat <<END
here-document with $HOME expanded
  and indentation kept
END
cat <<'END'
quoted: $HOME not expanded
END
cat <<-END
	tabs stripped
	END
exec 3>fd3.txt
echo via fd 3 >&3
exec 3>&-
cat fd3.txt
exec 4<out.txt
read -r l1 <&4; read -r l2 <&4
echo "read $l1 then $l2"
exec 4<&-
: >empty.txt; wc -c <empty.txt
echo overwrite >out.txt; cat out.txt
(echo in subshell) >sub.txt; cat sub.txt
while read -r w; do echo "w=$w"; done <<EOF2
a
b
EOF2
cat nonexistent 2>/dev/null || echo "cat failed as expected"
echo text | cat - out.txt
