# Background jobs and wait.
mkdir -p "$1" && cd "$1" || exit 99
(echo job1 >j1.txt) &
(echo job2 >j2.txt) &
wait
cat j1.txt j2.txt
(exit 6) &
p=$!
wait $p; echo "wait status $?"
sh -c 'exit 9' & wait $!; echo "sh status $?"
for i in 1 2 3 4; do (echo "bg $i" >bg$i.txt) & done
wait
cat bg1.txt bg2.txt bg3.txt bg4.txt
sleep 1 & s=$!
kill $s; wait $s; echo "killed status $?"
{ sleep 0; echo late >late.txt; } &
wait; cat late.txt
seq 1 500 | sort -n -r | head -n 1 &
wait
echo "all waited"
