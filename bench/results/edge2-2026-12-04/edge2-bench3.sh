#!/bin/bash
# Per-thread CPU of the server at 40,000 deliveries/s (two 20 s steps of 800 msg/s), each jar; sampled in the second step.
cd /work/wt-edge2
R=bench/results/edge2-2026-12-04
for pair in after:/tmp/edge2-after2.jar before:/tmp/edge2-before.jar; do
  tag=threads-${pair%%:*}; jar=${pair#*:}
  echo "$tag start $(date -u +%T) $(uptime)" >> $R/runs.log
  bench/run saturation --jar=$jar --warmup=30 --rates=800,800 --p99LimitMs=100000 --results=/tmp/edge2-$tag > /tmp/edge2-$tag.log 2>&1 &
  B=$!
  until grep -q "step 800.0" /tmp/edge2-$tag.log; do sleep 0.5; kill -0 $B 2>/dev/null || break; done
  PID=$(pgrep -f -- "-jar $jar") python3 /tmp/edge2-threads.py 16 $R/$tag-800.json > /dev/null 2>&1
  wait $B
  echo "$tag end $(date -u +%T) $(uptime)" >> $R/runs.log
  grep -h "step" /tmp/edge2-$tag.log | cut -c1-330 >> $R/runs.log
done
