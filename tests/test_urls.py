"""URL canonicalisation: every variant of one post gives one key and id; different posts stay apart."""
from __future__ import annotations

import re

import pytest

from normalise.urls import DROP_PARAMS, canonical_url, post_id, url_key

BLOGGER = "https://fundraisingnotes.blogspot.com/2019/03/why-we-stopped-chugging.html"
WORDPRESS = "https://www.smallcharityhub.org.uk/2021/06/trustee-week-recap/"


@pytest.mark.parametrize("variant", [
    "http://fundraisingnotes.blogspot.com/2019/03/why-we-stopped-chugging.html",
    "https://www.fundraisingnotes.blogspot.com/2019/03/why-we-stopped-chugging.html",
    "https://fundraisingnotes.blogspot.com/2019/03/why-we-stopped-chugging.html?m=1",
    "https://fundraisingnotes.blogspot.com/2019/03/why-we-stopped-chugging.html?m=0",
    "https://fundraisingnotes.blogspot.com/2019/03/why-we-stopped-chugging.html?showComment=1552900000000#c5",
    "https://fundraisingnotes.blogspot.com/2019/03/why-we-stopped-chugging.html#comment-5",
    "https://fundraisingnotes.blogspot.com/2019/03/why-we-stopped-chugging.html?utm_source=twitter&utm_medium=x",
    "HTTPS://FundraisingNotes.Blogspot.COM:443/2019/03/why-we-stopped-chugging.html",
    "https://fundraisingnotes.blogspot.co.uk/2019/03/why-we-stopped-chugging.html",
    "https://fundraisingnotes.blogspot.com/2019/03/./why-we-stopped-chugging.html",
    "  https://fundraisingnotes.blogspot.com/2019/03/why-we-stopped-chugging.html\n",
])
def test_blogger_variants_share_one_key(variant):
    assert url_key(variant) == url_key(BLOGGER)


@pytest.mark.parametrize("variant", [
    "http://smallcharityhub.org.uk/2021/06/trustee-week-recap",
    "https://smallcharityhub.org.uk/2021/06/trustee-week-recap/",
    "https://www.smallcharityhub.org.uk/2021/06/trustee-week-recap/amp/",
    "https://www.smallcharityhub.org.uk/2021/06/trustee-week-recap/?amp=1",
    "https://www.smallcharityhub.org.uk/2021/06/trustee-week-recap/?replytocom=42#respond",
    "https://www.smallcharityhub.org.uk/2021/06/trustee-week-recap/?fbclid=IwAR0abc&gclid=xyz",
    "https://www.smallcharityhub.org.uk/2021/06/trustee-week-recap/?mc_cid=1&mc_eid=2&_ga=3",
    "https://www.smallcharityhub.org.uk/2021/06/trustee-%77eek-recap/",
    "https://www.smallcharityhub.org.uk/2021/06/trustee-week-recap/?share=facebook&spref=tw&feature=x",
    "https://www.smallcharityhub.org.uk/2021/06/trustee-week-recap/?ref_src=twsrc&UTM_Campaign=y",
])
def test_wordpress_variants_share_one_key(variant):
    assert url_key(variant) == url_key(WORDPRESS)


@pytest.mark.parametrize("a, b", [
    ("https://ex.org/?p=1", "https://ex.org/?p=2"),
    ("https://ex.org/?page_id=7", "https://ex.org/?p=7"),
    ("https://ex.org/2020/01/first-post/", "https://ex.org/2020/01/second-post/"),
    ("https://ex.org/2020/01/Post.html", "https://ex.org/2020/01/post.html"),
    ("https://ex.org/blog/a", "https://other.org/blog/a"),
    ("https://ex.org/a", "https://ex.org:8443/a"),
    ("https://ex.org/a%2Fb", "https://ex.org/a/b"),
    ("https://ex.org/?rest_route=/wp/v2/posts/5", "https://ex.org/?rest_route=/wp/v2/posts/6"),
])
def test_distinct_posts_keep_distinct_keys(a, b):
    assert url_key(a) != url_key(b)


