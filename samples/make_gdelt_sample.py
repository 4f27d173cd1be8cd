#!/usr/bin/env python3
"""Generate samples/gdelt-sample.export.CSV: a synthetic GDELT 2.0 events file.

The rows are invented (no GDELT data is copied). They follow the GDELT 2.0 event
layout: 61 tab-separated columns, no header line, SQLDATE as YYYYMMDD, DATEADDED as
YYYYMMDDHHMMSS, QuadClass by the GDELT rule and GoldsteinScale taken from GDELT's
table for the event code (read from cameo-goldstein.tsv at generation time).

The file is concentrated on a few dyads and carries planted patterns that tests and
analyses can look for:

* AZE->RUS and RUS->AZE are cooperative until mid-2024, mixed from 2024-07 to 2024-11,
  and mostly conflictual (codes 11x, 12x, 16x, 17x) from 2024-12 on;
* TUR->AZE favours (06x, 07x) are dense in 2020 and 2021;
* AZE->TUR cooperation (material and verbal) grows from 2022 on;
* ARM<->AZE is fighting in late 2020, mixed in 2021-2023, negotiating in 2024-2025;
* TUR<->SYR and TUR->SYRREB (Kurdish-led forces coded as Syrian rebels), IRN<->ISR and
  USA<->IRN follow the broad shape of the news of those years.

Usage: python3 samples/make_gdelt_sample.py [--tsv PATH] [--out PATH]
The output is deterministic (fixed seed); the generated CSV is what the project uses.
"""

import argparse
import datetime as dt
import os
import random
import sys

SEED = 20240615
SCALE = 0.69  # overall density: about 3,000 rows
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_TSV = "/work/shared/reference/cameo-goldstein.tsv"
DEFAULT_OUT = os.path.join(HERE, "gdelt-sample.export.CSV")

START = dt.date(2020, 1, 1)
END = dt.date(2025, 12, 31)

# code -> (name, CAMEO country, type code, FIPS geo country, place, ADM1, lat, long, feature id)
ACTORS = {
    "TUR": ("TURKEY", "TUR", "", "TU", "Ankara, Ankara, Turkey", "TU68", 39.9272, 32.8644, "-746666"),
    "TURGOV": ("ANKARA", "TUR", "GOV", "TU", "Ankara, Ankara, Turkey", "TU68", 39.9272, 32.8644, "-746666"),
    "TURMIL": ("TURKISH MILITARY", "TUR", "MIL", "TU", "Ankara, Ankara, Turkey", "TU68", 39.9272, 32.8644, "-746666"),
    "AZE": ("AZERBAIJAN", "AZE", "", "AJ", "Baku, Baki, Azerbaijan", "AJ09", 40.3953, 49.8822, "-2182196"),
    "AZEGOV": ("BAKU", "AZE", "GOV", "AJ", "Baku, Baki, Azerbaijan", "AJ09", 40.3953, 49.8822, "-2182196"),
    "AZEMIL": ("AZERBAIJANI ARMY", "AZE", "MIL", "AJ", "Baku, Baki, Azerbaijan", "AJ09", 40.3953, 49.8822, "-2182196"),
    "RUS": ("RUSSIA", "RUS", "", "RS", "Moscow, Moskva, Russia", "RS48", 55.7522, 37.6156, "-2960561"),
    "RUSGOV": ("KREMLIN", "RUS", "GOV", "RS", "Moscow, Moskva, Russia", "RS48", 55.7522, 37.6156, "-2960561"),
    "RUSMIL": ("RUSSIAN MILITARY", "RUS", "MIL", "RS", "Moscow, Moskva, Russia", "RS48", 55.7522, 37.6156, "-2960561"),
    "ARM": ("ARMENIA", "ARM", "", "AM", "Yerevan, Yerevan, Armenia", "AM11", 40.1811, 44.5136, "-3017271"),
    "ARMGOV": ("YEREVAN", "ARM", "GOV", "AM", "Yerevan, Yerevan, Armenia", "AM11", 40.1811, 44.5136, "-3017271"),
    "ARMMIL": ("ARMENIAN ARMY", "ARM", "MIL", "AM", "Yerevan, Yerevan, Armenia", "AM11", 40.1811, 44.5136, "-3017271"),
    "SYR": ("SYRIA", "SYR", "", "SY", "Damascus, Dimashq, Syria", "SY13", 33.5102, 36.2913, "-3023708"),
    "SYRGOV": ("DAMASCUS", "SYR", "GOV", "SY", "Damascus, Dimashq, Syria", "SY13", 33.5102, 36.2913, "-3023708"),
    "SYRREB": ("KURDISH MILITANT", "SYR", "REB", "SY", "Qamishli, Al Hasakah, Syria", "SY01", 37.0522, 41.2317, "-3022781"),
    "IRN": ("IRAN", "IRN", "", "IR", "Tehran, Tehran, Iran", "IR26", 35.6944, 51.4215, "10074674"),
    "IRNGOV": ("TEHRAN", "IRN", "GOV", "IR", "Tehran, Tehran, Iran", "IR26", 35.6944, 51.4215, "10074674"),
    "ISR": ("ISRAEL", "ISR", "", "IS", "Jerusalem, Israel (general), Israel", "IS00", 31.7784, 35.2066, "-781545"),
    "ISRMIL": ("ISRAELI MILITARY", "ISR", "MIL", "IS", "Jerusalem, Israel (general), Israel", "IS00", 31.7784, 35.2066, "-781545"),
    "USA": ("UNITED STATES", "USA", "", "US", "Washington, District of Columbia, United States", "USDC", 38.8951, -77.0364, "531871"),
    "USAGOV": ("WASHINGTON", "USA", "GOV", "US", "Washington, District of Columbia, United States", "USDC", 38.8951, -77.0364, "531871"),
}

