# Loops: for, while, until, break, continue, nested.
mkdir -p "$1" && cd "$1" || exit 99
for i in 1 2 3; do echo "for $i"; done
i=0; while [ $i -lt 5 ]; do i=$((i + 1)); [ $i -eq 2 ] && continue; echo "while $i"; done
j=10; until [ $j -le 7 ]; do echo "until $j"; j=$((j - 1)); done
for a in x y; do for b in 1 2 3; do [ $b = 3 ] && break; echo "$a$b"; done; done
for a in p q r; do for b in 1 2; do [ $a = q ] && continue 2; echo "$a$b"; done; done
n=0; while true; do n=$((n + 1)); [ $n -ge 1000 ] && break; done; echo "n=$n"
for f in $(seq 1 3); do echo "seq $f"; done
for i in 1 2 3; do echo $i; done | sort -r
s=0; for i in $(seq 1 100); do s=$((s + i)); done; echo "sum $s"
