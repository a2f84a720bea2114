#!/usr/bin/env python3
"""Writes the small hand-made seeds of tests/fuzz/corpus/pdf_fuzz: a certificate-shaped PDF (page,
font with a ToUnicode CMap, Flate content, embedded credential by /AF and /EmbeddedFiles, a
signature dictionary, an incremental update) and broken variants of it. The corpus also holds
certificates the renderer drew (cert_*.pdf). Run from the repository root."""
import os
import zlib

OUT = "tests/fuzz/corpus/pdf_fuzz"


def stream(extra, data):
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def build(objects, trailer_extra=b"", header=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"):
    """objects: {number: body bytes}. Returns the file and the objects' offsets."""
    out = bytearray(header)
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 00000 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        size, trailer_extra, xref)
    return bytes(out), offsets, xref


def update(base, prev_xref, objects, size, trailer_extra=b""):
    out = bytearray(base)
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n"
    for number in sorted(offsets):
        out += b"%d 1\n%010d 00000 n \n" % (number, offsets[number])
    out += b"trailer\n<< /Size %d /Root 1 0 R /Prev %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        size, prev_xref, trailer_extra, xref)
    return bytes(out)


CMAP = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"1 begincodespacerange <00> <ff> endcodespacerange\n"
        b"1 beginbfrange <20> <7e> <0020> endbfrange\n"
        b"2 beginbfchar <01> <0915094d0937> <02> <0627> endbfchar\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end\n")
CONTENT = (b"BT /f-0-0 24 Tf 72 700 Td (Asha Varma) Tj 0 -30 Td "
           b"/Span << /ActualText <feff0930094d092e093e> >> BDC <01> Tj EMC ET")
CREDENTIAL = b'{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"]}'


def certificate_like():
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R /AF [8 0 R] /Names << /EmbeddedFiles 9 0 R >> "
           b"/AcroForm << /Fields [10 0 R] /SigFlags 3 >> >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595.5] /Contents 4 0 R "
           b"/Resources << /Font << /f-0-0 5 0 R >> >> >>",
        4: stream(b"/Filter /FlateDecode", zlib.compress(CONTENT)),
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        6: stream(b"", CMAP),
        7: stream(b"/Type /EmbeddedFile /Subtype /application#2Fvc+ld+json /Filter /FlateDecode",
                  zlib.compress(CREDENTIAL)),
        8: b"<< /Type /Filespec /F (credential.json) /UF (credential.json) /AFRelationship /Data "
           b"/EF << /F 7 0 R /UF 7 0 R >> >>",
        9: b"<< /Names [(credential.json) 8 0 R] >>",
        10: b"<< /FT /Sig /T (Signature1) /V 11 0 R /Rect [0 0 0 0] /Subtype /Widget /P 3 0 R >>",
        11: b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
            b"/ByteRange [0 100 200 50] /M (D:20261101000000Z) /Contents <3082000a0102030405> >>",
    }
    return build(objects)


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def main():
    os.makedirs(OUT, exist_ok=True)
    base, offsets, xref = certificate_like()
    write("certificate_like.pdf", base)
    updated = update(base, xref, {12: b"<< /Info (updated) /Real -12.5 /Str (a\\(b\\)\\\\) >>"}, 13,
                     b"/Info 12 0 R")
    write("incremental_update.pdf", updated)
    write("truncated_half.pdf", base[: len(base) // 2])
    write("truncated_before_eof.pdf", base[: base.rfind(b"startxref")])
    # /Prev pointing back at itself.
    loop = updated.replace(b"/Prev %d" % xref, b"/Prev %d" % updated.rfind(b"xref\n"))
    write("prev_loop.pdf", loop)
    # A stream /Length far past the end of the file, and an indirect one.
    write("huge_length.pdf", base.replace(b"<< /Length %d /Filter /FlateDecode >>" %
                                          len(zlib.compress(CONTENT)),
                                          b"<< /Length 99999999 /Filter /FlateDecode >>"))
    # A cross-reference stream where a table should be (PDF 1.5).
    xs = bytearray(b"%PDF-1.5\n1 0 obj\n<< /Type /XRef /Size 2 /W [1 2 1] >>\nstream\n\x01\x00\x00\x00"
                   b"\nendstream\nendobj\nstartxref\n9\n%%EOF\n")
    write("xref_stream.pdf", bytes(xs))
    # Deeply nested arrays in the catalog, and a page tree that loops.
    write("deep_nesting.pdf", build({1: b"<< /Type /Catalog /Pages 2 0 R /X " + b"[" * 70 +
                                         b"]" * 70 + b" >>",
                                     2: b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"})[0])
    # A zip bomb: 4 MiB of zeros compressed, as page content.
    bomb = zlib.compress(b"\0" * (4 << 20), 9)
    write("zip_bomb.pdf", build({1: b"<< /Type /Catalog /Pages 2 0 R >>",
                                 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                 3: b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
                                 4: stream(b"/Filter /FlateDecode", bomb)})[0])


if __name__ == "__main__":
    main()
