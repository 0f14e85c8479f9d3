"""xlsgen.py - write small .xls workbooks (BIFF8 in an OLE compound file)
for the tests and the fuzz seeds, so no binary fixture is committed.  Only
what the tests need: text (shared strings), numbers, date-formatted
numbers, booleans, error cells and formulas with saved values; and the
ways a hostile file lies (declared ranges, a FILEPASS record, truncation);
dates in either system (date1904=True: serial days from 1904-01-01).

    book([("基本信息", [(row, col, value), ...]), ...]) -> bytes

A value is a str (shared string), int/float (NUMBER), Date(serial)
(NUMBER with the built-in date format 14), bool (BOOLERR), Err(code) or
Formula(value).  Rows and columns are 0-based, as in BIFF."""
import struct


class Date(float):
    pass


class Err(int):
    pass


class Formula:
    def __init__(self, value):
        self.value = value


def rec(t, data):
    return struct.pack("<HH", t, len(data)) + data


def ustr(s, lenbytes=2):
    u = s.encode("utf-16-le")
    return struct.pack("<H" if lenbytes == 2 else "<B", len(u) // 2) + b"\x01" + u


def bof(dt):
    return rec(0x0809, struct.pack("<HHHHII", 0x0600, dt, 0x0DBB, 0x07CC, 0, 0x0006))


def xf(ifmt):
    # XF: font 0, format ifmt, cell XF (parent 0), the rest zero.
    return rec(0x00E0, struct.pack("<HHH", 0, ifmt, 0x0001) + b"\0" * 14)


def cell(row, col, v, sst):
    if isinstance(v, Formula):
        r = v.value
        if isinstance(r, str):
            res = b"\x00\x00\x00\x00\x00\x00\xff\xff"
        elif isinstance(r, bool):
            res = struct.pack("<BBBBBBH", 1, 0, int(r), 0, 0, 0, 0xFFFF)
        elif isinstance(r, Err):
            res = struct.pack("<BBBBBBH", 2, 0, int(r), 0, 0, 0, 0xFFFF)
        else:
            res = struct.pack("<d", float(r))
        # The parsed expression: one tInt (=0), never evaluated here.
        out = rec(0x0006, struct.pack("<HHH", row, col, 0) + res + struct.pack("<HIH", 0, 0, 3) + b"\x1e\x00\x00")
        if isinstance(r, str):
            out += rec(0x0207, ustr(r))
        return out
    if isinstance(v, bool):
        return rec(0x0205, struct.pack("<HHHBB", row, col, 0, int(v), 0))
    if isinstance(v, Err):
        return rec(0x0205, struct.pack("<HHHBB", row, col, 0, int(v), 1))
    if isinstance(v, Date):
        return rec(0x0203, struct.pack("<HHHd", row, col, 1, float(v)))
    if isinstance(v, (int, float)):
        return rec(0x0203, struct.pack("<HHHd", row, col, 0, float(v)))
    if v not in sst:
        sst[v] = len(sst)
    return rec(0x00FD, struct.pack("<HHHI", row, col, 0, sst[v]))


def stream(sheets, filepass=False, dims=None, extra_globals=b"", date1904=False):
    """The workbook stream.  dims: {sheet index: (rows, cols)} to declare
    instead of the cells' extent."""
    sst = {}
    bodies = []
    for i, (name, cells) in enumerate(sheets):
        rows = max((r for r, _, _ in cells), default=-1) + 1
        cols = max((c for _, c, _ in cells), default=-1) + 1
        if dims and i in dims:
            rows, cols = dims[i]
        body = bof(0x0010) + rec(0x0200, struct.pack("<IIHHH", 0, rows, 0, cols, 0))
        for r, c, v in cells:
            body += cell(r, c, v, sst)
        bodies.append(body + rec(0x000A, b""))
    strings = sorted(sst, key=sst.get)
    sstrec = rec(0x00FC, struct.pack("<II", len(strings), len(strings)) + b"".join(ustr(s) for s in strings))
    glob = bof(0x0005)
    if filepass:
        glob += rec(0x002F, struct.pack("<HHH", 1, 1, 1) + b"\0" * 48)
    glob += rec(0x0042, struct.pack("<H", 1200)) + rec(0x0022, struct.pack("<H", int(date1904)))
    glob += xf(0) + xf(14) + extra_globals
    sheet_recs = [len(rec(0x0085, struct.pack("<IBB", 0, 0, 0) + ustr(n, 1))) for n, _ in sheets]
    offset = len(glob) + sum(sheet_recs) + len(sstrec) + 4
    bs = b""
    for (name, _), body in zip(sheets, bodies):
        bs += rec(0x0085, struct.pack("<IBB", offset, 0, 0) + ustr(name, 1))
        offset += len(body)
    return glob + bs + sstrec + rec(0x000A, b"") + b"".join(bodies)


def cfb(data, name="Workbook"):
    """data as the one stream of an OLE compound file (512-byte sectors,
    no mini stream: libfreexl then reads every stream from the FAT)."""
    ss = 512
    # A stream under 4096 bytes belongs in the mini stream: padded
    # instead (zero bytes after the last EOF are records of type 0).
    data = data.ljust(4096, b"\0")
    nstream = (len(data) + ss - 1) // ss
    nfat = 1
    while nfat * (ss // 4) < nfat + 1 + nstream:
        nfat += 1
    assert nfat <= 109
    fat = [0xFFFFFFFD] * nfat + [0xFFFFFFFE]
    first = nfat + 1
    fat += [first + i + 1 for i in range(nstream - 1)] + ([0xFFFFFFFE] if nstream else [])
    fat += [0xFFFFFFFF] * (nfat * (ss // 4) - len(fat))
    difat = list(range(nfat)) + [0xFFFFFFFF] * (109 - nfat)
    hdr = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 +
           struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6 +
           struct.pack("<IIIIIIIII", 0, nfat, nfat, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0) +
           struct.pack("<109I", *difat))

    def entry(n, typ, child, start, size):
        u = (n + "\0").encode("utf-16-le") if n else b""
        return (u.ljust(64, b"\0") + struct.pack("<HBB", len(u), typ, 1) +
                struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, child) + b"\0" * 36 +
                struct.pack("<III", start, size, 0))
    d = (entry("Root Entry", 5, 1, 0xFFFFFFFE, 0) +
         entry(name, 2, 0xFFFFFFFF, first if nstream else 0xFFFFFFFE, len(data)) +
         entry("", 0, 0xFFFFFFFF, 0, 0) * 2)
    body = struct.pack("<%dI" % len(fat), *fat) + d + data.ljust(nstream * ss, b"\0")
    return hdr + body


def cfb_mini(data):
    """data (under 4096 bytes) as the one stream of a compound file, held
    in the mini stream as the format says a short stream is: sector 0 the
    FAT, 1 the directory, 2 the mini FAT, 3.. the mini stream."""
    assert len(data) < 4096
    ss, nmini = 512, (len(data) + 63) // 64
    mini = data.ljust(nmini * 64, b"\0")
    nms = (len(mini) + ss - 1) // ss
    fat = [0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFE] + [4 + i for i in range(nms - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (128 - len(fat))
    minifat = [i + 1 for i in range(nmini - 1)] + [0xFFFFFFFE]
    minifat += [0xFFFFFFFF] * (128 - len(minifat))
    hdr = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 +
           struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6 +
           struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 2, 1, 0xFFFFFFFE, 0) +
           struct.pack("<109I", *([0] + [0xFFFFFFFF] * 108)))

    def entry(n, typ, child, start, size):
        u = (n + "\0").encode("utf-16-le") if n else b""
        return (u.ljust(64, b"\0") + struct.pack("<HBB", len(u), typ, 1) +
                struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, child) + b"\0" * 36 +
                struct.pack("<III", start, size, 0))
    d = (entry("Root Entry", 5, 1, 3, len(mini)) + entry("Workbook", 2, 0xFFFFFFFF, 0, len(data)) +
         entry("", 0, 0xFFFFFFFF, 0, 0) * 2)
    return (hdr + struct.pack("<128I", *fat) + d + struct.pack("<128I", *minifat) +
            mini.ljust(nms * ss, b"\0"))


def book(sheets, **kw):
    return cfb(stream(sheets, **kw))
