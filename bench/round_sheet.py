#!/usr/bin/env python3
"""Times Python writing the office's round sheet, for comparison with the Rust
export (crates/core/src/xlsx.rs, rust_xlsxwriter).

Each library writes the same workbook in the same house style as the Rust
`Book`: one base font, right-to-left sheets, a bold filled header row that is
frozen and filtered, explicit column widths, codes and dates as text cells,
A4 landscape one page wide, a page header and footer, document properties.

    python bench/round_sheet.py INPUT.json [OUT_DIR]
        Writes the workbook 3 times with each library (into OUT_DIR, default
        a new temporary folder) and prints one line per library:
        `xlsxwriter_ms=MEDIAN runs_ms=A,B,C rows=… cells=… bytes=… …`

    python bench/round_sheet.py --sample N OUT.json
        Writes a plausible input shaped like the Rust round export: N people
        on the 18-column sheet, and the totals sheet (a line per cooperative,
        per course, and the grand total).

The timings cover building the workbook and writing the file, not reading the
JSON. The input's shape:

    {"office", "title", "subtitle", "date", "font",
     "doc": {"title", "subject", "keywords", "comment"},
     "sheets": [{"name", "title", "subtitle",
                 "columns": [{"header", "width", "kind"}],
                 "rows": [[str | number | null, ...], ...]}]}

`kind` is text, wrap, code, date or number. A sheet without its own title or
subtitle takes the book's.
"""

import argparse
import gc
import importlib
import json
import math
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

RUNS = 3
FONT_SIZE = 10
# Windows' Arabic character set: without it some Excel versions fall back to
# a font without Persian glyphs.
ARABIC_CHARSET = 178
# The base font's default row, in pixels: Tahoma 10 needs 17 px. Its digits
# are as wide as Calibri 11's, so the default 64 px column stays.
DEFAULT_ROW_PX = 17
PAPER_A4 = 9
HEADER_FILL = "DDEBF7"
CATEGORY = "آموزش تعاونی‌ها"
# The page footer's center: "page / pages".
FOOTER_CENTER = "&P / &N"
# Inches, as the Rust export sets them.
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.9, "bottom": 0.6, "header": 0.3, "footer": 0.3}
# Excel drops (XlsxWriter refuses) a page header longer than this, in UTF-16
# units.
HEADER_LIMIT = 255
# Kinds whose cells are always text with the "@" number format, so leading
# zeros survive and nothing is taken for a number or a date.
TEXT_KINDS = ("code", "date")
KINDS = ("text", "wrap", "code", "date", "number")

LIBRARIES = (("xlsxwriter", "XlsxWriter"), ("openpyxl", "openpyxl"))


# ---------------------------------------------------------------------------
# The house rules both writers share


def lines_needed(text, width):
    """Lines a wrapped text takes in a column `width` characters wide: a
    Persian letter in Tahoma is about a digit wide, the column's unit."""
    return sum(max(1, math.ceil(len(part) / max(width, 1.0))) for part in text.split("\n"))


def row_height(lines):
    """Points for `lines` lines. Excel grows wrapped rows itself on opening but
    LibreOffice does not, so rows that need it get their height written."""
    return lines * FONT_SIZE * 1.3 + 2


def header_lines(columns):
    return max(lines_needed(c["header"], c["width"]) for c in columns)


def row_lines(row, columns):
    """Lines the row's tallest wrapped text cell needs."""
    return max(
        (
            lines_needed(value, column["width"])
            for value, column in zip(row, columns)
            if column["kind"] == "wrap" and isinstance(value, str) and value
        ),
        default=1,
    )


def cell_value(value, kind):
    """The value to write, or None for an empty cell. A number in a code or
    date column is written as text: a code must never turn into a number."""
    if value is None or value == "":
        return None
    if kind in TEXT_KINDS and not isinstance(value, str):
        return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else str(value)
    return value


def header_text(text):
    """Text shown literally in a page header: `&` starts a control code."""
    return text.replace("&", "&&")


def utf16_len(text):
    return len(text.encode("utf-16-le")) // 2


def page_header_parts(book, sheet):
    """The page header's sections: left the Jalali date; center the title in
    the bold font (returned apart, as openpyxl keeps it apart) over the
    subtitle in the regular one; right the office."""
    font = book["font"]
    center = header_text(sheet["title"])
    if sheet["subtitle"]:
        center += f'\n&"{font},Regular"{header_text(sheet["subtitle"])}'
    return header_text(f"تاریخ: {book['date']}"), f"{font},Bold", center, header_text(book["office"])