# Where an action between two countries usually takes place (FIPS, name, ADM1, lat, long, id).
PLACES = {
    "AJ": [("Baku, Baki, Azerbaijan", "AJ09", 40.3953, 49.8822, "-2182196"),
           ("Shusha, Susa, Azerbaijan", "AJ59", 39.7583, 46.7484, "-2193004"),
           ("Ganja, Ganca, Azerbaijan", "AJ24", 40.6828, 46.3606, "-2185279")],
    "TU": [("Ankara, Ankara, Turkey", "TU68", 39.9272, 32.8644, "-746666"),
           ("Istanbul, Istanbul, Turkey", "TU34", 41.0138, 28.9497, "-755689")],
    "RS": [("Moscow, Moskva, Russia", "RS48", 55.7522, 37.6156, "-2960561")],
    "AM": [("Yerevan, Yerevan, Armenia", "AM11", 40.1811, 44.5136, "-3017271")],
    "SY": [("Damascus, Dimashq, Syria", "SY13", 33.5102, 36.2913, "-3023708"),
           ("Manbij, Halab, Syria", "SY09", 36.5281, 37.9549, "-3025002"),
           ("Kobani, Halab, Syria", "SY09", 36.8908, 38.3543, "-3026164")],
    "IR": [("Tehran, Tehran, Iran", "IR26", 35.6944, 51.4215, "10074674")],
    "IS": [("Jerusalem, Israel (general), Israel", "IS00", 31.7784, 35.2066, "-781545")],
    "US": [("Washington, District of Columbia, United States", "USDC", 38.8951, -77.0364, "531871")],
}

COUNTRY_FIPS = {"TUR": "TU", "AZE": "AJ", "RUS": "RS", "ARM": "AM", "SYR": "SY",
                "IRN": "IR", "ISR": "IS", "USA": "US"}

