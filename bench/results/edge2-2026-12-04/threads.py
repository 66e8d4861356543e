#!/usr/bin/env python3
"""Per-thread CPU of the Kaftalk server JVM over an interval: ops-threads.py <seconds> [out.json]."""
import os, sys, time, json, re, glob
def server_pid():
    """The server JVM: the child that maps the archive if any, else the one started with bench-server.json."""
    found=[]
    for p in os.listdir('/proc'):
        if not p.isdigit(): continue
        try: s=open(f'/proc/{p}/cmdline','rb').read().replace(b'\0',b' ')
        except Exception: continue
        if b'dev.kaftalk.bench' in s or not s.startswith(b'/') and not s.startswith(b'java'): continue
        if b'bench-server.json' in s or b'dev.kaftalk.app' in s:
            found.append((b'SharedArchiveFile' in s or b'dev.kaftalk.app' in s, int(p)))
    if not found: return None
    found.sort(reverse=True)
    return found[0][1]
def sample(pid):
    out={}
    for t in glob.glob(f'/proc/{pid}/task/*'):
        try:
            st=open(t+'/stat').read()
            comm=st[st.index('(')+1:st.rindex(')')]
            f=st[st.rindex(')')+2:].split()
            out[t.split('/')[-1]]=(comm,int(f[11])+int(f[12]))
        except Exception: pass
    return out
secs=float(sys.argv[1]); pid=server_pid()
if pid is None: print('no server'); sys.exit(1)
import subprocess
names={}
try:
    dump=subprocess.run(['jcmd',str(pid),'Thread.print'],capture_output=True,text=True,timeout=20).stdout
    for m in re.finditer(r'^"([^"]+)".*? nid=(0x[0-9a-f]+|\d+)',dump,re.M):
        nid=m.group(2); names[str(int(nid,16) if nid.startswith('0x') else int(nid))]=m.group(1)
except Exception: pass
a=sample(pid); t0=time.time(); time.sleep(secs); b=sample(pid); dt=time.time()-t0
hz=os.sysconf('SC_CLK_TCK'); groups={}
for tid,(comm,cpu) in b.items():
    d=(cpu-a.get(tid,(comm,0))[1])/hz
    g=re.sub(r'[-#]?\d+$','-N',comm)
    key=names.get(tid,comm+'#'+tid) if comm.startswith('vert.x-eventloo') else comm
    groups.setdefault(key,0); groups[key]+=d
tot=sum(groups.values())
rows=sorted(groups.items(),key=lambda x:-x[1])
res={'pid':pid,'seconds':dt,'totalCores':tot/dt,'threads':[{'thread':k,'cores':round(v/dt,3)} for k,v in rows if v>0]}
print(json.dumps(res,indent=1))
if len(sys.argv)>2: json.dump(res,open(sys.argv[2],'w'),indent=1)
