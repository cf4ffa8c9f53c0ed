"""A Word draft with its comments, rendered for a screenshot the way Word's "All Markup" view shows it: the text, each
commented passage marked, and the comments in the margin beside their passages.

mammoth converts the .docx to HTML (headings, lists, tables, bold and italic; tracked insertions shown as accepted,
deletions left out; comments as numbered references with the comments listed at the end). mammoth does not mark
where a comment's range starts, so a copy of the draft is made first in which every run inside a comment's range is
underlined, and the underline is drawn as a highlight. A small script then moves each comment into the margin, level
with its reference. Used by the tests for README screenshots only; the draft itself is never changed.
"""

from __future__ import annotations

import html
import io
import zipfile

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STYLE_MAP = "u => mark\ncomment-reference => sup"

CSS = """
body { margin: 0; background: #e9ebef; font: 15px/1.45 "Liberation Serif", "Times New Roman", serif; color: #111; }
.sheet { position: relative; width: 1240px; margin: 18px auto; display: flex; }
.page { width: 800px; min-height: 1000px; background: #fff; padding: 56px 64px; box-shadow: 0 1px 4px #0003; }
.margin { position: relative; width: 420px; margin-left: 12px; }
h1 { font: 600 20px/1.3 "Liberation Sans", Arial, sans-serif; color: #1f3864; margin: 18px 0 8px; }
h2 { font: 600 16px/1.3 "Liberation Sans", Arial, sans-serif; color: #2f5496; margin: 14px 0 6px; }
p { margin: 0 0 10px; }
body > .sheet .page > p:first-child { font: 26px/1.2 "Liberation Sans", Arial, sans-serif; color: #17365d; }
table { border-collapse: collapse; margin: 6px 0 12px; }
td { border: 1px solid #777; padding: 4px 8px; vertical-align: top; }
mark { background: #fde9a9; }
sup a { color: #c0392b; font: 600 10px "Liberation Sans", Arial, sans-serif; text-decoration: none; margin-left: 1px; }
dl.comments { margin: 0; }
.balloon { position: absolute; left: 0; width: 410px; background: #fff; border: 1px solid #d0d4da;
  border-left: 4px solid #c0392b; border-radius: 3px; padding: 6px 9px; box-shadow: 0 1px 2px #0002;
  font: 11.5px/1.35 "Liberation Sans", Arial, sans-serif; }
.balloon.person { border-left-color: #2f6fb3; }
.balloon .who { font-weight: 700; color: #333; margin-bottom: 2px; }
.balloon p { margin: 0 0 3px; }
.balloon p:last-child { color: #777; }
.balloon a { display: none; }
"""

SCRIPT = """
const margin = document.querySelector('.margin');
let bottom = 0;
for (const ref of document.querySelectorAll('sup a[id^="comment-ref-"]')) {
  const id = ref.getAttribute('href').slice(1);
  const balloon = document.getElementById('balloon-' + id);
  if (!balloon) continue;
  const top = Math.max(ref.getBoundingClientRect().top - margin.getBoundingClientRect().top - 6, bottom + 6);
  balloon.style.top = top + 'px';
  bottom = top + balloon.offsetHeight;
}
margin.style.minHeight = bottom + 20 + 'px';
"""


def _mark_ranges(data: bytes) -> bytes:
    """A copy of the package whose runs inside any comment's range are underlined (mammoth draws them highlighted)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            part = old.read(info.filename)
            if info.filename == "word/document.xml":
                root = etree.fromstring(part)
                open_ranges: set[str] = set()
                for el in root.iter():
                    if el.tag == f"{W}commentRangeStart":
                        open_ranges.add(el.get(f"{W}id") or "")
                    elif el.tag == f"{W}commentRangeEnd":
                        open_ranges.discard(el.get(f"{W}id") or "")
                    elif el.tag == f"{W}r" and open_ranges and el.find(f"{W}t") is not None:
                        rpr = el.find(f"{W}rPr")
                        if rpr is None:
                            rpr = etree.SubElement(el, f"{W}rPr")
                            el.insert(0, rpr)
                        etree.SubElement(rpr, f"{W}u").set(f"{W}val", "single")
                part = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            new.writestr(info.filename, part)
    return out.getvalue()


def _authors(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if "word/comments.xml" not in zf.namelist():
            return {}
        root = etree.fromstring(zf.read("word/comments.xml"))
    return {c.get(f"{W}id") or "": c.get(f"{W}author") or "" for c in root.iter(f"{W}comment")}


def render(data: bytes, title: str, own_author: str = "cydcheck") -> str:
    """The draft as one self-contained HTML page: the text on a page, the comments in the margin."""
    import mammoth

    converted = mammoth.convert_to_html(io.BytesIO(_mark_ranges(data)), style_map=STYLE_MAP).value
    body, _, comments = converted.partition("<dl>")
    authors = _authors(data)
    tree = etree.fromstring(f"<dl>{comments}" if comments else "<dl/>", etree.HTMLParser())
    balloons = []
    for dt in tree.iter("dt"):
        cid = (dt.get("id") or "").removeprefix("comment-")
        dd = dt.getnext()
        inner = (
            "".join(etree.tostring(child, encoding="unicode", method="html") for child in dd) if dd is not None else ""
        )
        who = authors.get(cid, "")
        kind = "" if who == own_author else " person"
        balloons.append(
            f'<div class="balloon{kind}" id="balloon-comment-{html.escape(cid)}"><div class="who">{html.escape(who)}'
            f"</div>{inner}</div>"
        )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f'<style>{CSS}</style></head><body><div class="sheet"><div class="page">{body}</div>'
        f'<div class="margin">{"".join(balloons)}</div></div><script>{SCRIPT}</script></body></html>'
    )
