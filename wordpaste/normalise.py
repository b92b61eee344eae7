"""Word's and WPS's clipboard HTML turned into the plain structure the site keeps, before the
allow-list (news.sanitize.clean_body) cleans it.

The allow-list alone would keep the words but lose what an official notice needs and keep what it
must not: alignment is written as `style`/`align` or hidden in a class of the document's style
sheet (the centred title, the right-aligned 落款), lists are paragraphs with `mso-list` and a
typed bullet, hidden text and reviewers' comments are ordinary-looking elements, and the layout is
done with runs of &nbsp; and ideographic spaces. This module reads those the way Word meant them:

- alignment (style, align attribute, the style sheet's class, or a 落款 pushed right with
  spaces) becomes the classes text-center / text-right;
- Word's lists become ul/ol (nested by level, numbered from the first item's number);
- bold and italic written as styles (WPS) become strong and em; the title style becomes h2, h1
  becomes h2, h5/h6 become h4 (the page's h1 is the article's title);
- a table cell holding one paragraph becomes that paragraph's text, its alignment on the cell;
- dropped with their content: Office-only conditional comments (VML, XML), hidden text
  (display:none, mso-hide), comments and their anchors, list bullets, o:p, style, meta, and
  pictures that only exist on the author's computer (file:, cid:, blob:, data:) unless the browser
  uploaded them (`images`: one slot per such picture, in document order; a slot that is None —
  the upload failed or its address was refused — drops its picture and no other);
- the words of Word's content controls (w:Sdt, w:sdtContent) kept without their tags;
- whitespace runs with &nbsp; or 　 become one space, blocks lose their leading and trailing
  whitespace, and blocks left empty go.

What the editor itself writes passes unchanged (tested). normalise() never raises: HTML it
cannot parse is returned as it came, for the allow-list to clean.
"""

import re
from collections import deque

import lxml.html
from lxml import etree

# Office's conditional comments. <!--[if …]>…<![endif]--> is read by Office alone (VML pictures,
# document settings): dropped. <![if …]>…<![endif]> is shown by other browsers: kept, except the
# parts Word shows only to imitate what it draws itself (list bullets, comment anchors, column
# spacers).
_HIDDEN_CONDITIONAL = re.compile(r"<!--\[if[^\]]*\]>.*?<!\[endif\]\s*-->", re.S | re.I)
_REVEALED_CONDITIONAL = re.compile(r"<!\[if\s+([^\]]*)\]>(.*?)<!\[endif\]>", re.S | re.I)
_DROPPED_REVEALED = {"!supportannotations", "!supportmisalignedcolumns"}

_XML_DECLARATION = re.compile(r"<\?xml[^>]*>", re.I)
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_STYLE_SHEET = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CLASS_SELECTOR = re.compile(r"^\s*[a-z0-9]*\.([\w-]+)\s*$", re.I)
_TEXT_ALIGN = re.compile(r"(?:^|;)\s*text-align\s*:\s*(center|right)", re.I)
_TITLE_STYLE = re.compile(r"mso-style-name\s*:\s*[\"']?(?:标题|title)[\"']?\s*(?:;|$)", re.I)
_HIDDEN = re.compile(r"display\s*:\s*none|mso-hide\s*:\s*all", re.I)
_MSO_LIST = re.compile(r"mso-list\s*:\s*(l\d+)\s+level(\d+)", re.I)
_MSO_LIST_IGNORE = re.compile(r"mso-list\s*:\s*ignore", re.I)
_MSO_ELEMENT = re.compile(r"mso-element\s*:\s*(comment-list|comment)", re.I)
_ORDERED_MARKER = re.compile(
    r"^[(（]?([0-9]+|[a-z]|[ivxlc]+|[一二三四五六七八九十]+)[.)）、．]?$", re.I
)

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "div", "blockquote"}
_ALIGNABLE = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "div"}
# The editor's own names for what Word writes (CKEditor writes strong and em too).
_RENAMED = {"h1": "h2", "h5": "h4", "h6": "h4", "b": "strong", "i": "em"}
_INLINE = {"span", "font", "strong", "em", "u", "s", "sub", "sup", "a"}
_BOLD = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.I)
_ITALIC = re.compile(r"font-style\s*:\s*italic", re.I)
_SYMBOL_FONT = re.compile(r"font-family\s*:\s*[\"']?(wingdings|symbol)", re.I)
_DROPPED_TAGS = {"style", "script", "meta", "link", "title", "xml", "head", "o:p"}
_DROPPED_PREFIXES = ("v:", "w:", "m:", "o:")
# Word's content controls (内容控件: a date picker, a text field of a form) sit in the body
# around words the author typed or picked: the tag goes, its words stay. Every other w: element
# (w:WordDocument, w:LatentStyles, a control's w:sdtPr properties) is Office's alone.
_CONTENT_CONTROLS = {"w:sdt", "w:sdtcontent"}
_LOCAL_SOURCE = re.compile(r"^\s*(file|cid|blob|data):", re.I)
_SPACES = re.compile(r"[\s\xa0\u3000]+")
_ODD_SPACE = re.compile(r"[\xa0\u3000\n\r\t]|  ")
# A short line pushed to the right edge with spaces (how WPS users place the 落款 and its date):
# at least this many spaces' width in front of at most this many characters.
PUSHED_RIGHT_MIN_WIDTH = 16
PUSHED_RIGHT_MAX_TEXT = 40


