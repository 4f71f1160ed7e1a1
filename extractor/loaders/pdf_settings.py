"""Settings of the PDF loader: every threshold, named (sizes in ems of the text's own font size)."""

from __future__ import annotations

import re

# ── triage ────────────────────────────────────────────────────────────────
PAGE_MIN_CHARS = 20
"""A page with fewer visible characters than this has no text layer (scan, image, blank)."""
TEXT_PAGE_MIN_SHARE = 0.5
"""Fewer pages than this share with a text layer: the PDF is a scan, nothing is extracted."""
GARBLED_MAX_SHARE = 0.10
"""More than this share of ``(cid:N)``, private-use or U+FFFD characters: the text layer is garbled."""
EOF_WINDOW = 4096
"""``%%EOF`` must occur in the last this-many bytes; otherwise the file was cut short."""

# ── lines ─────────────────────────────────────────────────────────────────
SAME_LINE_OVERLAP = 0.5
"""Two characters are on one line when they overlap vertically by this share of the smaller one."""
FLOAT_SLACK = 1e-4
"""Share of a size by which a comparison against a round threshold is eased: PDFium gives
positions in single precision (an overlap of exactly half a line reads 5.99999 for 6.0), so
both page sources decide alike."""
SPACE_GAP_EM = 0.25
"""Between two Latin characters, a gap wider than this (ems) is a space."""
WORD_GAP_EM = 0.2
"""... and beside a Latin letter one this wide: a word space set as a gap, no character,
a quarter em in Times (TeX's pages); a figure's gap before its % or after a leader's dots
in a justified Chinese line runs wider than that."""
WIDE_GAP_EM = 1.5
"""Between any two characters, a gap wider than this (ems) is a space (tab stops, spread text)."""
OVERPRINT_OVERLAP = 0.5
"""The same character again, its box covering this share of the first one's width, is an
overprint (simulated bold draws each glyph twice a fraction of a point apart), not a second
character: a real second character starts where the first one's advance ends, however narrow
the font (an "l" may advance 0.2 em), so the two boxes barely overlap."""
OVERPRINT_EM = 0.1
"""For glyphs drawn without a width (x1 = x0): the same character again within this many ems
(both ways) is an overprint."""
OVERPRINT_SIZE_EM = 0.02
"""... and only when drawn in the same font at the same size (within this many ems): a copy is
the same glyph drawn again, so a character repeated in another font or size is a character."""
FURNITURE_BAND = 0.10
"""Top and bottom share of the page height where page numbers and running heads live."""
FURNITURE_MIN_PAGES = 3
"""A line recurring in the furniture band on at least this many pages (and half of them) is furniture."""

TURNED_MIN_SHARE = 0.5
"""A page more than this share of whose characters run up (or down) the page is read turned a
quarter, so its lines run left to right (a landscape table drawn sideways on a portrait page)."""

# ── tables ────────────────────────────────────────────────────────────────
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
"""Ruled tables come from ruling lines (pdfplumber's text strategy invents tables in prose);
tables not fully ruled are read by the section below, which asks more of the text."""
SNAP = 2.0
"""Cell edges closer than this (points) are one grid boundary."""
SHADE_MIN_PT = 3.0
"""A rectangle filled with a colour and not stroked, at least this thick both ways, is a
shading (a row's or a cell's background), not a rule: its sides rule nothing."""
ROW_SPLIT_BOTTOM_LINES = 1.6
"""A table part ends "at the page bottom" within this many line heights of the lowest body content."""
ROW_TEXT_ALIGN_PT = 1.5
"""In a ruled table, a cell over several rows (its column drawn without the rules between them)
whose lines each stand level (within this many points) with the first line of another cell of
one of those rows, the first in its first row, holds one text per row: it is split there."""
SPLIT_MIN_ROWS = 3
"""... and only over this many rows or more, each with its line: a label typed on two lines
(固定资产 ⏎ 合计) in a cell merged over two rows stands level with them just as well."""
CELL_SLACK_EM = 0.15
OCR_SLACK_EM = 1.0
"""The same allowance for a scan's line: measured on the ink, a line of full-width digits
(２６０．) looks most of an em shorter than the advances that filled it."""
"""A cell's line is full when the room left in it (its content width less the line's width,
whatever the alignment) is at most the next line's first piece plus this many ems: text in a
cell is set to the exact content width, so only measuring error is allowed for."""
CELL_PAD_RANGE = (1.0, 10.0)
"""Bounds (points) of a table's cell padding, measured as the smallest gap between a cell's
left edge and its text."""
PART_ALIGN_PT = 2 * SNAP
"""Over a page break, a table's two parts (their edges, their columns, a cell and the cell
above it) line up within this many points."""
REPEATED_HEADER_MAX_ROWS = 3
"""A part's first rows repeat the table's header (so a producer or an author repeated it on
the page) for at most this many rows ..."""
REPEATED_HEADER_MIN_TEXTS = 2
"""... each with text in at least this many cells (one text alike may be a value)."""
HEADER_MAX_ROWS = 4
"""A table part of at most this many rows, all text, may be a header the page break cut from
its body."""
TEXT_FILLS_CELL_EM = 0.8
"""A cell's text reaches its bottom edge when its last line ends within this many ems of it
(beyond the cell's own top padding): the page break cut it."""

