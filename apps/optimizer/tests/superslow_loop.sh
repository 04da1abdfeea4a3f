#!/bin/sh
i=0; while [ $i -lt 2000 ]; do i=$((i + 1)); done; test $i -eq 2000