def normalise(html, images=()):
    """The structure of html with Word's and WPS's markup read and removed (see the module's
    docstring); `images` are the uploaded addresses of its local pictures, in document order,
    one slot per picture (None for a picture without an upload)."""
    if not html or not html.strip():
        return ""
    try:
        return _normalise(html, deque(images))
    except etree.ParserError:  # nothing sensible to read (only a comment): the allow-list decides
        return html


def local_pictures(html):
    """How many pictures of html exist only on the author's computer (a browser sees them)."""
    return len(_LOCAL_PICTURE.findall(_without_office_only_parts(html or "")))


_LOCAL_PICTURE = re.compile(r"<img\b[^>]*\ssrc\s*=\s*[\"']?\s*(?:file|cid|blob|data):", re.I)


def _without_office_only_parts(html):
    html = _HIDDEN_CONDITIONAL.sub("", html)
    return _REVEALED_CONDITIONAL.sub(
        lambda found: "" if found.group(1).strip().lower() in _DROPPED_REVEALED else found.group(2),
        html,
    )


def _normalise(html, images):
    aligned_classes, title_classes = _read_style_sheet(html)
    root = _parse(_without_office_only_parts(html))
    for element in list(root.iter()):
        if element.getparent() is None and element is not root:
            continue  # inside a tree already dropped
        _read_element(element, aligned_classes, title_classes, images)
    _make_lists(root)
    for caption in list(root.iter()):
        if isinstance(caption.tag, str) and _CAPTION in caption.attrib:
            _make_figure(caption)
    for element in list(root.iter("td", "th")):
        _lift_single_paragraph(element)
    _tidy_whitespace(root)
    return _inner_html(root)


def _read_style_sheet(html):
    """Classes the document's style sheet aligns ({class: "center"|"right"}) and its title
    styles (Word's MsoTitle, WPS's numbered 标题 style)."""
    aligned, titles = {}, set()
    for sheet in _STYLE_SHEET.findall(html):
        sheet = re.sub(r"/\*.*?\*/|<!--|-->", "", sheet, flags=re.S)
        for selectors, body in _RULE.findall(sheet):
            align = _TEXT_ALIGN.search(body.replace("\n", ""))
            is_title = _TITLE_STYLE.search(body.replace("\n", ""))
            for selector in selectors.split(","):
                found = _CLASS_SELECTOR.match(selector)
                if not found:
                    continue
                name = found.group(1).lower()
                if align:
                    aligned[name] = align.group(1).lower()
                if is_title:
                    titles.add(name)
    titles.add("msotitle")
    return aligned, titles


