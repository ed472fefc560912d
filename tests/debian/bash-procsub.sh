# bash's process substitution: <(...) and >(...) name a pipe as /dev/fd/N.
mkdir -p "$1" && cd "$1" || exit 99
diff <(echo same) <(echo same) && echo "process substitution"
while read -r l; do echo "from proc sub: $l"; done < <(seq 2)
mapfile -t lines < <(printf 'l1\nl2\nl3\n'); echo "${#lines[@]} ${lines[1]}"
echo "to a writer" > >(tr a-z A-Z >upper.txt); wait $!; cat upper.txt
