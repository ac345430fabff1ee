"""The suffix table: every supported format has a reader module, every known unsupported one says what to do,
and the build's file filter keeps documents and leaves sidecars, hidden files and reference tables."""

from importlib import import_module
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import readers


@pytest.mark.parametrize("suffix", sorted(readers.READERS))
def test_every_supported_suffix_has_a_reader(suffix):
    module = import_module(readers.READERS[suffix])
    assert callable(module.read) and module.read.__doc__
    assert suffix in readers.SUFFIXES


@pytest.mark.parametrize(("name", "says"), [
    ("plan.doc", "save it as .docx and build again"),
    ("plan.wps", "save it as .docx and build again"),
    ("plan.rtf", "save it as .docx"),
    ("plan.odt", "save it as .docx"),
    ("scan.jpg", "run OCR first"),
    ("scan.PNG", "run OCR first"),
    ("scan.tif", "run OCR first"),
    ("data.xlsx", "is not a format kg reads"),
])
def test_unsupported_formats_say_what_to_do(tmp_path, name, says):
    (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(InputError, match=says) as exc:
        readers.read(tmp_path / name)
    assert exc.value.where.endswith(name)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        readers.read(tmp_path / "gone.pdf")


@pytest.mark.parametrize(("path", "doc"), [
    ("c/plan.txt", True), ("c/plan.PDF", True), ("c/plan.docx", True), ("c/page.htm", True), ("c/page.html", True),
    ("c/old.doc", True), ("c/scan.jpg", True),  # read, so that the build reports them
    ("c/plan.meta.json", False), ("c/.DS_Store", False), ("c/.hidden.txt", False), ("c/~$plan.docx", False),
    ("c/reference/unit_aliases.csv", False), ("c/reference/notes.txt", False), ("c/README.md", False),
    ("c/data.xlsx", False),
])
def test_is_document(path, doc):
    assert readers.is_document(Path(path)) is doc
