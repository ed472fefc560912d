#!/bin/sh
# The run image: GRUB boots the kernel from the disk, the bootstrap starts the disk
# driver and the fs-server on the disk's own ext2 partition, and the echo server, which
# registers with the name service; a client finds it and talks, and a lister reads the
# root file system. The image stays up (it is for people), so QEMU is stopped once the
# lister is done; QEMU's -snapshot keeps the image as it was built.
# It boots on QEMU's default CPU model, which has neither SMEP nor SMAP (the in-VM
# tests run with both).
echo 1..8
log=$(mktemp)
MASQUE_CPU=qemu64 tools/qemu.sh images/masque.img -snapshot >"$log" 2>&1 &
qemu=$!
for _ in $(seq 60); do
	grep -q '# end ls' "$log" && break
	sleep 0.5
done
kill $qemu 2>/dev/null
wait $qemu 2>/dev/null
out=$(cat "$log")
rm -f "$log"
check() {
	if printf '%s' "$out" | grep -q "$2"; then
		echo "ok $1 - $3"
	else
		echo "not ok $1 - $3"
		failed=1
	fi
}
check 1 'masque: .* MiB free, 7 boot modules' "kernel entered from GRUB with its modules"
check 2 'echo: serving on port' "a server task registers by name"
check 3 'echo-client: sent "hello", got "hello" (request 1)' "a client finds it by name and gets answers"
check 4 '# end echo_client' "the client ends, the system stays up"
check 5 'fs-server: disk0p1 mounted on /' "the fs-server serves the boot disk's ext2 partition as the root"
check 6 '^-rwxr-xr-x  1    0    0 *[0-9]* fs_server' "a lister reads /boot there: the fs-server's own file, its mode and owner"
check 7 '# end ls' "the lister ends"
check 8 'masque: SMEP off, SMAP off' "on a CPU without SMEP and SMAP, the kernel leaves them off"
[ -z "${failed:-}" ] || printf '%s\n' "$out" | sed 's/^/# /'
