# Signals between processes: a trap run while the shell waits, deaths by signal and
# their statuses, SIGPIPE, ignored signals inherited across exec, kill -0, a stop
# and a continue.
mkdir -p "$1" && cd "$1" || exit 99
trap 'echo "USR1 while waiting"' USR1
(sleep 1; kill -USR1 $$) &
wait $!; echo "wait cut short: $?"
wait; echo "then reaped: $?"
trap - USR1
sh -c 'kill -SEGV $$'; echo "SEGV: $?"
sh -c 'kill -ABRT $$'; echo "ABRT: $?"
sh -c 'kill -KILL $$'; echo "KILL: $?"
sh -c 'kill -USR2 $$'; echo "USR2: $?"
sh -c 'kill -0 $$ && echo "kill -0 finds itself"'
kill -0 999999 2>/dev/null; echo "kill -0 on no process: $?"
sh -c 'yes; echo "yes ended: $?" >yes.txt' | head -n 1; cat yes.txt
trap '' INT
sh -c 'kill -INT $$; echo "INT ignored across exec"'
trap - INT
sh -c 'trap "echo TERM caught in child" TERM; kill -TERM $$; echo child goes on'
sleep 5 & pid=$!; kill -TERM $pid; wait $pid; echo "sleep killed: $?"
sh -c 'sleep 5 & kill $!; wait $!; echo "inner: $?"'
timeout 1 sleep 5; echo "timeout: $?"
sh -c 'echo started; sleep 2; echo resumed' & p=$!
sleep 1; kill -STOP $p; kill -CONT $p; wait $p; echo "stopped, continued, ended: $?"
for s in HUP INT QUIT TERM USR1; do sh -c "kill -$s \$\$"; echo "$s: $?"; done
echo end
