#!/usr/bin/env python3
"""Write a synthetic ONS Postcode Directory as big as the real one, to measure reading it.

    python3 tools/postcodes/onspd.py OUT.csv [ROWS]

ROWS (default 2,700,000, about the real directory's count of live and terminated postcodes)
rows of the 2025 column names, 52 columns, about 1.2 GB: every postcode of the sample
(`sample/postcodes.csv`, put on the grid by the same formulas as the tool's, so a plan from it
is the sample's), then made-up postcodes of every area, one in ten terminated and one in a
hundred with no position (latitude 99.999999, no eastings or northings). Then

    dispersal plan --sample --postcode-lookup OUT.csv --out DIR

reads it as it streams, keeping only the sample's postcodes. Deterministic: the same bytes
every time.
"""

import csv
import math
import os
import sys

SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "sample")
HEADER = ("pcd7,pcd8,pcds,dointr,doterm,usrtypind,east1m,north1m,gridind,oa21cd,cty25cd,ced25cd,"
          "lad25cd,wd25cd,parish25cd,nhser24cd,ctry25cd,rgn25cd,pcon24cd,ttwa15cd,itl25cd,"
          "npark16cd,lsoa11cd,msoa11cd,lsoa21cd,msoa21cd,wz11cd,sicbl24cd,bua24cd,ruc11ind,"
          "ruc21ind,oac11ind,lat,long,lep21cd1,lep21cd2,pfa23cd,imd20ind,calncv,icb23cd,"
          "oa11cd,cty26cd,lad26cd,wd26cd,ctry26cd,rgn26cd,sicbl26cd,oac21ind,imd25ind,icb26cd,"
          "pcon25cd,ccg19cd")
AREAS = ("AB AL B BA BB BD BH BL BN BR BS CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN "
         "DT DY E EC EH EN EX FK FY G GL GU HA HD HG HP HR HS HU HX IG IP IV KA KT KW KY L LA "
         "LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S "
         "SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF "
         "WN WR WS WV YO ZE").split()
UNIT = "ABDEFGHJLNPQRSTUWXYZ"
CODES = ["E00012345", "E10000000", "E58000000", "E09000028", "E05011095", "E43000191",
         "E40000003", "E92000001", "E12000007", "E14001234", "E30000234", "E06000001",
         "E26000001", "E01003456", "E02000567", "E01034567", "E02006789", "E33012345",
         "E38000244", "E63012345", "A1", "C1", "3B1"]


def to_grid(lat, long):
    """WGS84 to National Grid: OS's Helmert parameters and Transverse Mercator series."""
    def xyz(phi, lam, a, b):
        e2 = (a * a - b * b) / (a * a)
        nu = a / math.sqrt(1 - e2 * math.sin(phi) ** 2)
        return (nu * math.cos(phi) * math.cos(lam), nu * math.cos(phi) * math.sin(lam),
                (1 - e2) * nu * math.sin(phi))
    x, y, z = xyz(math.radians(lat), math.radians(long), 6378137.0, 6356752.3142)
    s = 20.4894e-6
    rx, ry, rz = (math.radians(v / 3600) for v in (-0.1502, -0.2470, -0.8421))
    x, y, z = (-446.448 + (1 + s) * x - rz * y + ry * z, 125.157 + rz * x + (1 + s) * y - rx * z,
               -542.060 - ry * x + rx * y + (1 + s) * z)
    a, b = 6377563.396, 6356256.909
    e2 = (a * a - b * b) / (a * a)
    p = math.hypot(x, y)
    phi = math.atan2(z, p * (1 - e2))
    for _ in range(10):
        nu = a / math.sqrt(1 - e2 * math.sin(phi) ** 2)
        phi = math.atan2(z + e2 * nu * math.sin(phi), p)
    lam = math.atan2(y, x)
    f0, phi0, lam0, n = 0.9996012717, math.radians(49), math.radians(-2), (a - b) / (a + b)
    sin, cos, tan = math.sin(phi), math.cos(phi), math.tan(phi)
    nu = a * f0 / math.sqrt(1 - e2 * sin * sin)
    rho = a * f0 * (1 - e2) / (1 - e2 * sin * sin) ** 1.5
    eta2 = nu / rho - 1
    dl, sl = phi - phi0, phi + phi0
    m = b * f0 * ((1 + n + 1.25 * n ** 2 + 1.25 * n ** 3) * dl
                  - (3 * n + 3 * n ** 2 + 21 / 8 * n ** 3) * math.sin(dl) * math.cos(sl)
                  + (15 / 8 * n ** 2 + 15 / 8 * n ** 3) * math.sin(2 * dl) * math.cos(2 * sl)
                  - 35 / 24 * n ** 3 * math.sin(3 * dl) * math.cos(3 * sl))
    d = lam - lam0
    north = (m - 100000 + nu / 2 * sin * cos * d ** 2
             + nu / 24 * sin * cos ** 3 * (5 - tan ** 2 + 9 * eta2) * d ** 4
             + nu / 720 * sin * cos ** 5 * (61 - 58 * tan ** 2 + tan ** 4) * d ** 6)
    east = (400000 + nu * cos * d + nu / 6 * cos ** 3 * (nu / rho - tan ** 2) * d ** 3
            + nu / 120 * cos ** 5 * (5 - 18 * tan ** 2 + tan ** 4 + 14 * eta2
                                     - 58 * tan ** 2 * eta2) * d ** 5)
    return round(east), round(north)


def row(pcds, lat, long, east, north, doterm):
    outward, inward = pcds.split(" ")
    fields = [outward.ljust(4) + inward, outward.ljust(5) + inward, pcds, "198001", doterm, "0",
              str(east) if east else "", str(north) if north else "", "1" if east else "9"]
    fields += CODES
    fields += [lat, long]
    fields += CODES[:18]
    return fields[:52]


def main():
    out, rows = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2_700_000
    with open(os.path.join(SAMPLE, "postcodes.csv"), newline="") as f:
        sample = list(csv.DictReader(f))
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(HEADER.split(","))
        for r in sample:
            lat, long = float(r["latitude"]), float(r["longitude"])
            east, north = to_grid(lat, long)
            w.writerow(row(r["postcode"], r["latitude"], r["longitude"], east, north, ""))
        n = len(sample)
        i = 0
        while n < rows:
            area = AREAS[i % len(AREAS)]
            k = i // len(AREAS)
            pcds = "%s%d %d%s%s" % (area, 1 + k % 97, (k // 97) % 10,
                                    UNIT[(k // 970) % 20], UNIT[(k // 19400) % 20])
            i += 1
            if area == "SE" or area == "SW":
                continue  # never one of the sample's
            if i % 100 == 0:
                w.writerow(row(pcds, "99.999999", "0.000000", 0, 0, ""))
            else:
                lat, long = 50.0 + (i % 7000) / 1000, -5.0 + (i % 6000) / 1000
                east, north = 100000 + i % 550000, 20000 + (i * 7) % 1000000
                w.writerow(row(pcds, "%.6f" % lat, "%.6f" % long, east, north,
                               "201906" if i % 10 == 0 else ""))
            n += 1


if __name__ == "__main__":
    main()
