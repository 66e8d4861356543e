# python3 analyze.py <recording.jfr> <window end, ISO UTC> [seconds]: where the event loops spend their samples in
# the window's last `seconds` (default 20) before its end, minus 2 s of drain; per-thread CPU over the same window.
import json, subprocess, sys, collections, datetime
f, end = sys.argv[1], datetime.datetime.fromisoformat(sys.argv[2][:26].replace('Z', ''))
secs = float(sys.argv[3]) if len(sys.argv) > 3 else 20
lo, hi = end - datetime.timedelta(seconds=secs + 2), end - datetime.timedelta(seconds=2)
def events(name, depth=None):
    cmd = ['jfr', 'print', '--json', '--events', name]
    if depth: cmd[3:3] = ['--stack-depth', str(depth)]
    out = subprocess.run(cmd + [f], capture_output=True, text=True).stdout
    evs = json.loads(out)['recording']['events']
    def t(e): return datetime.datetime.fromisoformat(e['values']['startTime'][:26].replace('Z', ''))
    return [e for e in evs if lo <= t(e) <= hi]
def group(t):
    for k in ['vert.x-eventloop', 'C2 Compiler', 'C1 Compiler', 'data-plane-kafka', 'chat-history', 'kafka-producer',
              'vert.x-kafka', 'GC Thread', 'G1', 'Lucene Merge', 'vert.x-worker', 'vert.x-internal']:
        if k in t: return k
    return t
cpu = collections.defaultdict(list)
for e in events('jdk.ThreadCPULoad'):
    v = e['values']; t = v['eventThread']['javaName'] if v.get('eventThread') else '?'
    cpu[t].append(v['user'] + v['system'])
g = collections.defaultdict(float); loops = {}
for t, vals in cpu.items():
    g[group(t)] += 2 * sum(vals) / len(vals)
    if 'eventloop' in t: loops[t] = round(2 * sum(vals) / len(vals), 3)
print(f'== window {lo} - {hi} UTC; mean thread CPU in cores (2 cores)')
for k, v in sorted(g.items(), key=lambda x: -x[1])[:14]: print(f'{v:7.3f}  {k}')
print('event loops', loops)
pl = events('jdk.CPULoad')
if pl: print('process cores %.3f (user %.3f, system %.3f), machine %.3f' % tuple(2 * x for x in (
    sum(e['values']['jvmUser'] + e['values']['jvmSystem'] for e in pl) / len(pl),
    sum(e['values']['jvmUser'] for e in pl) / len(pl), sum(e['values']['jvmSystem'] for e in pl) / len(pl),
    sum(e['values']['machineTotal'] for e in pl) / len(pl))))
samples = events('jdk.ExecutionSample', 64)
incl = collections.Counter(); top = collections.Counter(); total = 0
markers = ['BridgeGuard.fanOut', 'BridgeGuard.write', 'BridgeGuard.receive', 'BridgeGuard.relay', 'ChannelWire',
           'SockJSWire', 'FrameEncoder', 'FrameText', 'ScreenedSocket', 'SockJSSocketBase', 'SockJSSession',
           'WebSocketImplBase', 'VertxConnection.writeToChannel', 'PromiseImpl', 'FutureBase.emit', 'addListener',
           'WebSocket08FrameEncoder', 'PerMessageDeflate', 'FlushConsolidationHandler', 'AbstractChannel$AbstractUnsafe.flush0',
           'writev', 'EventBusBridgeImpl', 'EventBusImpl', 'MessageImpl', 'HandlerRegistration', 'Delivery.',
           'SharedFrames', 'JsonObject.encode', 'jackson', 'Timeline', 'ChatVerticle', 'KafkaConsumer', 'Attention',
           'PooledByteBufAllocator', 'ContextInternal.dispatch', 'Http1xServerConnection', 'WebSocketConnectionImpl',
           'ByteToMessageDecoder', 'epoll', 'ConcurrentHashMap']
for e in samples:
    v = e['values']; t = v['sampledThread']['javaName'] or '?'
    if 'eventloop' not in t: continue
    total += 1
    frames = [fr['method']['type']['name'] + '.' + fr['method']['name'] for fr in v['stackTrace']['frames']]
    if frames: top[frames[0]] += 1
    seen = set()
    for fr in frames:
        for k in markers:
            if k in fr and k not in seen:
                seen.add(k); incl[k] += 1
print(f'== event-loop execution samples {total}; inclusive by marker')
for k, v in incl.most_common(): print(f'{v:6d} {100 * v / max(total, 1):5.1f}%  {k}')
print('== top frames')
for k, v in top.most_common(25): print(f'{v:6d}  {k}')
alloc = events('jdk.ObjectAllocationSample')
by = collections.Counter()
for e in alloc:
    v = e['values']; t = v['eventThread']['javaName'] if v.get('eventThread') else '?'
    by['loops' if 'eventloop' in t else 'other'] += v['weight']
span = (hi - lo).total_seconds()
print('allocation MB/s: ' + ', '.join(f'{k} {v / span / 1e6:.1f}' for k, v in by.items()))