# Code pools: the codes an event of a given flavour is drawn from.
POOLS = {
    "talk": ["010", "013", "019", "020", "036", "040", "042", "043", "046", "051"],
    "praise": ["051", "052", "057", "030", "031", "0311", "032"],
    "favour": ["060", "061", "062", "063", "064", "070", "071", "073", "074", "075"],
    "military_aid": ["062", "074", "064", "061"],
    "repay": ["061", "0311", "0312", "071", "057", "051"],
    "appeal": ["020", "021", "0211", "0213", "022", "023", "0231", "0233", "026"],
    "demand": ["100", "101", "1011", "103", "104", "1041", "106"],
    "criticise": ["110", "111", "112", "1121", "114", "115"],
    "reject": ["120", "121", "1211", "122", "124", "125", "128"],
    "threaten": ["130", "131", "138", "1381"],
    "reduce": ["160", "161", "162", "1621", "163", "164", "166"],
    "coerce": ["170", "171", "172", "173", "174", "175"],
    "force": ["180", "183", "190", "193", "194", "195"],
    "posture": ["150", "152", "154"],
    "yield": ["080", "081", "083", "084", "0841", "086", "087"],
    "negotiate": ["030", "036", "040", "042", "043", "046", "057", "0874"],
    "protest": ["140", "141", "145"],
}


def read_goldstein(path):
    table = {}
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header[:4] != ["code", "name", "goldstein", "quadclass"]:
            sys.exit(f"{path}:1: unexpected header {header}")
        for n, line in enumerate(f, start=2):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4:
                sys.exit(f"{path}:{n}: expected 4 columns")
            table[parts[0]] = (parts[2], int(parts[3]))
    return table


def months():
    y, m = 2020, 1
    while (y, m) <= (2025, 12):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def phase(y, m):
    return y * 100 + m


