# BusyBox applets over files the script makes itself (no dates, pids or inode numbers).
mkdir -p "$1" && cd "$1" || exit 99
mkdir -p tree/a/b tree/c
printf 'pear\napple\nfig\napple\nkiwi\n' >tree/fruit.txt
seq 1 50 >tree/a/nums.txt
printf 'name,age,town\nann,31,oslo\nbob,27,rome\ncid,45,lima\n' >tree/c/people.csv
touch tree/a/b/empty
ls tree
ls -a tree/a
ls -R tree
cat tree/fruit.txt
sort tree/fruit.txt
sort -u tree/fruit.txt
sort -n -r tree/a/nums.txt | head -n 3
sort tree/fruit.txt | uniq -c
sort tree/fruit.txt | uniq -d
wc tree/fruit.txt
wc -l tree/a/nums.txt
head -n 2 tree/fruit.txt
tail -n 2 tree/fruit.txt
tail -c 10 tree/a/nums.txt
cut -d, -f1,3 tree/c/people.csv
cut -c1-3 tree/fruit.txt
tr a-z A-Z <tree/fruit.txt
tr -d aeiou <tree/fruit.txt
tr -s p <tree/fruit.txt
sed -n '2,3p' tree/fruit.txt
sed 's/p/P/g; /kiwi/d' tree/fruit.txt
sed -e '1i\
top' -e '$a\
bottom' tree/fruit.txt
grep -n apple tree/fruit.txt
grep -v -c apple tree/fruit.txt
grep -r -l o tree | sort
grep -E '^(f|k)' tree/fruit.txt
awk -F, 'NR > 1 { sum += $2; print $1 } END { print "total", sum }' tree/c/people.csv
awk '{ n[$1]++ } END { for (k in n) print k, n[k] }' tree/fruit.txt | sort
find tree | sort
find tree -type f -name '*.txt' | sort
find tree -type d | sort
find tree -empty | sort
find tree -type f | xargs wc -l | sort
echo 1 2 3 4 5 | xargs -n 2 echo
seq 3 10 2
seq -s , 5
expr 3 + 4
expr abc : 'a\(.\)'
basename /a/b/c.txt .txt
dirname /a/b/c.txt
mkdir -p made/deep/er && echo made
cp tree/fruit.txt made/copy.txt && cat made/copy.txt | wc -l
cp -r tree made/tree2 && find made/tree2 | sort
mv made/copy.txt made/moved.txt && ls made
rm made/moved.txt && ls made
rm -r made/tree2 && ls made
rmdir made/deep/er && ls made/deep
touch -t 202001020304.05 stamp && stat -c '%Y %y %n' stamp
stat -c '%s %F %a %n' tree/fruit.txt tree/a tree/a/b/empty
chmod 600 tree/fruit.txt && stat -c '%a %A' tree/fruit.txt
ln -s fruit.txt tree/link && readlink tree/link && stat -c '%F' tree/link
ln tree/a/nums.txt tree/hard && stat -c '%h' tree/hard
du -s tree/a/b
du -a tree/a | sort -k2
cmp tree/fruit.txt tree/fruit.txt && echo same
cmp tree/fruit.txt tree/a/nums.txt; echo "cmp $?"
md5sum tree/fruit.txt
sha256sum tree/a/nums.txt
od -c tree/fruit.txt | head -n 2
printf 'b\na\n' >u1; printf 'c\na\n' >u2; sort u1 >s1; sort u2 >s2
diff s1 s2; echo "diff $?"
tac tree/fruit.txt
rev tree/fruit.txt
nl tree/fruit.txt
fold -w 3 tree/fruit.txt | head -n 4
paste u1 u2
printf 'x y z\n' | awk '{ print NF, $NF }'
tee teed.txt <tree/fruit.txt | wc -l; wc -l <teed.txt
tar -cf t.tar tree && tar -tf t.tar | sort
mkdir untar && tar -xf t.tar -C untar && find untar -type f | sort
gzip -c tree/fruit.txt >f.gz && gzip -dc f.gz
