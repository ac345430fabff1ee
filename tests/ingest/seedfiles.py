"""Build the seed plan in each format a researcher's folder holds: a Chromium-printed PDF, Word files
written by python-docx, a government web page with its site chrome, and the .txt in other encodings."""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "000_5aa1b34ff7adb0c1.txt"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

# What the page around the article says; none of it may reach the text.
CHROME = ("当前位置", "政务公开", "发布时间", "浏览次数", "来源：", "字号", "打印本页", "关闭窗口", "主办单位",
          "承办单位", "备案号", "ICP备", "网站标识码", "公网安备", "政民互动")


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def seed_paragraphs() -> list[str]:
    return [p.strip() for p in seed_text().split("\n") if p.strip()]


def print_pdf(html_text: str, out: Path) -> Path:
    """The page printed to PDF by headless Chromium, with its running header and a — n — page number."""
    src = out.with_suffix(".print.html")
    src.write_text(html_text, encoding="utf-8")
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={out}", src.as_uri()],
        check=True, capture_output=True, timeout=180,
    )
    return out


def seed_print_html(paragraphs: list[str]) -> str:
    """The plan as a printable page: A4, 16pt Song, first-line indent, page number in the footer."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>孟州市碧水保卫战实施方案</title>
<style>@page {{ size: A4; margin: 25mm 20mm; @bottom-center {{ content: "— " counter(page) " —"; }} }}
body {{ font-family: 'Noto Serif CJK SC', serif; font-size: 16pt; line-height: 1.6 }}
p {{ text-indent: 2em; margin: 0 }}</style></head><body>{body}</body></html>"""


def write_docx(blocks: list[str | list[list[str]]], out: Path) -> Path:
    """A .docx of paragraphs (str) and tables (rows of cell texts), in the given order."""
    import docx

    d = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            d.add_paragraph(block)
            continue
        table = d.add_table(rows=len(block), cols=len(block[0]))
        for i, row in enumerate(block):
            for j, cell in enumerate(row):
                table.cell(i, j).text = cell
    d.save(str(out))
    return out


def gov_page(paragraphs: list[str], chrome_inside: bool = False) -> str:
    """A saved page of a county government site: nav, breadcrumb, info line, article, tools, footer.
    With chrome_inside the breadcrumb, info line, tools and footer sit inside the article's own div."""
    title, body = paragraphs[0], "\n".join(f'<p style="text-indent:2em">{html.escape(p)}</p>' for p in paragraphs[1:])
    crumb = '当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; <a href="/zcwj">政策文件</a>'
    info = "发布时间：2025-04-15 09:30　来源：孟州市生态环境分局　浏览次数：1234　字号：[大 中 小]"
    tools = "【打印本页】 【关闭窗口】"
    footer = ("<p>主办单位：孟州市人民政府办公室 承办单位：孟州市大数据管理中心</p>"
              "<p>备案号：豫ICP备12345678号 网站标识码：4108830001</p><p>豫公网安备 41088302000001号</p>")
    if chrome_inside:
        article = f"<p>{crumb}</p><p>{info}</p>{body}<p>{tools}</p>{footer}"
        crumb = info = tools = footer = ""
    else:
        article = body
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{html.escape(title)}_孟州市人民政府</title></head><body>
<div class="header"><div class="logo">孟州市人民政府</div><ul class="nav"><li><a href="/">首页</a></li>
<li><a href="/zwgk">政务公开</a></li><li><a href="/zmhd">政民互动</a></li><li><a href="/bsfw">办事服务</a></li></ul></div>
<div class="position">{crumb}</div>
<div class="article"><h1 class="title">{html.escape(title)}</h1><div class="info">{info}</div>
<div class="content" id="zoom">
{article}
</div><div class="tools">{tools}</div></div>
<div class="footer">{footer}</div></body></html>"""


def scan_pdf(out: Path) -> Path:
    """An image-only PDF (what a scanner writes): the first lines of the seed drawn as pixels."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(img)
    fonts = sorted(Path("/usr/share/fonts").rglob("NotoSerifCJK-Regular.ttc")) + sorted(Path("/usr/share/fonts").rglob("*CJK*"))
    font = ImageFont.truetype(str(fonts[0]), 32) if fonts else ImageFont.load_default()
    for i, line in enumerate(seed_paragraphs()[:12]):
        draw.text((100, 100 + 60 * i), line[:34], fill=0, font=font)
    img.save(out, "PDF", resolution=150)
    return out
