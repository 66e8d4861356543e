#!/bin/bash
# Saturation steps measured to the end (no stop at the first step over 100 ms), both jars, ABBA-free pair.
cd /work/wt-edge2
R=bench/results/edge2-2026-12-04
run() { # tag jar scenario args...
  local tag=$1 jar=$2; shift 2
  echo "$tag start $(date -u +%T) $(uptime)" >> $R/runs.log
  bench/run "$@" --jar=$jar --results=/tmp/edge2-$tag > /tmp/edge2-$tag.log 2>&1
  echo "$tag end $(date -u +%T) $(uptime)" >> $R/runs.log
  grep -h "step\|^saturation:\|^latency:" /tmp/edge2-$tag.log | cut -c1-330 >> $R/runs.log
  cp /tmp/edge2-$tag/*.json $R/$tag.json; cp /tmp/edge2-$tag/*.png $R/$tag.png 2>/dev/null
}
run saturation-allsteps-after /tmp/edge2-after2.jar saturation --warmup=60 --rates=200,400,600,800,1000 --p99LimitMs=100000
run saturation-allsteps-before /tmp/edge2-before.jar saturation --warmup=60 --rates=200,400,600,800,1000 --p99LimitMs=100000
echo "bench2 done $(date -u +%T)" >> $R/runs.log