UNRULED_MIN_COLS = 2
"""A table read from its text's alignment has at least this many columns (its rows and
other counts: ``unruled`` in ``patterns/pdf.yaml``) ..."""
FILLED_ROW_MIN_CELLS = 2
"""... and a row counts as filled (``unruled.min_filled_rows``) with text in this many cells
or more."""

CAPTION_MAX_LINES = 2
"""Between two rules, a band of at most this many lines of one text each, with other columns
above it than below it and starting where no text beside it starts, is the text between two
tables (a caption, a unit line: 支出情况 ⏎ 单位：元), not a row: the rules are two tables' edges."""
ORNAMENT_MAX_CHARS = 4
"""Rules around one text this short with empty cells beside it (—{87}—) are a page number's
ornament, not a table."""
ROW_MAX_PROSE_LINES = 6
"""Between two rules of one width, more lines than this, most of them full lines of prose,
are a page's running text, not a row of a table."""
RUNNING_HEAD_MAX_LINES = 2
RUNNING_HEAD_WIDTH_SHARE = 0.75
"""A rule with at most this many lines above it on the page (a running head) is the running
head's, not the top of a table whose next rule is less than this share of its width (a table
in one page column under a rule over both): it starts no rule group with that rule."""
PARAGRAPH_MIN_LINES = 3
"""Between two rules, this many lines of prose or more are a paragraph between two tables,
not a row (a label wrapped in a narrow first column apart)."""
HEADING_SPLIT_LEVEL = 2
"""Between two rules of one width, a line numbered as a section heading of this level or
higher (一、, （一）) stands between two tables; lower numbering (1、) is a row's label."""

# ── paragraphs ────────────────────────────────────────────────────────────
LINE_END_SLACK_EM = 1.0
"""A line is full (the paragraph goes on) unless the next line's first word plus this many ems
would have fitted after it; kinsoku (no 。， at a line start) can push one character down."""
MARGIN_SUPPORT_SHARE = 0.05
"""A body margin is a position where at least this share of the lines start (or end)."""
RAGGED_FULL_SHARE = 0.85
"""A line filling this share of its measure and stopping on a Han character goes on, however
short of the margin: a ragged right edge (占固定资 ⏎ 产总额的87.84%), not a paragraph end."""
INDENT_EM = 0.8
"""A line starting this many ems right of the left margin starts a paragraph (first-line indent)."""
PITCH_MAX_EM = 3.0
"""Two lines whose tops are less than this many ems apart are lines of one block: their
distance is a line pitch (the body's pitch is their median) ..."""
PITCH_DEFAULT_EM = 1.4
"""... or this many ems when no two lines are (a page of one line)."""
PARAGRAPH_GAP_RATIO = 1.6
"""A vertical gap this many times the usual line pitch separates paragraphs."""
SIZE_CHANGE_PT = 1.0
"""A font size change larger than this between two lines separates paragraphs (titles)."""

GARBLED_RE = re.compile(r"\(cid:\d+\)|[\ue000-\uf8ff\ufffd]")