def _parse(html):
    html = _XML_DECLARATION.sub("", html)  # lxml refuses a str that names its encoding
    html = _NOT_IN_XML.sub("", html)  # and control characters (no page shows them)
    if re.search(r"<body[\s>]", html, re.I):
        document = lxml.html.document_fromstring(html)
        return document.find("body") if document.find("body") is not None else document
    return lxml.html.fragment_fromstring(html, create_parent="div")


def _classes(element):
    return [name.lower() for name in (element.get("class") or "").split()]


def _read_element(element, aligned_classes, title_classes, images):
    tag = element.tag if isinstance(element.tag, str) else ""
    style = element.get("style") or ""
    if not tag:  # a comment (<!--StartFragment-->) or processing instruction
        _drop(element)
        return
    if tag in _CONTENT_CONTROLS:
        element.drop_tag()
        return
    if (
        tag in _DROPPED_TAGS
        or tag.startswith(_DROPPED_PREFIXES)
        or _HIDDEN.search(style)
        or _MSO_ELEMENT.search(style)
        or {"msocomanchor", "msocomoff", "msocommentreference"} & set(_classes(element))
    ):
        _drop(element)
        return
    if tag == "img":
        if _LOCAL_SOURCE.match(element.get("src") or ""):
            address = images.popleft() if images else None  # one slot per picture
            if address:
                element.set("src", address)
            else:  # its upload failed or was refused, or the slots ran out
                _drop(element)
        return
    if ":" in tag or (tag == "a" and element.get("href") is None):
        element.drop_tag()  # smart tags, bookmarks: their words stay
        return
    if "msocaption" in _classes(element):
        element.set(_CAPTION, "")
    if tag in _ALIGNABLE:
        if title_classes & set(_classes(element)) and tag in {"p", "div"}:
            element.tag = "h2"
        _read_alignment(element, style, aligned_classes)
    if tag == "span":  # WPS writes bold and italic as styles
        if _BOLD.search(style):
            element.tag = "strong"
        elif _ITALIC.search(style):
            element.tag = "em"
    if element.tag in _RENAMED:
        element.tag = _RENAMED[element.tag]


def _read_alignment(element, style, aligned_classes):
    found = _TEXT_ALIGN.search(style)
    align = found.group(1).lower() if found else (element.get("align") or "").lower()
    if align not in {"center", "right"}:
        align = next(
            (aligned_classes[name] for name in _classes(element) if name in aligned_classes), ""
        )
    kept = [name for name in (element.get("class") or "").split() if name.startswith("text-")]
    if align in {"center", "right"}:
        kept = [f"text-{align}"]
    if kept:
        element.set("class", " ".join(kept))
    elif "class" in element.attrib and element.tag != "figure":
        del element.attrib["class"]


def _drop(element):
    """Remove element and what it holds, keeping the text that follows it."""
    if element.getparent() is not None:
        element.drop_tree()


# Lists. Word writes a list as paragraphs styled mso-list:l<list> level<n>, each starting with
# its typed bullet or number in a span styled mso-list:Ignore.


def _list_item(element):
    if not isinstance(element.tag, str) or element.tag not in {"p", "h2", "h3", "h4", "div"}:
        return None
    found = _MSO_LIST.search(element.get("style") or "")
    return (found.group(1), int(found.group(2))) if found else None


def _take_marker(item):
    """The number the paragraph starts with ("" for a bullet), removed from it."""
    for span in item.iter("span"):
        if _MSO_LIST_IGNORE.search(span.get("style") or ""):
            marker = _SPACES.sub("", span.text_content())
            # A bullet is a character of a symbol font (Wingdings' "l" draws a dot).
            symbol = any(_SYMBOL_FONT.search(node.get("style") or "")
                         for node in [span, *span.iterancestors()] if node is not item)  # fmt: skip
            _drop(span)
            return "" if symbol else marker
    return ""


def _make_lists(root):
    for parent in list(root.iter()):
        run = []
        for child in list(parent):
            if _list_item(child) is not None:
                run.append(child)
                continue
            if run:
                _build_list(run)
                run = []
        if run:
            _build_list(run)