def page_header(book, sheet):
    left, center_font, center, right = page_header_parts(book, sheet)
    return f'&L{left}&C&"{center_font}"{center}&R{right}'


def prepare(book):
    """Checks the input and fills each sheet's title and subtitle, so that both
    writers get exactly the same book and fail before any timing starts."""
    for sheet in book["sheets"]:
        sheet.setdefault("title", book["title"])
        sheet.setdefault("subtitle", book["subtitle"])
        for column in sheet["columns"]:
            if column["kind"] not in KINDS:
                sys.exit(f"sheet {sheet['name']!r}: unknown column kind {column['kind']!r}")
        for i, row in enumerate(sheet["rows"], start=2):
            if len(row) != len(sheet["columns"]):
                sys.exit(f"sheet {sheet['name']!r}, row {i}: {len(row)} cells for {len(sheet['columns'])} columns")
        length = utf16_len(page_header(book, sheet))
        if length > HEADER_LIMIT:
            # The Rust export shortens the parts to fit; mirroring that is not
            # what this benchmark measures, so the input must fit.
            sys.exit(
                f"sheet {sheet['name']!r}: the page header is {length} UTF-16 units, over Excel's "
                f"limit of {HEADER_LIMIT}; shorten the office, title or subtitle"
            )


# ---------------------------------------------------------------------------
# XlsxWriter


def write_xlsxwriter(book, path):
    import xlsxwriter

    # The base font becomes the workbook's default (Normal) format, and every
    # format added later starts from it, as the Rust `Book` derives its
    # formats from `base`.
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "default_format_properties": {
                "font_name": book["font"],
                "font_size": FONT_SIZE,
                "font_charset": ARABIC_CHARSET,
                "valign": "vcenter",
                # XlsxWriter ties a format's font to the theme ("minor") when
                # it is the default font, and Excel then shows the theme's
                # Calibri; rust_xlsxwriter writes a named font without a scheme.
                "font_scheme": "none",
            },
            "default_row_height": DEFAULT_ROW_PX,
            "default_column_width": 64,
        },
    )
    doc = book["doc"]
    workbook.set_properties(
        {
            "title": doc["title"],
            "subject": doc["subject"],
            "author": book["office"],
            "manager": book["office"],
            "company": book["office"],
            "category": CATEGORY,
            "keywords": doc["keywords"],
            "comments": doc["comment"],
        }
    )
    header_format = workbook.add_format(
        {"bold": True, "bg_color": f"#{HEADER_FILL}", "bottom": 2, "align": "center", "text_wrap": True}
    )
    code = workbook.add_format({"num_format": "@", "align": "center"})
    formats = {
        # The default format is the base format: plain text cells get none of
        # their own, as the Rust `text` format (equal to the default) gets
        # the default's xf 0.
        "text": None,
        "wrap": workbook.add_format({"text_wrap": True}),
        "code": code,
        "date": code,
        "number": workbook.add_format({"align": "center"}),
    }

    for sheet in book["sheets"]:
        ws = workbook.add_worksheet(sheet["name"])
        ws.right_to_left()
        columns = sheet["columns"]
        kinds = [c["kind"] for c in columns]
        cell_formats = [formats[k] for k in kinds]
        for col, column in enumerate(columns):
            # Code columns carry "@" so that a clerk's later entry stays text.
            column_format = code if column["kind"] == "code" else None
            ws.set_column(col, col, column["width"], column_format)
            ws.write_string(0, col, column["header"], header_format)
        lines = header_lines(columns)
        if lines > 1:
            ws.set_row(0, row_height(lines))

        for r, row in enumerate(sheet["rows"], start=1):
            lines = row_lines(row, columns)
            if lines > 1:
                ws.set_row(r, row_height(lines))
            for col, value in enumerate(row):
                value = cell_value(value, kinds[col])
                if value is None:
                    continue
                # The typed writers: `write` would guess, and XlsxWriter
                # takes a string starting with "=" for a formula.
                if isinstance(value, str):
                    ws.write_string(r, col, value, cell_formats[col])
                else:
                    ws.write_number(r, col, value, cell_formats[col])

        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, len(sheet["rows"]), len(columns) - 1)
        ws.repeat_rows(0)
        ws.set_paper(PAPER_A4)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.center_horizontally()
        # 0: hide no gridlines, which also turns on printing them.
        ws.hide_gridlines(0)
        ws.set_margins(MARGINS["left"], MARGINS["right"], MARGINS["top"], MARGINS["bottom"])
        ws.set_header(page_header(book, sheet), margin=MARGINS["header"])
        ws.set_footer(f"&C{FOOTER_CENTER}", margin=MARGINS["footer"])
    workbook.close()


