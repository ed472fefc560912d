#!/bin/sh
# Builds one port (ports/NAME, see ports/README.md) into build/ports/NAME/root, the
# files it adds to the root tree, unless the stamp says that root was built from the
# same inputs: the port's source pin, configuration, recipe and patches, and the
# toolchain (musl-gcc's compiler and musl's libc.a).
# usage: port.sh NAME
set -eu
name=$1
port=ports/$name
out=build/ports/$name
cache=build/ports/cache
if [ ! -f "$port/source" ] || [ ! -x "$port/build.sh" ]; then
	echo "port: no port $port" >&2
	exit 2
fi

inputs_hash() {
	{
		find "$port" -type f \( -name source -o -name config -o -name build.sh -o -path '*/patches/*' \) |
			LC_ALL=C sort | xargs sha256sum
		musl-gcc --version | head -1
		sha256sum "$(musl-gcc -print-file-name=libc.a)"
	} | sha256sum | cut -d' ' -f1
}
stamp=$(inputs_hash)
if [ -d "$out/root" ] && [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ]; then
	touch "$out/stamp" # up to date for make too
	exit 0
fi

# shellcheck source=/dev/null
. "$port/source" # PACKAGE, VERSION, DSC_SHA256
src=$cache/src/$PACKAGE-${VERSION#*:} # no epoch: make cannot take a colon in a path
if [ "$(cat "$src.dsc-sha256" 2>/dev/null)" != "$DSC_SHA256" ] || [ ! -d "$src" ]; then
	tools/debsrc.sh "$PACKAGE" "$VERSION" "$DSC_SHA256" "$cache" "$src"
	echo "$DSC_SHA256" >"$src.dsc-sha256"
fi

echo "  PORT   $name ($PACKAGE $VERSION; log: $out/build.log)"
rm -rf "$out/obj" "$out/root" "$out/stamp"
mkdir -p "$out/obj" "$out/root"
start=$(date +%s)
unset MAKEFLAGS MFLAGS MAKELEVEL # the recipe's make is its own, not a part of ours
"$port/build.sh" "$(realpath "$src")" "$(realpath "$out/obj")" "$(realpath "$out/root")" \
	>"$out/build.log" 2>&1 || { tail -40 "$out/build.log" >&2; echo "port: $name failed" >&2; exit 1; }
echo "  PORT   $name built in $(($(date +%s) - start)) s"
echo "$stamp" >"$out/stamp"