def _build_list(paragraphs):
    """One list of the run of list paragraphs, nested by level. A run copied from the middle of
    a nested list starts deeper than a later item (level 2, then 1): the shallower item gets a
    list around what came before it (<ul><li><ul><li>2</li></ul></li><li>1</li></ul>), so every
    item stays and keeps its depth relative to the others.

    No position among the parent's children is looked up or inserted at: lxml counts along
    the siblings for either, and a long document of short lists (one per few paragraphs) took
    time quadratic in its length (74 s for 4 MB of short lists between paragraphs, measured;
    2 s now)."""
    first = paragraphs[0]
    parent, previous = first.getparent(), first.getprevious()
    stack = []  # (level, list element), outermost first
    top = None
    for paragraph in paragraphs:
        _, level = _list_item(paragraph)
        marker = _take_marker(paragraph)
        while len(stack) > 1 and stack[-1][0] > level:
            stack.pop()
        if stack and stack[-1][0] > level:  # shallower than all so far: a list around them
            outer = _new_list(marker)
            etree.SubElement(outer, "li").append(top)
            outer.tail, top.tail = top.tail, None
            top = outer
            stack = [(level, outer)]
        elif not stack or stack[-1][0] < level:
            new_list = _new_list(marker)
            if stack:  # into the last item of the list it nests in (it got its first at once)
                stack[-1][1][-1].append(new_list)
            else:
                top = new_list
            stack.append((level, new_list))
        item = etree.SubElement(stack[-1][1], "li")
        item.text = paragraph.text
        for child in list(paragraph):
            item.append(child)
        tail = paragraph.tail
        parent.remove(paragraph)
        item.tail = None
        if tail and tail.strip():
            top.tail = (top.tail or "") + tail
    if previous is None:
        parent.insert(0, top)
    else:
        previous.addnext(top)  # after previous's tail, where the first paragraph was


def _new_list(marker):
    """ol (numbered from the marker's number) or ul, as the first item's marker says."""
    ordered = _ORDERED_MARKER.match(marker)
    new_list = etree.Element("ol" if ordered else "ul")
    if ordered and ordered.group(1).isdigit() and ordered.group(1) != "1":
        new_list.set("start", ordered.group(1))
    return new_list


_CAPTION = "data-word-caption"


def _make_figure(caption):
    """A picture alone in its paragraph, followed by a caption-style paragraph (Word's 插入题注),
    becomes a captioned picture: <figure class="image"><img><figcaption>…</figcaption>."""
    del caption.attrib[_CAPTION]
    picture = caption.getprevious()
    if picture is None or not isinstance(picture.tag, str):
        return
    images = picture.findall(".//img")
    if len(images) != 1 or _has_text(picture.text_content()) or (picture.tail or "").strip():
        return
    figure = etree.Element("figure", {"class": "image"})
    image = images[0]
    image.tail = None
    figure.append(image)
    text = etree.SubElement(figure, "figcaption")
    text.text = caption.text
    for child in list(caption):
        text.append(child)
    figure.tail = caption.tail
    parent = picture.getparent()
    parent.replace(picture, figure)
    parent.remove(caption)


def _lift_single_paragraph(cell):
    """<td><p class="text-center">x</p></td> → <td class="text-center">x</td>."""
    children = [child for child in cell if isinstance(child.tag, str)]
    if len(children) != 1 or children[0].tag != "p" or (cell.text or "").strip():
        return
    paragraph = children[0]
    if (paragraph.tail or "").strip():
        return
    if paragraph.get("class") and not cell.get("class"):
        cell.set("class", paragraph.get("class"))
    paragraph.drop_tag()


# Whitespace.