def dyad_plan(y, m):
    """Return a list of (source, target, flavour, expected count) for one month."""
    ym = phase(y, m)
    plan = []

    # Turkey -> Azerbaijan: dense favours in 2020-2021 (war and reconstruction),
    # political backing throughout, occasional appeals and demands later.
    if y in (2020, 2021):
        war = 2020_09 <= ym <= 2020_12
        plan += [("TUR", "AZE", "favour", 9 if war else 5),
                 ("TURMIL", "AZE", "military_aid", 6 if war else 3),
                 ("TURGOV", "AZEGOV", "praise", 5 if war else 3),
                 ("TUR", "AZE", "talk", 3)]
    else:
        plan += [("TUR", "AZE", "favour", 1.2),
                 ("TURGOV", "AZEGOV", "praise", 2),
                 ("TUR", "AZE", "talk", 2.5),
                 ("TURGOV", "AZEGOV", "appeal", 1.5),
                 ("TURGOV", "AZEGOV", "demand", 0.3),
                 ("TUR", "AZE", "criticise", 0.15)]

    # Azerbaijan -> Turkey: thanks and talk early, material cooperation later.
    if y in (2020, 2021):
        plan += [("AZEGOV", "TURGOV", "praise", 3), ("AZE", "TUR", "talk", 2.5),
                 ("AZE", "TUR", "appeal", 1.5 if 2020_09 <= ym <= 2020_11 else 0.5)]
    else:
        plan += [("AZE", "TUR", "repay", 4 if ym >= 2023_02 else 3),
                 ("AZEGOV", "TURGOV", "praise", 2), ("AZE", "TUR", "talk", 2),
                 ("AZE", "TUR", "reject", 0.15)]

    # Azerbaijan <-> Russia: the planted turn.
    if ym <= 2024_06:
        plan += [("AZE", "RUS", "talk", 3), ("AZEGOV", "RUSGOV", "negotiate", 2),
                 ("RUS", "AZE", "talk", 3), ("RUSGOV", "AZEGOV", "negotiate", 2),
                 ("RUS", "AZE", "favour", 0.8), ("AZE", "RUS", "favour", 0.6),
                 ("AZE", "RUS", "criticise", 0.2), ("RUS", "AZE", "criticise", 0.2)]
    elif ym <= 2024_11:
        plan += [("AZE", "RUS", "talk", 2.5), ("RUS", "AZE", "talk", 2.5),
                 ("AZEGOV", "RUSGOV", "negotiate", 1.5), ("RUSGOV", "AZEGOV", "negotiate", 1.5),
                 ("AZE", "RUS", "criticise", 0.8), ("RUS", "AZE", "criticise", 0.6)]
    else:
        burst = ym in (2024_12, 2025_01, 2025_07)
        k = 2.0 if burst else 1.0
        plan += [("AZEGOV", "RUSGOV", "criticise", 4 * k), ("AZE", "RUS", "reject", 2.5 * k),
                 ("AZEGOV", "RUSGOV", "demand", 2 * k), ("AZE", "RUS", "reduce", 2 * k),
                 ("AZE", "RUS", "coerce", 1.2 * k),
                 ("RUSGOV", "AZEGOV", "criticise", 3 * k), ("RUS", "AZE", "reject", 2 * k),
                 ("RUS", "AZE", "reduce", 1.2 * k), ("RUS", "AZE", "coerce", 1.2 * k),
                 ("AZE", "RUS", "talk", 0.8), ("RUS", "AZE", "talk", 0.8)]
        if ym >= 2025_10:  # the Dushanbe meeting: some talk again
            plan += [("AZEGOV", "RUSGOV", "negotiate", 2), ("RUSGOV", "AZEGOV", "negotiate", 2)]

    # Armenia <-> Azerbaijan.
    if 2020_07 <= ym <= 2020_11:
        war = 2020_09 <= ym <= 2020_11
        plan += [("ARMMIL", "AZE", "force", 8 if war else 3), ("AZEMIL", "ARM", "force", 8 if war else 3),
                 ("ARMGOV", "AZEGOV", "criticise", 3), ("AZEGOV", "ARMGOV", "criticise", 3)]
    elif ym <= 2023_12:
        hot = ym in (2021_05, 2021_11, 2022_09, 2023_09)
        plan += [("ARMGOV", "AZEGOV", "criticise", 2.5), ("AZEGOV", "ARMGOV", "criticise", 2.5),
                 ("ARMGOV", "AZEGOV", "negotiate", 1.2), ("AZEGOV", "ARMGOV", "negotiate", 1.2),
                 ("AZEMIL", "ARM", "force", 5 if hot else 0.4), ("ARMMIL", "AZE", "force", 3 if hot else 0.3),
                 ("AZEGOV", "ARMGOV", "demand", 0.8)]
    else:
        plan += [("ARMGOV", "AZEGOV", "negotiate", 3), ("AZEGOV", "ARMGOV", "negotiate", 3),
                 ("AZEGOV", "ARMGOV", "yield", 0.4), ("ARMGOV", "AZEGOV", "yield", 0.6),
                 ("AZEGOV", "ARMGOV", "demand", 0.8), ("ARMGOV", "AZEGOV", "criticise", 0.5),
                 ("AZEGOV", "ARMGOV", "criticise", 0.5)]

    # Turkey <-> Syria and the Kurdish-led forces.
    if ym <= 2024_11:
        idlib = ym in (2020_02, 2020_03)
        plan += [("TURMIL", "SYR", "force", 6 if idlib else 0.5), ("SYR", "TUR", "force", 3 if idlib else 0.2),
                 ("TURGOV", "SYRGOV", "criticise", 1), ("SYRGOV", "TURGOV", "criticise", 1),
                 ("TURMIL", "SYRREB", "force", 3 if ym in (2022_11, 2023_10, 2024_10) else 1),
                 ("TURMIL", "SYRREB", "threaten", 0.8), ("SYRREB", "TUR", "criticise", 0.8)]
    else:
        plan += [("TURGOV", "SYRGOV", "favour", 2.5), ("TURGOV", "SYRGOV", "talk", 2.5),
                 ("SYRGOV", "TURGOV", "praise", 1.5),
                 ("TURMIL", "SYRREB", "force", 3 if ym <= 2025_02 else 0.4),
                 ("TURGOV", "SYRREB", "demand", 1.2), ("SYRREB", "TUR", "appeal", 0.6)]

    # Iran <-> Israel.
    hot = ym in (2024_04, 2024_10, 2025_06)
    plan += [("IRNGOV", "ISR", "threaten", 2.5 if hot else 1), ("ISR", "IRN", "threaten", 2 if hot else 0.8),
             ("IRN", "ISR", "criticise", 2), ("ISR", "IRN", "criticise", 1.5),
             ("ISRMIL", "IRN", "force", 8 if hot else 0.3), ("IRN", "ISR", "force", 6 if hot else 0.15)]

    # USA <-> Iran.
    talks = ym in (2021_04, 2021_05, 2021_06, 2022_08, 2023_09, 2025_04, 2025_05)
    plan += [("USAGOV", "IRNGOV", "reduce", 1), ("USA", "IRN", "criticise", 1.5),
             ("IRN", "USA", "criticise", 1.5), ("IRNGOV", "USAGOV", "reject", 0.8),
             ("USAGOV", "IRNGOV", "negotiate", 3 if talks else 0.3),
             ("IRNGOV", "USAGOV", "negotiate", 3 if talks else 0.3),
             ("USA", "IRN", "force", 5 if ym in (2020_01, 2025_06) else 0.05),
             ("IRN", "USA", "force", 3 if ym in (2020_01, 2025_06) else 0.05)]
    return plan


