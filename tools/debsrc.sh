#!/bin/sh
# Fetches one version of a Debian source package and unpacks it, Debian's patches
# applied: the source of every port (ports/NAME/source names it). apt-get works from
# a private configuration under CACHE (deb-src twins of this machine's Debian entries,
# their own package lists), so the machine's apt setup is left as it is. The .dsc must
# have the checksum the port gives; it names the checksums of the tarballs, which
# dpkg-source checks. A download already in CACHE is used again without the network.
# usage: debsrc.sh PACKAGE VERSION DSC_SHA256 CACHE DEST
set -eu
package=$1 version=$2 dsc_sha256=$3 dest=$5
mkdir -p "$4" && cache=$(realpath "$4") # apt wants absolute paths
apt=$cache/apt dl=$cache/dl/$package
dsc=$dl/${package}_${version#*:}.dsc

# The machine's Debian entries turned into deb-src ones: one-line entries into a .list,
# deb822 ones into a .sources.
private_apt() {
	mkdir -p "$apt/lists/partial" "$apt/parts" "$apt/cache/archives/partial"
	: >"$apt/sources.list"
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		if [ -f "$f" ]; then sed -n 's/^deb \(.*debian.*\)/deb-src \1/p' "$f"; fi
	done >"$apt/parts/debian-src.list"
	for f in /etc/apt/sources.list.d/*.sources; do
		if grep -qi 'debian' "$f" 2>/dev/null; then sed 's/^Types: deb$/Types: deb-src/' "$f"; echo; fi
	done >"$apt/parts/debian-src.sources"
}
apt_get() {
	apt-get -q -o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts="$apt/parts" \
		-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" \
		-o APT::Sandbox::User=root "$@"
}

dsc_ok() { [ -f "$dsc" ] && echo "$dsc_sha256  $dsc" | sha256sum -c --status; }

# Ports are fetched side by side (make -j): one apt-get at a time on the private lists.
exec 9>"$cache/apt.lock"
flock 9
if ! dsc_ok; then
	echo "  FETCH  $package $version (Debian source)"
	rm -rf "$dl" && mkdir -p "$dl"
	private_apt
	apt_get update >"$cache/apt-update.log" 2>&1 || { cat "$cache/apt-update.log" >&2; exit 1; }
	(cd "$dl" && apt_get source --download-only "$package=$version") >"$cache/apt-source.log" 2>&1 ||
		{ cat "$cache/apt-source.log" >&2; exit 1; }
	dsc_ok || { echo "debsrc: $dsc is not the one ports/ pins (sha256 $dsc_sha256)" >&2; exit 1; }
fi
flock -u 9
rm -rf "$dest" && mkdir -p "$(dirname "$dest")"
# the signature cannot be checked without debian-keyring; the pinned checksum stands for it
dpkg-source -q -x "$dsc" "$dest" >"$cache/dpkg-source.log" 2>&1 ||
	{ cat "$cache/dpkg-source.log" >&2; exit 1; }