# ---------------------------------------------------------------------------
# openpyxl


def openpyxl_width(width):
    """The column width to store. XlsxWriter and rust_xlsxwriter round the
    width to whole pixels (7 px digits plus 5 px padding) and store that;
    openpyxl stores the number as given, which Excel shows narrower."""
    pixels = int(width * 12 + 0.5) if width < 1 else int(width * 7 + 0.5) + 5
    return pixels * 256 // 7 / 256


def openpyxl_height(points):
    """The row height to store: XlsxWriter and rust_xlsxwriter round it to
    whole pixels (3/4 point each), openpyxl would store it as given."""
    return int(points * 4 / 3 + 0.5) * 0.75


def write_openpyxl(book, path):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.indexed_list import IndexedList
    from openpyxl.worksheet.page import PageMargins

    base_font = Font(name=book["font"], sz=FONT_SIZE, charset=ARABIC_CHARSET)
    workbook = Workbook()
    # openpyxl has no public default font. Cells without a style use font 0
    # and the Normal style names its own, so both become the base font: then
    # empty cells and anything typed later use it, and written cells need no
    # font of their own. (Cells without a style cannot carry an alignment in
    # openpyxl, so vertical centering is on Normal and on each written cell.)
    workbook._fonts = IndexedList([base_font])
    normal = workbook._named_styles["Normal"]
    normal.font = base_font
    normal.alignment = Alignment(vertical="center")

    doc = book["doc"]
    props = workbook.properties
    props.title = doc["title"]
    props.subject = doc["subject"]
    props.creator = book["office"]
    props.category = CATEGORY
    props.keywords = doc["keywords"]
    props.description = doc["comment"]
    # Company and Manager live in docProps/app.xml, which openpyxl writes
    # afresh on every save with no way to fill them in.

    header_font = Font(name=book["font"], sz=FONT_SIZE, charset=ARABIC_CHARSET, b=True)
    header_fill = PatternFill(fill_type="solid", fgColor=f"FF{HEADER_FILL}")
    header_border = Border(bottom=Side(style="medium"))
    centered_wrap = Alignment(horizontal="center", vertical="center", wrap_text=True)
    centered = Alignment(horizontal="center", vertical="center")
    alignments = {
        "text": Alignment(vertical="center"),
        "wrap": Alignment(vertical="center", wrap_text=True),
        "code": centered,
        "date": centered,
        "number": centered,
    }
    margins = PageMargins(**MARGINS)

    # The default sheet is replaced so that sheets come in the input's order
    # with the input's names.
    workbook.remove(workbook.active)
    for sheet in book["sheets"]:
        ws = workbook.create_sheet(sheet["name"])
        ws.sheet_view.rightToLeft = True
        ws.sheet_format.defaultRowHeight = DEFAULT_ROW_PX * 0.75
        columns = sheet["columns"]
        kinds = [c["kind"] for c in columns]
        cell_alignments = [alignments[k] for k in kinds]
        for col, column in enumerate(columns, start=1):
            dim = ws.column_dimensions[get_column_letter(col)]
            dim.width = openpyxl_width(column["width"])
            if column["kind"] == "code":
                # So that a clerk's later entry stays text.
                dim.number_format = "@"
                dim.alignment = centered
            cell = ws.cell(row=1, column=col, value=column["header"])
            cell.font = header_font
            cell.fill = header_fill
            cell.border = header_border
            cell.alignment = centered_wrap
        lines = header_lines(columns)
        if lines > 1:
            ws.row_dimensions[1].height = openpyxl_height(row_height(lines))

        for r, row in enumerate(sheet["rows"], start=2):
            lines = row_lines(row, columns)
            if lines > 1:
                ws.row_dimensions[r].height = openpyxl_height(row_height(lines))
            for col, value in enumerate(row):
                value = cell_value(value, kinds[col])
                if value is None:
                    continue
                cell = ws.cell(row=r, column=col + 1, value=value)
                # openpyxl takes a string starting with "=" for a formula.
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"
                cell.alignment = cell_alignments[col]
                if kinds[col] in TEXT_KINDS:
                    cell.number_format = "@"

        last = f"{get_column_letter(len(columns))}{len(sheet['rows']) + 1}"
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{last}"
        ws.print_title_rows = "1:1"
        ws.page_setup.paperSize = PAPER_A4
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.print_options.gridLines = True
        ws.page_margins = margins
        left, center_font, center, right = page_header_parts(book, sheet)
        ws.oddHeader.left.text = left
        ws.oddHeader.center.font = center_font
        ws.oddHeader.center.text = center
        ws.oddHeader.right.text = right
        ws.oddFooter.center.text = FOOTER_CENTER
    workbook.save(path)


