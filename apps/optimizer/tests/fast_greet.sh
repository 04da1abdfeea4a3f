#!/bin/sh
. ./src/optimizer.sh
out=$(greet team)
case "$out" in
  "opt says hello to team"*) ;;
  *) echo "unexpected: $out"; exit 1 ;;
esac