def _tidy_whitespace(root):
    for block in list(root.iter("p", "div")):
        _push_right(block)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if element.text and _ODD_SPACE.search(element.text) and element.text.strip(" \n\r\t"):
            element.text = _SPACES.sub(" ", element.text)
        if element.tail and _ODD_SPACE.search(element.tail) and _has_text(element.tail):
            element.tail = _SPACES.sub(" ", element.tail)
    for element in list(root.iter(*_INLINE)):
        kept = element.getparent() is None or element.find(".//br") is not None
        if not kept and _is_empty(element) and (element.tag != "a" or "href" not in element.attrib):
            element.drop_tag()
    for block in list(root.iter(*BLOCKS)):
        if block.getparent() is None and block is not root:
            continue
        if block is not root:
            _strip_block(block)
            if block.tag in {"p", "h2", "h3", "h4", "li", "div", "blockquote"} and _is_empty(block):
                _drop(block)


def _has_text(text):
    return bool(_SPACES.sub("", text))


def _push_right(block):
    if block.get("class") or block.tag not in {"p", "div"}:
        return
    text = block.text_content()
    lead = len(text) - len(text.lstrip(" \xa0\u3000\n\r\t"))
    width = sum(2 if char == "\u3000" else 1 for char in text[:lead] if char not in "\n\r\t")
    if width >= PUSHED_RIGHT_MIN_WIDTH and 0 < len(text.strip()) <= PUSHED_RIGHT_MAX_TEXT:
        block.set("class", "text-right")


def _text_slots(element):
    """(node, "text" | "tail") of element's text in document order, its own tail aside."""
    yield element, "text"
    for child in element:
        yield from _text_slots(child)
        yield child, "tail"


_EDGE_SPACE = " \xa0\u3000\n\r\t"


def _strip_block(block):
    """No whitespace at the start or end of a block (Word's indents, the spaces after 落款)."""
    slots = list(_text_slots(block))
    for ends, strip in ((slots, str.lstrip), (reversed(slots), str.rstrip)):
        for node, attribute in ends:
            value = getattr(node, attribute)
            if value and _has_text(value):
                setattr(node, attribute, strip(value, _EDGE_SPACE))
                break
            if value:
                setattr(node, attribute, None)
            if node.tag in {"img", "br"} and attribute == "text":
                break


def _is_empty(block):
    return not _has_text(block.text_content()) and block.find(".//img") is None


# Whitespace between the rows of a table, the items of a list, the parts of a figure or after a
# line break shows nowhere; how much of it there is depends on who wrote the HTML (CKEditor
# indents lists with tabs, Word wraps its lines). One newline between blocks, none inside.
_BLOCK_LEVEL = BLOCKS | {"ul", "ol", "table", "figure", "hr", "pre"}
_NO_TEXT_INSIDE = {"ul", "ol", "table", "thead", "tbody", "tfoot", "tr", "figure"}


def _inner_html(root):
    for element in root.iter(*_NO_TEXT_INSIDE):
        if element.text and not element.text.strip():
            element.text = None
        for child in element:
            if child.tail and not child.tail.strip():
                child.tail = None
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if len(element.attrib) > 1:  # one order, whoever wrote them
            attributes = sorted(element.attrib.items())
            element.attrib.clear()
            element.attrib.update(attributes)
        before = None  # the previous child (element[index - 1] counts along the siblings)
        for child in element:
            if child.tag in _BLOCK_LEVEL:
                if before is None and element.text:
                    element.text = element.text.rstrip(" \n\r\t") or None
                elif before is not None and before.tail:
                    before.tail = before.tail.rstrip(" \n\r\t") or None
                if child.tail and element is not root:
                    child.tail = child.tail.lstrip(" \n\r\t") or None
            before = child
    for line_break in root.iter("br"):
        if line_break.tail:
            line_break.tail = line_break.tail.lstrip(" \n\r\t") or None
    children = list(root)
    for child, following in zip(children, [*children[1:], None][: len(children)], strict=True):
        if (child.tail or "").strip():
            continue
        between_blocks = child.tag in _BLOCK_LEVEL and getattr(following, "tag", "") in _BLOCK_LEVEL
        child.tail = "\n" if between_blocks else (None if following is None else child.tail)
    text = root.text if root.text and root.text.strip() else ""
    return text + "".join(lxml.html.tostring(child, encoding="unicode") for child in children)
