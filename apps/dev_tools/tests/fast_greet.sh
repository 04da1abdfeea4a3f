#!/bin/sh
. ./src/dev_tools.sh
out=$(greet team)
case "$out" in
  "dev_tools says hello to team"*) ;;
  *) echo "unexpected: $out"; exit 1 ;;
esac
