#!/bin/sh
# Runs the test list named by $1 (fast, slow, superslow): every tests/<list>_*.sh.
# Exits non-zero if any test fails; prints one line per test.
list=${1:?usage: run.sh fast|slow|superslow}
cd "$(dirname "$0")/.." || exit 2
status=0; count=0
for t in tests/${list}_*.sh; do
  [ -e "$t" ] || continue
  count=$((count + 1))
  if sh "$t"; then echo "PASS $t"; else echo "FAIL $t"; status=1; fi
done
echo "$list: $count test(s) run"
exit $status