# ---------------------------------------------------------------------------
# The benchmark


def check_libraries():
    """Imports both libraries before any timing, so no run pays for it."""
    missing = []
    versions = {}
    for module, package in LIBRARIES:
        try:
            versions[module] = importlib.import_module(module).__version__
        except ImportError:
            missing.append(package)
    if missing:
        sys.exit(
            f"missing Python package(s): {', '.join(missing)}. "
            "Install them with: pip install -r bench/requirements.txt"
        )
    return versions


def benchmark(input_path, out_dir):
    versions = check_libraries()
    book = json.loads(Path(input_path).read_text(encoding="utf-8"))
    prepare(book)
    out_dir = Path(out_dir) if out_dir else Path(tempfile.mkdtemp(prefix="round-sheet-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = sum(len(s["rows"]) for s in book["sheets"])
    cells = sum(1 for s in book["sheets"] for row in s["rows"] for v in row if v not in (None, ""))
    writers = {"xlsxwriter": write_xlsxwriter, "openpyxl": write_openpyxl}
    for name, write in writers.items():
        path = out_dir / f"{name}.xlsx"
        times = []
        for _ in range(RUNS):
            # The previous run's garbage is collected outside the timing.
            gc.collect()
            start = time.perf_counter()
            write(book, path)
            times.append((time.perf_counter() - start) * 1000)
        print(
            f"{name}_ms={statistics.median(times):.1f} "
            f"runs_ms={','.join(f'{t:.1f}' for t in times)} "
            f"rows={rows} cells={cells} bytes={path.stat().st_size} "
            f"version={versions[name]} file={path}",
            flush=True,
        )


# ---------------------------------------------------------------------------
# The sample


OFFICE = "اداره کل تعاون، کار و رفاه اجتماعی استان تهران"
MEN = ["محمد", "علی", "حسین", "رضا", "مهدی", "حسن", "امیر", "سعید", "مجید", "حمید",
       "محسن", "جواد", "احمد", "مصطفی", "ابوالفضل", "یوسف", "کاظم", "مرتضی", "بهروز", "فرهاد"]
WOMEN = ["فاطمه", "زهرا", "مریم", "معصومه", "زینب", "سمیه", "نرگس", "الهام", "لیلا", "مهسا",
         "سارا", "نازنین", "فرشته", "اعظم", "طاهره", "شیرین", "منیره", "پروین", "رقیه", "سکینه"]
SURNAMES = ["محمدی", "رضایی", "حسینی", "احمدی", "کریمی", "موسوی", "جعفری", "قاسمی", "رحیمی",
            "صادقی", "حیدری", "کاظمی", "نوری", "ابراهیمی", "میرزایی", "عباسی", "سلیمانی",
            "نیک‌نام", "طاهری", "یزدانی", "اکبری‌پور", "قربانی", "شریفی", "عزیزی", "ملکی",
            "باقری", "زارعی", "فرجی", "ژیان", "خسروشاهی"]
EDUCATION = ["ابتدایی", "سیکل", "دیپلم", "کاردانی", "کارشناسی", "کارشناسی ارشد", "دکتری"]
COUNTIES = ["تهران", "شمیرانات", "ری", "اسلامشهر", "شهریار", "ورامین", "پاکدشت", "دماوند",
            "فیروزکوه", "رباط‌کریم", "بهارستان", "قدس", "ملارد", "پیشوا", "قرچک", "پردیس"]
# Field of activity, and words that go into such a cooperative's name.
FIELDS = {
    "کشاورزی": ["کشاورزی", "دامداران", "مرغداران", "باغداران", "پرورش قارچ"],
    "صنعتی": ["تولیدی فرش دستباف", "صنایع دستی", "تولیدی پوشاک", "صنایع غذایی"],
    "خدماتی": ["خدماتی", "حمل و نقل", "خدمات فنی و مهندسی", "گردشگری"],
    "مسکن": ["مسکن کارکنان", "مسکن مهر", "مسکن فرهنگیان"],
    "مصرف": ["مصرف کارکنان", "مصرف محلی", "توزیع کالا"],
    "اعتبار": ["اعتبار", "اعتبار کارکنان"],
}
COOP_NAMES = ["نگین", "امید", "پیشگامان", "آینده‌سازان", "همدلان", "سپیدار", "البرز",
              "دماوند", "بهاران", "نیک‌اندیشان", "کوثر", "ستاره", "مهرگان", "پارسیان"]
ROLES = ["مدیرعامل", "رئیس هیئت مدیره", "نایب رئیس هیئت مدیره", "عضو هیئت مدیره", "بازرس", "عضو"]
# Title, TVTO standard code, hours.
COURSES = [
    ("اصول و مبانی تعاون", "7/2/1/47/10", 24),
    ("قانون بخش تعاونی و آیین‌نامه‌های اجرایی آن", "7/2/1/47/12", 16),
    ("حسابداری مقدماتی شرکت‌های تعاونی", "0721/62/1/3", 60),
    ("مدیریت کسب و کار کوچک و متوسط در شرکت‌های تعاونی", "3/43/1/2/1", 40),
    ("بازاریابی و فروش محصولات تعاونی‌های کشاورزی", "6/1/2/14/3", 32),
    ("کارآفرینی عمومی", "1/2/1/47/16", 36),
    ("بافنده فرش دستباف", "0721/62/1/1", 120),
    ("پرورش قارچ خوراکی دکمه‌ای", "6/2/3/17/2", 80),
    ("ایمنی و بهداشت کار در کارگاه‌ها", "0/0/0/41/5", 18),
    ("اصول تنظیم صورت‌جلسات مجامع عمومی و هیئت مدیره", "7/2/1/47/21", 12),
    ("حسابرسی داخلی و بازرسی در شرکت‌های تعاونی", "343320530020001", 48),
    ("مهارت‌های ارتباطی و کار گروهی", "9/1/1/3/4", 20),
]
NOTES = [
    "معرفی از سوی اتحادیه",
    "نیاز به گواهی پایان دوره برای تمدید پروانه",
    "حضور در کلاس‌های عصر امکان‌پذیر است",
    "در دوره پیشین غیبت داشته است\nنوبت دوم معرفی",
    "هماهنگی با مدیرعامل تعاونی برای زمان برگزاری دوره انجام شود",
    "برای شرکت در دوره، گواهی عضویت در تعاونی و کارت ملی هنگام ثبت‌نام همراه آورده شود",
    "شماره همراه دوم: 09121234567",
]
MAIN_COLUMNS = [
    ("ردیف", 6, "number"), ("نام", 14, "text"), ("نام خانوادگی", 18, "text"),
    ("نام پدر", 14, "text"), ("کد ملی", 13, "code"), ("تاریخ تولد", 12, "date"),
    ("جنسیت", 8, "text"), ("تحصیلات", 12, "text"), ("تلفن همراه", 14, "code"),
    ("نام تعاونی", 34, "wrap"), ("شناسه ملی تعاونی", 15, "code"), ("زمینه فعالیت", 11, "text"),
    ("سمت در تعاونی", 16, "text"), ("عنوان دوره", 34, "wrap"), ("کد استاندارد", 20, "code"),
    ("شهرستان", 12, "text"), ("اولویت", 8, "number"), ("توضیحات", 30, "wrap"),
]
# The totals sheet of the Rust round export: a line per cooperative, per
# course, and the grand total.
TOTALS_COLUMNS = [
    ("به تفکیک", 10, "text"), ("عنوان", 44, "wrap"), ("شناسه ملی یا کد استاندارد", 22, "code"),
    ("تعداد نفرات", 11, "number"), ("نفر-ساعت", 11, "number"),
]
SUBTITLE = "نوبت ۳، آذر ۱۴۰۴، نامه ۱۲۳/ص"
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def national_code(rng):
    """A valid 10-digit national code; Tehran's start with 00."""
    prefix = rng.choice(["001", "002", "003", "004", "005", "006", "007", "008"]) if rng.random() < 0.6 \
        else f"{rng.randint(10, 99)}{rng.randint(0, 9)}"
    digits = prefix + "".join(str(rng.randint(0, 9)) for _ in range(6))
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits)) % 11
    return digits + str(total if total < 2 else 11 - total)