def poisson(rng, lam):
    # Knuth's method; lam is small.
    limit, k, p = pow(2.718281828459045, -lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def actor_fields(code):
    if not code:
        return [""] * 10
    name, country, typ, *_ = ACTORS[code]
    return [code, name, country, "", "", "", "", typ, "", ""]


def geo_fields(kind, place, country_fips):
    if place is None:
        return ["0", "", "", "", "", "", "", ""]
    name, adm1, lat, lon, fid = place
    return [str(kind), name, country_fips, adm1, "", f"{lat:.4f}", f"{lon:.4f}", fid]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tsv", default=DEFAULT_TSV)
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()

    goldstein = read_goldstein(args.tsv)
    for pool in POOLS.values():
        for code in pool:
            if code not in goldstein:
                sys.exit(f"code {code} is not in {args.tsv}")

    rng = random.Random(SEED)
    rows = []
    for y, m in months():
        first = dt.date(y, m, 1)
        last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))
        for src, tgt, flavour, lam in dyad_plan(y, m):
            for _ in range(poisson(rng, lam * SCALE)):
                day = first + dt.timedelta(days=rng.randrange((last - first).days + 1))
                code = rng.choice(POOLS[flavour])
                rows.append((day, src, tgt, code))
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3]))

    event_id = 900000000
    out = []
    for day, src, tgt, code in rows:
        event_id += rng.randrange(1, 4000)
        gs, quad = goldstein[code]
        base = code[:3]
        root = code[:2]
        tone = max(-15.0, min(12.0, float(gs) * 0.45 + rng.gauss(-1.5, 1.6)))
        articles = max(1, int(rng.expovariate(1 / 3)) + 1)
        sources = max(1, min(articles, int(articles * rng.uniform(0.5, 1.0))))
        mentions = articles + rng.randrange(0, 3 * articles + 1)

        s_country = ACTORS[src][1]
        t_country = ACTORS[tgt][1]
        a1 = ACTORS[src][3:]
        a2 = ACTORS[tgt][3:]
        # action place: mostly where the target is for force, else either side
        fips = COUNTRY_FIPS[t_country] if root in ("18", "19", "17") or rng.random() < 0.5 else COUNTRY_FIPS[s_country]
        place = rng.choice(PLACES[fips])

        added = dt.datetime(day.year, day.month, day.day) + dt.timedelta(
            days=rng.choice([0, 0, 0, 1, 1, 2]), minutes=15 * rng.randrange(96))
        if added.date() > END:
            added = dt.datetime(END.year, END.month, END.day, 23, 45)

        slug = f"{s_country.lower()}-{t_country.lower()}-{code}-{event_id % 100000}"
        url = f"https://news.example.org/{day:%Y/%m/%d}/{slug}"

        fraction = day.year + (day.month * 30 + day.day) / 365
        fields = [
            str(event_id), day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year), f"{fraction:.4f}",
            *actor_fields(src), *actor_fields(tgt),
            "1" if rng.random() < 0.45 else "0",
            code, base, root, str(quad), gs,
            str(mentions), str(sources), str(articles), f"{tone:.6f}",
            *geo_fields(4, (a1[1], a1[2], a1[3], a1[4], a1[5]), a1[0]),
            *geo_fields(4, (a2[1], a2[2], a2[3], a2[4], a2[5]), a2[0]),
            *geo_fields(4, place, fips),
            added.strftime("%Y%m%d%H%M%S"), url,
        ]
        assert len(fields) == 61, len(fields)
        out.append("\t".join(fields))

    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {len(out)} rows to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
