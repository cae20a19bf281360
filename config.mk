# sesramp build configuration: edit here, not in the Makefile.

VERSION = 0.1.0

PREFIX = /usr/local
DESTDIR =

CC = cc
PKG_CONFIG = pkg-config

# Libraries found with pkg-config; libcsv ships no .pc file.
PKGS = gsl inih
TEST_PKGS = cmocka
CSV_LIBS = -lcsv

WARN = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
STD = -std=c11 -D_POSIX_C_SOURCE=200809L
OPT = -O2 -g
