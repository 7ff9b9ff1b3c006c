#!/usr/bin/env python3
"""Generate the huge and hostile closures of issue 15, each in its own folder.

    python3 tools/hostile/generate.py OUT [CASE ...]

Each folder holds closure.toml and practices.csv copied from the sample, and the hostile
patients file. Without CASE, every case is made (about 1 GB of files in all). Then
tools/hostile/measure.sh OUT measures `dispersal plan` on each. Deterministic: the same
bytes every time.
"""

import base64
import os
import random
import shutil
import sys
import zipfile

SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "sample")
HEADER = ("nhs_number,title,given_name,family_name,date_of_birth,address_line_1,address_line_2,"
          "address_line_3,address_line_4,address_line_5,postcode,last_seen,language,format,"
          "vulnerable,status,removed_from,allocated_practice")
BROKEN_ROW = "123,Mr,,Smith,99/99/9999,1 High St,London,,,,NOTAPOSTCODE,,,,,,,\n"
MB = 1 << 20


def closure(out, name, patients_file):
    folder = os.path.join(out, name)
    os.makedirs(folder, exist_ok=True)
    shutil.copy(os.path.join(SAMPLE, "practices.csv"), folder)
    with open(os.path.join(SAMPLE, "closure.toml")) as f:
        toml = f.read().replace('patients = "patients.csv"', f'patients = "{patients_file}"')
    with open(os.path.join(folder, "closure.toml"), "w") as f:
        f.write(toml)
    return os.path.join(folder, patients_file)


def broken_csv(path, rows):
    with open(path, "w") as f:
        f.write(HEADER + "\n")
        for _ in range(rows):
            f.write(BROKEN_ROW)


def long_line(path):
    with open(path, "w") as f:
        f.write(HEADER + "\n")
        for _ in range(200):
            f.write("x" * MB)
        f.write("\n")


def xlsx(path, write_sheet, write_shared=None):
    """A minimal workbook; each part is written as a stream (zip64), never held whole."""
    ns = "http://schemas.openxmlformats.org"
    shared_type = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    shared_rel = (f'<Relationship Id="rId2" Type="{ns}/officeDocument/2006/relationships/'
                  'sharedStrings" Target="sharedStrings.xml"/>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        z.writestr("[Content_Types].xml",
                   f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}/package/2006/'
                   'content-types"><Default Extension="rels" ContentType="application/'
                   'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                   'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
                   'sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
                   f'worksheet+xml"/>{shared_type if write_shared else ""}</Types>')
        z.writestr("_rels/.rels",
                   f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/'
                   f'2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/'
                   'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml",
                   f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/'
                   f'2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet '
                   'name="Patients" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/'
                   f'2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/'
                   'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                   f'{shared_rel if write_shared else ""}</Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}/'
                    'spreadsheetml/2006/main"><sheetData>'.encode())
            f.write(b'<row r="1">' + b"".join(
                f'<c t="inlineStr"><is><t>{c}</t></is></c>'.encode() for c in HEADER.split(","))
                + b"</row>")
            write_sheet(f)
            f.write(b"</sheetData></worksheet>")
        if write_shared:
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
                f.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{ns}/spreadsheetml/'
                        '2006/main">'.encode())
                write_shared(f)
                f.write(b"</sst>")


def inflating_sheet(f):
    """About 2 GB of one-cell rows: a few MB compressed."""
    rows = b'<row><c t="inlineStr"><is><t>1</t></is></c></row>' * 1000
    for _ in range(2 * 1024 * MB // len(rows)):
        f.write(rows)


def one_cell(text_chunk):
    def write(f):
        f.write(b'<row r="2"><c t="inlineStr"><is><t>')
        for _ in range(100):
            f.write(text_chunk())
        f.write(b"</t></is></c></row>")
    return write


def first_text_cell(f):
    f.write(b'<row r="2"><c t="s"><v>0</v></c></row>')


def texts(size, words, per_text):
    rnd = random.Random(7)
    vocabulary = [("".join(rnd.choice("abcdefghijklmnopqrstuvwxyz")
                           for _ in range(rnd.randint(*words)))).encode() for _ in range(5000)]

    def write(f):
        written = 0
        while written < size:
            chunk = b"".join(b"<si><t>" + b" ".join(rnd.choice(vocabulary)
                                                    for _ in range(per_text)) + b"</t></si>"
                             for _ in range(20000))
            f.write(chunk)
            written += len(chunk)
    return write


def random_mb():
    rnd = random.Random(11)
    def chunk():
        return base64.b64encode(rnd.randbytes(786432)).replace(b"+", b"a").replace(b"/", b"b")
    return chunk


CASES = {
    "broken-2m": lambda p: broken_csv(p, 2_000_000),
    "broken-300k": lambda p: broken_csv(p, 300_000),
    "long-line": long_line,
    "inflating-xlsx": lambda p: xlsx(p, inflating_sheet),
    "big-cell-xlsx": lambda p: xlsx(p, one_cell(lambda: b"abcdefghij" * (MB // 10))),
    "big-cell-random-xlsx": lambda p: xlsx(p, one_cell(random_mb())),
    "big-texts-xlsx": lambda p: xlsx(p, first_text_cell, texts(500 * MB, (4, 10), 2)),
    "texts-at-limit-xlsx": lambda p: xlsx(p, first_text_cell, texts(127 * MB, (2, 6), 1)),
}


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out, wanted = sys.argv[1], sys.argv[2:] or list(CASES)
    for name in wanted:
        patients = "patients.xlsx" if name.endswith("xlsx") else "patients.csv"
        CASES[name](closure(out, name, patients))
        print(name)


if __name__ == "__main__":
    main()
