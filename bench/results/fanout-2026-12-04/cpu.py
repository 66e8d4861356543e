import json, subprocess, collections, sys
f=sys.argv[1]
ev=json.loads(subprocess.run(['jfr','print','--json','--events','jdk.ThreadCPULoad',f],capture_output=True,text=True).stdout)['recording']['events']
per=collections.defaultdict(list)
for e in ev:
    v=e['values']; per[v['eventThread']['javaName'] if v.get('eventThread') else '?'].append(v['user']+v['system'])
n=max(len(v) for v in per.values())
def group(t):
    for k in ['vert.x-eventloop','C2 Compiler','C1 Compiler','data-plane-kafka','chat-history','kafka-producer','vert.x-kafka','G1','Lucene Merge','vert.x-worker','globalEventExecutor']:
        if k in t: return k
    return 'other'
g=collections.Counter(); loops={}
for t,vals in per.items():
    g[group(t)]+=sum(vals)/n*2
    if 'eventloop' in t: loops[t]=sum(vals)/n*2
print('periods', n)
for k,v in g.most_common(): print(f'{v:6.3f} cores  {k}')
print('total', round(sum(g.values()),3)); print({k: round(v,3) for k,v in loops.items()})
pl=json.loads(subprocess.run(['jfr','print','--json','--events','jdk.CPULoad',f],capture_output=True,text=True).stdout)['recording']['events']
print('process cores user %.3f system %.3f' % (2*sum(e['values']['jvmUser'] for e in pl)/len(pl), 2*sum(e['values']['jvmSystem'] for e in pl)/len(pl)))
