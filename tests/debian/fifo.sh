# FIFOs: mkfifo, a writer in the background and a reader, both ends opened by name.
mkdir -p "$1" && cd "$1" || exit 99
mkfifo fifo && stat -c '%F %a' fifo
{ echo "through the fifo" >fifo & cat fifo; wait; }
{ seq 1 2000 >fifo & wc -l <fifo; wait; }
exec 3<>fifo; echo "read-write end" >&3; read -r l <&3; echo "$l"; exec 3>&-
