#!/usr/bin/env python3
"""Time the dashboard server functions on generated data (`server gen`, users gboss and g001,
password bench1234): the median of N POSTs per case after one warm-up.
   python3 end2end/bench/dashboards-speed.py http://127.0.0.1:3400 [N]"""
import sys, time, json, statistics, urllib.request, urllib.parse, http.cookiejar
base = sys.argv[1]; n = int(sys.argv[2]) if len(sys.argv) > 2 else 7
def session(user):
    cj = http.cookiejar.CookieJar()
    op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cj))
    r = op.open(base + "/rpc/login", urllib.parse.urlencode({"username": user, "password": "bench1234"}).encode())
    assert r.status == 200
    return op
def post(op, f, body):
    t = time.perf_counter()
    r = op.open(base + "/rpc/" + f, body.encode())
    data = r.read()
    return (time.perf_counter() - t) * 1000, len(data)
presets = ["today", "yesterday", "last7", "last30", "last90", "this_month", "last_month", "this_quarter", "this_year"]
cases = []
for who in ["gboss", "g001"]:
    op = session(who)
    for p in presets:
        cases.append((who, "get_boss_view", p, op, f"filter[preset]={p}"))
    cases.append((who, "get_sales_view", "last30", op, "filter[preset]=last30"))
    cases.append((who, "get_wall", "", op, ""))
    cases.append((who, "get_overview", "", op, ""))
    if who == "gboss":
        cases.append((who, "get_stock_view", "", op, ""))
for who, f, p, op, body in cases:
    post(op, f, body)  # warm
    ts = [post(op, f, body) for _ in range(n)]
    med = statistics.median(t for t, _ in ts)
    print(f"{who:6} {f:15} {p:13} median {med:7.1f} ms  min {min(t for t,_ in ts):7.1f}  bytes {ts[0][1]}", flush=True)
