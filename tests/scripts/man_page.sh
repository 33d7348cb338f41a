#!/usr/bin/env bash
# man_page.sh: man/truce.1 keeps up with the command. Every command `truce --help` lists must have
# a SYNOPSIS line (.B truce NAME) and an entry in COMMANDS (.TP, then a line starting with NAME),
# and the page must have no entry for a command that no longer exists. Every option and every
# listed value (text|json|...) in a command's `truce NAME --help` usage must appear in its
# SYNOPSIS lines. With groff installed, the page must render without a warning.
set -u
cd "$(dirname "$0")/../.." || exit 1
TRUCE=${TRUCE:-build/truce}
MAN=${MAN:-man/truce.1}
fail=0
problem() { echo "$MAN: $*"; fail=1; }

commands=$("$TRUCE" --help | awk '/^commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
[ -n "$commands" ] || { echo "no commands found in '$TRUCE --help'"; exit 1; }

# groff source to plain words: \- to -, drop \& \% \fX and quotes
plain() { sed -e 's/\\-/-/g' -e 's/\\&//g' -e 's/\\%//g' -e 's/\\f[BIRP]//g' -e 's/"//g'; }

# the names of the COMMANDS entries: the first word of the line after each .TP, up to the next .SH
# (subsections of options come after the entries and start their tags with -)
entries=$(awk '
  /^\.SH / { on = ($0 ~ /^\.SH COMMANDS/); next }
  !on { next }
  /^\.RS/ { depth++; next }
  /^\.RE/ { depth--; next }
  /^\.SS / { on = 0; next }
  tp { tp = 0; if (depth == 0) { sub(/^\.[A-Z]+ +/, ""); gsub(/"/, ""); print $1 }; next }
  /^\.TP/ { tp = 1 }
' "$MAN")

# the SYNOPSIS lines of a command: from each ".B truce NAME" to the next .br
synopsis() {
  awk -v name="$1" '
    /^\.SH / { on = ($0 ~ /^\.SH SYNOPSIS/); next }
    !on { next }
    $0 ~ "^\\.B truce " name "( |$)" { in_cmd = 1 }
    /^\.br/ { in_cmd = 0 }
    in_cmd { print }
  ' "$MAN" | plain | tr '\n' ' '
}

has_word() { # text word: word appears, not as part of a longer name (letters, digits, -)
  grep -qE -- "(^|[^A-Za-z0-9-])$(printf '%s' "$2" | sed 's/[.]/\\./g')([^A-Za-z0-9-]|$)" <<<"$1"
}

for cmd in $commands; do
  grep -qx "$cmd" <<<"$entries" || problem "no entry for '$cmd' in COMMANDS ('truce --help' lists it)"
  syn=$(synopsis "$cmd")
  if [ -z "$syn" ]; then
    problem "no SYNOPSIS line '.B truce $cmd'"
    continue
  fi
  # the usage block of `truce CMD --help`: from "usage:" to the first empty line
  usage=$("$TRUCE" "$cmd" --help | awk '/^usage:/ { on = 1 } on && /^$/ { exit } on')
  [ -n "$usage" ] || { problem "'truce $cmd --help' prints no usage"; continue; }
  for opt in $(grep -oE -- '(^|[][ |(])--?[a-z][a-z-]*' <<<"$usage" | sed 's/^[][ |(]//' | sort -u); do
    has_word "$syn" "$opt" || problem "SYNOPSIS of '$cmd' lacks $opt (in 'truce $cmd --help')"
  done
  for alt in $(grep -oE -- '[a-z][a-z-]*(\|[a-z][a-z-]*)+' <<<"$usage" | tr '|' '\n' | sort -u); do
    has_word "$syn" "$alt" || problem "SYNOPSIS of '$cmd' lacks '$alt' (in 'truce $cmd --help')"
  done
done
for e in $entries; do
  grep -qx "$e" <<<"$commands" || problem "COMMANDS has an entry for '$e', which 'truce --help' does not list"
done

if command -v groff >/dev/null 2>&1; then
  warnings=$(groff -man -Tutf8 -ww -z "$MAN" 2>&1)
  [ -z "$warnings" ] || problem "groff warns: $warnings"
else
  echo "groff not installed: rendering not checked"
fi

[ "$fail" = 0 ] || exit 1
echo "$(wc -w <<<"$commands") commands documented"
