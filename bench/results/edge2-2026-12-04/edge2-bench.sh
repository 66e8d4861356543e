#!/bin/bash
# All of edge2's measured runs, back to back in one hold of the machine.
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
/tmp/edge2-prof.sh /tmp/edge2-after2.jar after2
run saturation-before /tmp/edge2-before.jar saturation --warmup=60
run saturation-after /tmp/edge2-after2.jar saturation --warmup=60
run latency-after /tmp/edge2-after2.jar latency --warmup=60
run latency-before /tmp/edge2-before.jar latency --warmup=60
echo "all done $(date -u +%T)" >> $R/runs.log
