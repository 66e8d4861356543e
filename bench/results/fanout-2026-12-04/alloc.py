import json, subprocess, collections, sys
f=sys.argv[1]
def ev(n, d=None):
    cmd=['jfr','print','--json']+(['--stack-depth',str(d)] if d else [])+['--events',n,f]
    return json.loads(subprocess.run(cmd,capture_output=True,text=True).stdout)['recording']['events']
def group(t):
    for k in ['vert.x-eventloop','data-plane-kafka','chat-history','kafka-producer','vert.x-kafka','Lucene Merge','vert.x-worker','globalEventExecutor']:
        if k in (t or ''): return k
    return 'other'
w=collections.Counter()
for e in ev('jdk.ObjectAllocationSample'):
    v=e['values']; w[group(v['eventThread']['javaName'] if v.get('eventThread') else None)]+=v['weight']
tot=sum(w.values())
print('allocation (sampled weight) share:'); [print(f'{100*v/tot:5.1f}%  {k}  {v/40/1e6:.0f} MB/s') for k,v in w.most_common()]
nm=collections.Counter(); tops=collections.Counter()
for e in ev('jdk.NativeMethodSample', 12):
    v=e['values']; t=v['sampledThread']['javaName'] or ''
    fr=[x['method']['type']['name']+'.'+x['method']['name'] for x in v['stackTrace']['frames']]
    nm[group(t)]+=1
    if 'eventloop' in t: tops[' < '.join(fr[:3])]+=1
print('native samples by group', nm.most_common())
for k,v in tops.most_common(6): print(v, k)
