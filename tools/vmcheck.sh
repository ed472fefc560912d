# Sourced by the .t scripts that boot an image: vm_tap LOG IMAGE CONF [QEMU ARGS...]
# runs tools/vmtap.py (MASQUE_MEM and VM_TIMEOUT from the caller) and prints its
# numbered TAP lines without the plan, leaving the count in n and the status in
# status; check and result (tools/tap.sh) then add numbered points. The caller ends
# with: echo "1..$n".
. tools/tap.sh

vm_tap() {
	log=$1 image=$2 conf=$3
	shift 3
	tap=$(tools/vmtap.py --timeout "${VM_TIMEOUT:-600}" --log "$log" "$image" "$conf" -- "$@")
	status=$?
	printf '%s\n' "$tap" | grep -v '^1\.\.[0-9]*$'
	n=$(printf '%s\n' "$tap" | grep -c '^\(not \)\{0,1\}ok ')
}