@pytest.mark.parametrize("url, expected", [
    ("HTTP://Ex.ORG", "http://ex.org/"),
    ("http://ex.org:80/a", "http://ex.org/a"),
    ("https://ex.org:443/a", "https://ex.org/a"),
    ("https://ex.org:80/a", "https://ex.org:80/a"),
    ("https://ex.org/a#section-2", "https://ex.org/a"),
    ("https://ex.org/a?z=1&b=2&a=3", "https://ex.org/a?a=3&b=2&z=1"),
    ("https://ex.org/a?p=123&utm_campaign=spring", "https://ex.org/a?p=123"),
    ("https://ex.org/a?", "https://ex.org/a"),
    ("https://ex.org/%7euser/%e2%82%ac", "https://ex.org/~user/%E2%82%AC"),
    ("https://ex.org/caf\u00e9 menu", "https://ex.org/caf%C3%A9%20menu"),
    ("https://ex.org/a/b/../c/", "https://ex.org/a/c/"),
    ("https://ex.org/a?q=x%3dy", "https://ex.org/a?q=x%3Dy"),
    ("https://ex.org./a", "https://ex.org/a"),
])
def test_canonical_url_form(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize("href, base, expected", [
    ("/2020/05/post/", "https://ex.org/page/2/", "https://ex.org/2020/05/post/"),
    ("post.html?m=1", "http://b.blogspot.com/2020/05/", "http://b.blogspot.com/2020/05/post.html"),
    ("//ex.org/x", "https://other.org/", "https://ex.org/x"),
    ("https://abs.org/y", "https://other.org/", "https://abs.org/y"),
])
def test_canonical_url_resolves_against_base(href, base, expected):
    assert canonical_url(href, base=base) == expected


@pytest.mark.parametrize("url", ["", "/relative/path", "post.html", "//ex.org/no-scheme"])
def test_relative_url_without_base_is_rejected(url):
    with pytest.raises(ValueError):
        canonical_url(url)


@pytest.mark.parametrize("url", [BLOGGER, WORDPRESS, "https://ex.org/?p=1&utm_source=a#x"])
def test_canonical_url_is_idempotent(url):
    assert canonical_url(canonical_url(url)) == canonical_url(url)


def test_key_drops_scheme_www_and_trailing_slash():
    assert url_key("https://www.ex.org/2020/01/a-post/") == "ex.org/2020/01/a-post"


def test_key_keeps_blogger_html_suffix():
    assert url_key(BLOGGER).endswith(".html")


def test_key_keeps_meaningful_query():
    assert url_key("https://www.ex.org/?p=123&utm_source=x") == "ex.org?p=123"


def test_amp_slug_alone_is_not_stripped():
    assert url_key("https://ex.org/amp/") == "ex.org/amp"


@pytest.mark.parametrize("name", DROP_PARAMS)
def test_every_listed_parameter_is_dropped(name):
    assert canonical_url(f"https://ex.org/a?{name}=1&p=9") == "https://ex.org/a?p=9"


def test_post_id_format():
    assert re.fullmatch(r"post-[0-9a-f]{20}", post_id(BLOGGER))


def test_post_id_is_stable_across_runs():
    # Fixed expectation: sha256 of the key, never Python's salted hash().
    import hashlib
    assert post_id(WORDPRESS) == "post-" + hashlib.sha256(
        b"smallcharityhub.org.uk/2021/06/trustee-week-recap").hexdigest()[:20]


def test_post_id_equal_for_variants():
    assert post_id("http://www.ex.org/a/?m=1#c3") == post_id("https://ex.org/a")


@pytest.mark.parametrize("variant", [
    "https://blog.example.org/2012/03/trustees/comment-page-2/#comments",
    "https://blog.example.org/2012/03/trustees/comment-page-12",
    "https://blog.example.org/2012/03/trustees/",
])
def test_wordpress_comment_pages_are_the_post(variant):
    assert canonical_url(variant) == "https://blog.example.org/2012/03/trustees/"


def test_plain_permalink_comment_page_is_the_post():
    assert canonical_url("https://blog.example.org/?p=12&cpage=3") == "https://blog.example.org/?p=12"


def test_comment_page_word_inside_a_slug_is_kept():
    assert canonical_url("https://blog.example.org/my-comment-page-2-thoughts/") == \
        "https://blog.example.org/my-comment-page-2-thoughts/"


def test_blogger_comment_page_is_the_post():
    assert canonical_url("https://x.blogspot.com/2010/09/circle.html?commentPage=2") == \
        "https://x.blogspot.com/2010/09/circle.html"


# -- Posts shown in full on one page, told apart by a fragment directive (FRAGMENT_DIRECTIVE) -------------------

DIGEST = "https://org.example/news/digest/spring-2024"


def test_a_fragment_directive_is_kept_and_other_fragments_dropped():
    assert canonical_url(DIGEST + "#note-van:~:text=Our%20second%20van") == DIGEST + "#note-van:~:text=Our%20second%20van"
    assert canonical_url(DIGEST + "#note-van") == DIGEST


def test_fragment_escapes_normalised_but_hyphen_stays_escaped():
    # '%7e' is '~' (unreserved) and is decoded; '%2D' stays escaped (a bare '-' is prefix/suffix syntax); a space is
    # escaped.
    assert canonical_url(DIGEST + "#:~:text=a%7eb%2dc d") == DIGEST + "#:~:text=a~b%2Dc%20d"


def test_posts_on_one_page_get_distinct_stable_ids():
    allotments = DIGEST + "#note-allotments:~:text=Allotment%20growers%20join%20the%20network"
    van = DIGEST + "#note-van:~:text=Our%20second%20delivery%20van%20is%20on%20the%20road"
    assert len({post_id(allotments), post_id(van), post_id(DIGEST)}) == 3
    # the same note seen through another variant of the page URL keeps its id
    assert post_id("http://www.org.example/news/digest/spring-2024/?utm_source=x#note-allotments:~:text="
                   "Allotment%20growers%20join%20the%20network") == post_id(allotments)
    assert url_key(allotments) == "org.example/news/digest/spring-2024#note-allotments:~:text=" \
                                  "Allotment%20growers%20join%20the%20network"
