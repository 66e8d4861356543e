import os, sys, time, re, collections
pid = sys.argv[1]; secs = float(sys.argv[2])
def snap():
    d = {}
    for t in os.listdir(f'/proc/{pid}/task'):
        try:
            name = open(f'/proc/{pid}/task/{t}/comm').read().strip()
            st = open(f'/proc/{pid}/task/{t}/stat').read()
            f = st[st.rindex(')')+2:].split()
            d[t] = (name, int(f[11]) + int(f[12]))
        except Exception: pass
    return d
a = snap(); time.sleep(secs); b = snap()
hz = os.sysconf('SC_CLK_TCK')
agg = collections.Counter()
for t, (name, ticks) in b.items():
    base = a.get(t, (name, 0))[1]
    key = re.sub(r'\d+', '#', name)
    agg[key] += (ticks - base) / hz / secs
tot = sum(agg.values())
print(f'total {tot:.3f} cores over {secs}s')
for k, v in agg.most_common(25):
    print(f'{v:.3f} {k}')
