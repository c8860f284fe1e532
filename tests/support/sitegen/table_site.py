"""An old hand-made table site's layout (iso-8859-1, entities)."""

from __future__ import annotations

from tests.support.sitegen.chrome import TOWNS, chrome_date, headline, slugify
from tests.support.sitegen.markup import (
    MONTHS,
    Markup,
    charset_meta,
    esc,
    ordinal,
    render_body,
)
from tests.support.sitegen.spec import ArticleSpec

TABLE_NAV = """<td class="nav" width="150" valign="top" bgcolor="#ffffcc"><font face="Arial" size="2">
<a href="/index.htm">Home</a><br><a href="/news.htm">News</a><br><a href="/diary.htm">Diary</a><br>
<a href="/links.htm">Links</a><br><br><b>Latest</b><br>
<a href="/n/pit.htm">Pit memorial unveiled, 14/11/2014</a><br>
<a href="/n/jobs.htm">450 jobs to go at Treforest, 2/12/2014</a><br><br>
<b>Visitors</b><br>You are visitor no. 104,332</font></td>"""


TABLE_FOOTER = (
    '<tr><td colspan="3" align="center"><font face="Arial" size="1">'
    "&copy; Valley Campaigner 1999-2016. Best viewed at 800x600. "
    'Webmaster: <a href="mailto:web@example.invalid">web</a></font></td></tr>'
)


TABLE_HEAD_EXTRA = (
    '<script language="JavaScript">function MM_swapImage() { var i,j=0,x,a=MM_swapImage.arguments; '
    "document.MM_sr=new Array; for(i=0;i<(a.length-2);i+=3) if ((x=MM_findObj(a[i]))!=null)"
    "{document.MM_sr[j++]=x; if(!x.oSrc) x.oSrc=x.src; x.src=a[i+2];} }</script>"
)


TABLE_RIGHT = (
    '<td class="nav" width="160" valign="top" bgcolor="#eeeeff"><font face="Arial" size="1">'
    "<b>Diary</b><br>"
    + "<br>".join(
        f'<a href="/diary.htm#{i}">{chrome_date(i, 10)}: {TOWNS[(i * 5) % len(TOWNS)]} meeting</a>'
        for i in range(20)
    )
    + "<br><br><b>More news</b><br>"
    + "<br>".join(f'<a href="/n/{i}.htm">{esc(headline(i, 11))}</a>' for i in range(30))
    + "<br><br><b>Links</b><br>"
    + "<br>".join(
        f'<a href="http://www.{slugify(t)}tuc.example.invalid/">{t} Trades Council</a>'
        for t in TOWNS
    )
    + '<br><br><img src="/img/spacer.gif" width="1" height="20"><br>'
    '<a href="http://ring.example.invalid/next">Next site in the Valleys webring</a>'
    "</font></td>"
)


TABLE_MARKUP = Markup(
    heading='<p><font face="Arial" size="3"><b>{}</b></font></p>',
    paragraph='<p><font face="Arial" size="2">{}</font></p>',
    signoff_styles={
        "em": '<p><font face="Arial" size="2"><i>{}</i></font></p>',
        "plain": '<p><font face="Arial" size="2">{}</font></p>',
        "strong": '<p><font face="Arial" size="2"><b>{}</b></font></p>',
    },
    lead_in='<p><font face="Arial" size="2"><b>{}</b></font></p>',
    blockquote='<blockquote><font face="Arial" size="2">{}</font></blockquote>',
    rule='<hr size="1" noshade>',
    list_item='<li><font face="Arial" size="2">{}</font></li>',
    caption=lambda text, src: (
        f'<p align="center"><img src="{src}" width="250" border="1"><br>'
        f'<font face="Arial" size="1">{text}</font></p>'
    ),
)


def layout_table(spec: ArticleSpec, encoding: str) -> str:
    title = esc(spec.title)
    added = (
        f"Added {ordinal(spec.published.day)} {MONTHS[spec.published.month - 1]} "
        f"{spec.published.year}"
        if spec.published
        else ""
    )
    return f"""<html><head>
{charset_meta(spec, encoding, http_equiv=True)}
<title>Valley Campaigner - {title}</title>
{TABLE_HEAD_EXTRA}
</head>
<body bgcolor="#ffffff" link="#0000cc">
<table width="760" border="0" cellpadding="4" cellspacing="0">
<tr><td colspan="3"><img src="/img/banner.gif" alt="Valley Campaigner - news from the valleys" width="760" height="80"></td></tr>
<tr>{TABLE_NAV}
<td valign="top"><font face="Arial" size="4" color="#990000"><b>{title}</b></font><br>
<font face="Arial" size="1">{added}</font>
{render_body(spec.blocks, TABLE_MARKUP)}
<p><font face="Arial" size="1"><a href="/news.htm">&lt;&lt; Back to news</a></font></p>
</td>{TABLE_RIGHT}</tr>
{TABLE_FOOTER}
</table></body></html>
"""
