#!/bin/sh
. ./src/im.sh
out=$(greet team)
case "$out" in
  "im says hello to team"*) ;;
  *) echo "unexpected: $out"; exit 1 ;;
esac
