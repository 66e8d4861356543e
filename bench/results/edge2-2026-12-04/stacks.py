# python3 stacks.py <jfr> <window end ISO> <marker>: on the event loops in the 20 s before the window's end (minus 2 s of
# drain), for the samples with frame `marker`: what it calls and what calls it, the classes seen below it, the leaves.
import json, subprocess, sys, collections, datetime
f, end, marker = sys.argv[1], datetime.datetime.fromisoformat(sys.argv[2]), sys.argv[3]
lo, hi = end - datetime.timedelta(seconds=22), end - datetime.timedelta(seconds=2)
out = subprocess.run(['jfr', 'print', '--json', '--stack-depth', '64', '--events', 'jdk.ExecutionSample', f],
                     capture_output=True, text=True).stdout
callee, caller, cls, leaf = (collections.Counter() for _ in range(4)); n = 0
for e in json.loads(out)['recording']['events']:
    v = e['values']
    if 'eventloop' not in (v['sampledThread']['javaName'] or ''): continue
    if not lo <= datetime.datetime.fromisoformat(v['startTime'][:26]) <= hi: continue
    fr = [x['method']['type']['name'].split('/')[-1] + '.' + x['method']['name'] for x in v['stackTrace']['frames']]
    idx = [i for i, x in enumerate(fr) if marker in x]
    if not idx: continue
    n += 1; i = idx[-1]
    callee[fr[i - 1] if i > 0 else '(self)'] += 1
    caller[fr[i + 1] if i + 1 < len(fr) else '(root)'] += 1
    for c in set(x.split('.')[0] for x in fr[:i]): cls[c] += 1
    leaf[fr[0]] += 1
print(marker, n, 'samples')
for name, c in (('callees', callee), ('callers', caller), ('classes below', cls), ('leaves', leaf)):
    print(f' {name}:', c.most_common(12))
