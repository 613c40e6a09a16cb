#!/usr/bin/env bash
# Customer (CRM) page speeds against a running server: the list, the list filtered by tags,
# and profiles, each called N times as one user; prints the median and 95th percentile of
# the server-function round trip on loopback (curl's time_total).
#   bash end2end/bench/crm-speed.sh http://127.0.0.1:3450 gboss bench1234 [N]
set -euo pipefail
base="$1"; user="$2"; pass="$3"; n="${4:-30}"
jar="$(mktemp)"
curl -fs -c "$jar" -o /dev/null -H "Origin: $base" --data "username=$user&password=$pass" "$base/rpc/login"
call() { curl -fs -b "$jar" -H "Origin: $base" -o /dev/null -w '%{time_total}\n' --data "$2" "$base/rpc/$1"; }
stats() {
  sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; p=a[int(NR*0.95+0.999)]; printf "median %.1f ms, p95 %.1f ms (n=%d)\n", m*1000, p*1000, NR}'
}
measure() {
  local label="$1" fn="$2" body="$3"
  call "$fn" "$body" >/dev/null
  printf '%-44s ' "$label"
  for _ in $(seq 1 "$n"); do call "$fn" "$body"; done | stats
}
tags="$(curl -fs -b "$jar" -H "Origin: $base" --data '' "$base/rpc/list_tags")"
first="$(curl -fs -b "$jar" -H "Origin: $base" --data '' "$base/rpc/list_customers")"
measure "list, first page" list_customers ""
next="$(python3 -c 'import json,sys; c=json.loads(sys.argv[1])["next"]; print("filter[seek][After][key]=%d&filter[seek][After][id]=%d" % (c["key"], c["id"]) if c else "")' "$first")"
[ -n "$next" ] && measure "list, second page" list_customers "$next"
while IFS=$'\t' read -r id name count; do
  measure "tag filter $name ($count customers)" list_customers "filter[tag_id]=$id"
done < <(python3 -c 'import json,sys; [print("%d\t%s\t%d" % (x["id"], x["name"], x["customers"])) for x in json.loads(sys.argv[1])]' "$tags")
measure "stage filter 沉睡" list_customers "filter[stage]=dormant"
measure "segment filter 重要价值" list_customers "filter[segment]=important_value"
heavy="$(curl -fs -b "$jar" -H "Origin: $base" --data 'filter[segment]=important_value' "$base/rpc/list_customers")"
ids="$(python3 -c 'import json,sys; print(" ".join(str(r["id"]) for r in sorted(json.loads(sys.argv[1])["rows"], key=lambda r: -r["orders"])[:3]))' "$heavy")"
# PROFILE_IDS adds profiles to time (e.g. the customers with the most orders).
for id in $ids ${PROFILE_IDS:-}; do measure "profile $id" get_customer "id=$id"; done
rm -f "$jar"
