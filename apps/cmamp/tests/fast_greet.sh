#!/bin/sh
. ./src/cmamp.sh
out=$(greet team)
case "$out" in
  "cmamp says hello to team"*) ;;
  *) echo "unexpected: $out"; exit 1 ;;
esac
