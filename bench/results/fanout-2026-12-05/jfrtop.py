import json, subprocess, sys, collections, re
f = sys.argv[1]
out = subprocess.run(['jfr', 'print', '--json', '--stack-depth', '64', '--events', 'jdk.ExecutionSample', f], capture_output=True, text=True).stdout
samples = json.loads(out)['recording']['events']
def group(t):
    return re.sub(r'\d+', '#', t or '?')
by = collections.Counter(); leaf = collections.defaultdict(collections.Counter); ours = collections.defaultdict(collections.Counter); incl = collections.defaultdict(collections.Counter)
for e in samples:
    v = e['values']; t = group(v['sampledThread']['javaName'] or v['sampledThread'].get('osName'))
    by[t] += 1
    frames = [fr['method']['type']['name'] + '.' + fr['method']['name'] for fr in v['stackTrace']['frames']]
    if frames: leaf[t][frames[0]] += 1
    first = next((fr for fr in frames if fr.startswith('dev.kaftalk') or fr.startswith('dev/kaftalk')), None)
    if first: ours[t][first] += 1
    seen = set()
    for fr in frames:
        # class-level inclusive
        cls = fr.rsplit('.', 1)[0]
        if cls not in seen:
            seen.add(cls); incl[t][cls] += 1
total = sum(by.values())
print(f'samples {total}')
for t, n in by.most_common(12):
    print(f'\n=== {t}: {n} ({100*n/total:.1f}%)')
    print('  leaf:'); [print(f'    {c:5d} {k}') for k, c in leaf[t].most_common(12)]
    print('  first kaftalk frame:'); [print(f'    {c:5d} {k}') for k, c in ours[t].most_common(10)]
    print('  inclusive classes:'); [print(f'    {c:5d} {100*c/n:5.1f}% {k}') for k, c in incl[t].most_common(25)]