def jalali_birth_date(rng):
    month = rng.randint(1, 12)
    last_day = 31 if month <= 6 else 30 if month <= 11 else 29
    return f"{rng.randint(1335, 1385)}/{month:02d}/{rng.randint(1, last_day):02d}"


def columns_json(spec):
    return [{"header": h, "width": float(w), "kind": k} for h, w, k in spec]


def sample(n, out_path):
    rng = random.Random(1404)
    coops = []
    for _ in range(max(1, n // 15)):
        field = rng.choice(list(FIELDS))
        name = f"شرکت تعاونی {rng.choice(FIELDS[field])} {rng.choice(COOP_NAMES)} {rng.choice(COUNTIES)}"
        national_id = "10" + "".join(str(rng.randint(0, 9)) for _ in range(9))
        coops.append((name, national_id, field, rng.choice(COUNTIES)))
    # Priority is each person's place in the round's ranking, 1 = most in need.
    priorities = list(range(1, n + 1))
    rng.shuffle(priorities)

    rows = []
    # (kind, title, id or code) -> [people, person-hours], in first-seen order.
    totals = {}
    for i in range(n):
        woman = rng.random() < 0.4
        coop_name, coop_id, field, county = rng.choice(coops)
        title, code, hours = rng.choice(COURSES)
        rows.append([
            i + 1,
            rng.choice(WOMEN if woman else MEN),
            rng.choice(SURNAMES),
            rng.choice(MEN),
            national_code(rng),
            jalali_birth_date(rng),
            "زن" if woman else "مرد",
            rng.choice(EDUCATION),
            "0912" + "".join(str(rng.randint(0, 9)) for _ in range(7)),
            coop_name,
            coop_id,
            field,
            rng.choice(ROLES),
            title,
            code,
            county,
            priorities[i],
            rng.choice(NOTES) if rng.random() < 0.3 else None,
        ])
        for key in (("تعاونی", coop_name, coop_id), ("دوره", title, code)):
            total = totals.setdefault(key, [0, 0])
            total[0] += 1
            total[1] += hours

    coop_lines = sorted(k for k in totals if k[0] == "تعاونی")
    course_lines = [k for k in totals if k[0] == "دوره"]
    summary = [[*key, *totals[key]] for key in coop_lines + course_lines]
    all_hours = sum(totals[k][1] for k in course_lines)
    counts = [str(x).translate(PERSIAN_DIGITS) for x in (n, len(coop_lines), len(course_lines))]
    summary.append(["جمع کل", f"{counts[0]} نفر از {counts[1]} تعاونی در {counts[2]} دوره", None, n, all_hours])

    title = "فهرست معرفی‌شدگان تعاونی‌ها به آموزش فنی و حرفه‌ای"
    book = {
        "office": OFFICE,
        "title": title,
        "subtitle": SUBTITLE,
        "date": "1404/09/05",
        "font": "Tahoma",
        "doc": {
            "title": "نوبت ۳ معرفی به آموزش فنی و حرفه‌ای",
            "subject": title,
            "keywords": "حکم ۴۴، سهمیه ۳۰ درصد، آموزش تعاونی‌ها، نوبت معرفی",
            "comment": SUBTITLE,
        },
        "sheets": [
            {"name": "فهرست معرفی‌شدگان", "columns": columns_json(MAIN_COLUMNS), "rows": rows},
            {
                "name": "جمع‌ها",
                "title": "جمع معرفی‌شدگان به تفکیک تعاونی و دوره",
                "columns": columns_json(TOTALS_COLUMNS),
                "rows": summary,
            },
        ],
    }
    Path(out_path).write_text(json.dumps(book, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {out_path}: {n} rows, {len(summary)} total rows")


def main():
    parser = argparse.ArgumentParser(
        description="Time XlsxWriter and openpyxl writing the house-style round sheet.",
        usage="%(prog)s INPUT.json [OUT_DIR]\n       %(prog)s --sample N OUT.json",
    )
    parser.add_argument("path", help="the input JSON; with --sample, the JSON to write")
    parser.add_argument("out_dir", nargs="?", help="where the workbooks go (default: a new temporary folder)")
    parser.add_argument("--sample", type=int, metavar="N", help="write a sample input with N rows instead")
    args = parser.parse_args()
    if args.sample is not None:
        if args.out_dir or args.sample < 1:
            parser.error("--sample takes N >= 1 and just the JSON path to write")
        sample(args.sample, args.path)
    else:
        benchmark(args.path, args.out_dir)


if __name__ == "__main__":
    main()
