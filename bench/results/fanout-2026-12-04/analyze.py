import json, subprocess, sys, collections
f = sys.argv[1]
def events(name, depth=None):
    cmd = ['jfr', 'print', '--json', '--events', name]
    if depth: cmd[3:3] = ['--stack-depth', str(depth)]
    out = subprocess.run(cmd + [f], capture_output=True, text=True).stdout
    return json.loads(out)['recording']['events']
# per-thread CPU
cpu = collections.defaultdict(list)
for e in events('jdk.ThreadCPULoad'):
    v = e['values']; t = v['eventThread']['javaName'] if v.get('eventThread') else '?'
    cpu[t].append(v['user'] + v['system'])
def group(t):
    for k in ['vert.x-eventloop', 'C2 Compiler', 'C1 Compiler', 'data-plane-kafka', 'chat-history', 'kafka-producer', 'kafka-coordinator', 'vert.x-kafka', 'G1', 'Lucene Merge', 'vert.x-worker', 'vert.x-internal']:
        if k in t: return k
    return t
g = collections.defaultdict(float)
for t, vals in cpu.items():
    g[group(t)] += sum(vals)/len(vals)
print('== mean thread CPU (fraction of the machine, 2 cores = 1.0)')
for k, v in sorted(g.items(), key=lambda x: -x[1])[:20]: print(f'{v:7.3f}  {k}')
pl = events('jdk.CPULoad')
if pl:
    u = sum(e['values']['jvmUser'] for e in pl)/len(pl); s = sum(e['values']['jvmSystem'] for e in pl)/len(pl); m = sum(e['values']['machineTotal'] for e in pl)/len(pl)
    print(f'process user {u:.3f} system {s:.3f} machine {m:.3f} (fractions of the machine)')
# execution samples on event loops
samples = events('jdk.ExecutionSample', 40)
bythread = collections.Counter(); top = collections.Counter(); incl = collections.Counter()
loop_total = 0
for e in samples:
    v = e['values']; t = v['sampledThread']['javaName'] or '?'
    bythread[group(t)] += 1
    if 'eventloop' not in t: continue
    loop_total += 1
    frames = [fr['method']['type']['name'] + '.' + fr['method']['name'] for fr in v['stackTrace']['frames']]
    if frames: top[frames[0]] += 1
    seen = set()
    for fr in frames:
        for key in ['BridgeGuard.fanOut', 'BridgeGuard.write', 'FrameEncoder', 'WebSocketImplBase.write', 'flush', 'writev', 'write0', 'Delivery.', 'EventBusBridgeImpl', 'EventBusImpl', 'HandlerRegistration', 'MessageImpl', 'JsonObject.encode', 'Jackson', 'KafkaConsumer', 'ChatVerticle', 'Timeline', 'Attention', 'FlushConsolidation', 'SocketChannelImpl', 'IOUtil', 'FileDispatcherImpl', 'epoll', 'Epoll', 'SockJS', 'ScreenedSocket', 'BridgeEventImpl', 'DeliveryContext', 'ContextInternal.dispatch']:
            if key in fr and key not in seen:
                seen.add(key); incl[key] += 1
print('== samples by thread group'); 
for k, v in bythread.most_common(15): print(f'{v:6d}  {k}')
print(f'== event-loop samples {loop_total}; inclusive by marker')
for k, v in incl.most_common(): print(f'{v:6d} {100*v/max(loop_total,1):5.1f}%  {k}')
print('== top frames on event loops')
for k, v in top.most_common(25): print(f'{v:6d}  {k}')
