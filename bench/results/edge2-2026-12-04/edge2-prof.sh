#!/bin/bash
# $1 jar, $2 tag: saturation 600,800 (20 s steps); JFR (profile settings) on the server from ready, dumped when step 600 ends
cd /work/wt-edge2
uptime > /tmp/edge2-prof-$2.load
bench/run saturation --jar=$1 --rates=600,800 --stepSeconds=20 --p99LimitMs=100000 --results=/tmp/edge2-prof-$2 > /tmp/edge2-prof-$2.log 2>&1 &
B=$!
until grep -q "ready on port" /tmp/edge2-prof-$2.log; do sleep 1; kill -0 $B || exit 1; done
PID=$(pgrep -f -- "-jar $1")
jcmd $PID JFR.start name=p settings=profile >> /tmp/edge2-prof-$2.load 2>&1
until grep -q "step 600" /tmp/edge2-prof-$2.log; do sleep 0.5; kill -0 $B || exit 1; done
echo "dump at $(date -u +%FT%T.%N)" >> /tmp/edge2-prof-$2.load
jcmd $PID JFR.dump name=p filename=/tmp/edge2-prof-$2.jfr >> /tmp/edge2-prof-$2.load 2>&1
jcmd $PID JFR.stop name=p >> /tmp/edge2-prof-$2.load 2>&1
wait $B
