#!/usr/bin/env python3
"""Times Python reading and validating a people list, for comparison with
`taavon bench`'s import of the same file (crates/core/src/import/).

    python bench/import_people.py PEOPLE.xlsx

pandas reads the sheet with openpyxl (every cell as text, as the Rust import
does), then each row gets the same checks: digits of any script to ASCII,
Arabic ي/ك to Persian, spaces folded; national codes padded when Excel
dropped the leading zeros, then checksummed (PRODUCT.md); mobiles in every
common form to 09XXXXXXXXX; Jalali birth dates checked for shape and range.
It writes nothing anywhere: the Rust figure it is compared with includes
writing every row to SQLite in one transaction.

Prints `pandas_read_ms=… validate_ms=… total_ms=… rows=… valid=… rejected=…`.
"""

import re
import sys
import time

PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
ARABIC = "٠١٢٣٤٥٦٧٨٩"
DIGITS = str.maketrans(PERSIAN + ARABIC + "يك", "0123456789" * 2 + "یک")
JALALI = re.compile(r"^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$")
SPACES = re.compile(r"\s+")


def clean(value):
    if value is None or value != value:  # None or NaN
        return ""
    return SPACES.sub(" ", str(value).translate(DIGITS)).strip()


def national_code(raw):
    digits = raw.replace(" ", "").replace("-", "")
    if digits.endswith(".0"):
        digits = digits[:-2]
    if not digits.isdigit():
        return None
    if len(digits) in (8, 9):
        digits = digits.zfill(10)
    if len(digits) != 10 or len(set(digits)) == 1 or digits[3:9] == "000000":
        return None
    s = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9])) % 11
    check = s if s < 2 else 11 - s
    return digits if int(digits[9]) == check else None


def mobile(raw):
    digits = re.sub(r"[\s\-()+]", "", raw)
    for prefix in ("0098", "98"):
        if digits.startswith(prefix):
            digits = digits[len(prefix):]
    if digits.startswith("9") and len(digits) == 10:
        digits = "0" + digits
    return digits if re.fullmatch(r"09\d{9}", digits) else None


def jalali(raw):
    m = JALALI.match(raw)
    if not m:
        return None
    y, mo, d = map(int, m.groups())
    if not (1300 <= y <= 1500 and 1 <= mo <= 12 and 1 <= d <= (31 if mo <= 6 else 30)):
        return None
    return f"{y:04}/{mo:02}/{d:02}"


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: import_people.py PEOPLE.xlsx")
    try:
        import pandas as pd
    except ImportError:
        sys.exit("pandas is missing: pip install -r bench/requirements.txt")
    start = time.perf_counter()
    frame = pd.read_excel(sys.argv[1], engine="openpyxl", dtype=str, header=0)
    read = time.perf_counter()
    valid = rejected = 0
    for row in frame.itertuples(index=False):
        code, first, last, father, birth, phone = (clean(v) for v in row[:6])
        ok = national_code(code) is not None and first and last
        if phone:
            ok = ok and mobile(phone) is not None
        if birth:
            ok = ok and jalali(birth) is not None
        if ok:
            valid += 1
        else:
            rejected += 1
    done = time.perf_counter()
    print(
        f"pandas_read_ms={(read - start) * 1000:.1f} validate_ms={(done - read) * 1000:.1f} "
        f"total_ms={(done - start) * 1000:.1f} rows={len(frame)} valid={valid} rejected={rejected} "
        f"pandas={pd.__version__}"
    )


if __name__ == "__main__":
    main()
