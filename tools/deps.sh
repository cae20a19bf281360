#!/bin/sh
# Checks the libraries and tools sesramp builds with and installs the missing
# Debian packages.  As root it runs apt-get; otherwise it prints the command
# to run and fails.  --with-plots also asks for gnuplot (the program runs
# without it, but then draws no PNG plots); --with-valgrind for valgrind
# (CI runs the examples under it).
set -u

missing=""
need() { missing="$missing $1"; }

have_header() {
	printf '#include <%s>\nint main(void){return 0;}\n' "$1" |
		${CC:-cc} -x c - -fsyntax-only >/dev/null 2>&1
}

command -v pkg-config >/dev/null 2>&1 || need pkg-config
have_header gsl/gsl_rng.h || need libgsl-dev
have_header csv.h || need libcsv-dev
have_header ini.h || need libinih-dev
printf '#include <stdarg.h>\n#include <stddef.h>\n#include <stdint.h>\n#include <setjmp.h>\n#include <cmocka.h>\nint main(void){return 0;}\n' |
	${CC:-cc} -x c - -fsyntax-only >/dev/null 2>&1 || need libcmocka-dev
for opt in "$@"; do
	case $opt in
	--with-plots) command -v gnuplot >/dev/null 2>&1 || need gnuplot-nox ;;
	--with-valgrind) command -v valgrind >/dev/null 2>&1 || need valgrind ;;
	esac
done

[ -z "$missing" ] && exit 0

echo "sesramp needs these Debian packages:$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "Install them as root, then run make again:"
	echo "  sudo apt-get update && sudo apt-get install -y$missing"
	exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "apt-get is not available: install the equivalent packages by hand."
	exit 1
fi
echo "Installing them with apt-get (as root) ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || { echo "apt-get update failed"; exit 1; }
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing || {
	echo "apt-get install failed:$missing"
	exit 1
}
echo "Installed:$missing"
