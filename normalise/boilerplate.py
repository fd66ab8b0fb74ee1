"""Boilerplate found inside blog post bodies, declared as data: class/id, share-link and whole-text patterns."""
from __future__ import annotations

import re
from typing import NamedTuple


class Pattern(NamedTuple):
    """One named boilerplate pattern with an example it must match (the tests are generated from these)."""

    name: str
    regex: str
    example: str


# --- Element class / id tokens -------------------------------------------------------------------
# Each regex must match a WHOLE class token (or the whole id). An element carrying a matching
# token is removed with everything inside it. Ordered from most to least specific.
CLASS_PATTERNS: list[Pattern] = [
    Pattern("jetpack-sharedaddy", r"sharedaddy|jp-post-flair|sd-(?:sharing|social|like|block)(?:-[\w-]+)?", "sharedaddy"),
    Pattern("jetpack-related-posts", r"jp-relatedposts(?:-[\w-]+)?", "jp-relatedposts"),
    Pattern("jetpack-likes", r"wpl-(?:likebox|button|avatars)|sd-like-gravatars|post-likes-widget[\w-]*", "wpl-likebox"),
    Pattern("addtoany", r"addtoany[\w-]*|a2a_[\w-]*|a2a-[\w-]*", "addtoany_share_save_container"),
    Pattern("addthis", r"addthis[\w-]*", "addthis_inline_share_toolbox"),
    Pattern("shareaholic", r"shareaholic[\w-]*", "shareaholic-canvas"),
    Pattern("sharethis", r"sharethis[\w-]*|st-sharethis[\w-]*|st_sharethis[\w-]*", "sharethis-inline-share-buttons"),
    Pattern("grow-social", r"dpsp-[\w-]+", "dpsp-content-wrapper"),
    Pattern("social-warfare", r"swp_[\w-]+|swp-[\w-]+|social-warfare[\w-]*", "swp_social_panel"),
    Pattern("plugin-share-bars", r"(?:ssba|heateor|essb|mashsb|shariff|juiz_sps|et_social|simple-social)[\w-]*",
            "shariff"),
    Pattern("two-click-privacy", r"social_share_privacy|twoclick[\w-]*", "social_share_privacy"),
    Pattern("blogger-share-buttons", r"post-share-buttons|share-button(?:-[\w-]+)?|sb-(?:email|blog|twitter|facebook|pinterest)|"
            r"google-plus-share-container", "post-share-buttons"),
    Pattern("blogger-post-footer", r"post-footer(?:-line(?:-\d+)?)?|post-(?:author|timestamp|labels|comment-link|icons|"
            r"backlinks|location|share|feeds)|item-control|blog-admin|comment-link|post-feeds", "post-footer"),
    Pattern("wordpress-entry-meta", r"entry-(?:meta|utility|footer|info)|postmetadata|post-meta(?:data)?", "entry-utility"),
    Pattern("comments-closed-note", r"nocomments|comments-closed|comments-off", "nocomments"),
    Pattern("related-posts", r"(?:[\w-]*[-_])?related(?:[-_ ]?(?:posts?|articles?|content|stories|entries|links?|news|"
            r"items?|teaser|results))?(?:[-_][\w-]*)?|yarpp[\w-]*|rp4wp[\w-]*|crp_related[\w-]*|relatedposts[\w-]*",
            "related-posts"),
    Pattern("share-widget", r"(?:[\w-]*[-_])?(?:share|shares|sharing|social-?share|social-?sharing)(?:[-_][\w-]*)?",
            "share-links"),
    Pattern("social-widget", r"socials?|social-(?:icons?|links?|buttons?|media|networks?|bookmarks?|follow|nav|menu|bar|"
            r"profiles?)[\w-]*|[\w-]+[-_]social(?:s|-icons?|-links?|-buttons?)?", "social-icons"),
    Pattern("author-box", r"(?:abh_|saboxplugin|sabox-|starbox|molongui-)[\w-]*|author-?(?:box|bio|info|card)(?:[-_][\w-]*)?|"
            r"about-?the-?author[\w-]*", "saboxplugin-wrap"),
    Pattern("subscribe-cta", r"wp-block-premium-content-logged-out-view|wp-block-jetpack-subscriptions[\w-]*|"
            r"jetpack_subscription_widget|(?:newsletter|subscribe|subscription)-?(?:signup|form|box|cta|widget)[\w-]*",
            "wp-block-jetpack-subscriptions"),
    Pattern("print-email-tools", r"print-?(?:friendly|this|link|button|page)[\w-]*|email-?this[\w-]*|printfriendly[\w-]*",
            "printfriendly"),
]

# Class tokens that are taxonomy or post-type markers (WordPress puts 'category-social-care',
# 'tag-sharing' on the article): never treated as boilerplate, whatever the patterns above say.
PROTECTED_CLASS_PATTERNS: list[Pattern] = [
    Pattern("taxonomy-marker", r"(?:category|tag|post_tag|topic|term|tax|taxonomy|label|format|type|status|"
            r"section|node-type|pf|post-format)-[\w-]+", "category-social-care"),
    Pattern("content-container", r"post-body|entry-content|post-content|article-body|field-name-body|"
            r"field--name-body|hentry|post|entry|content", "entry-content"),
]

# --- Share links --------------------------------------------------------------------------------
# An <a> whose href matches is a share button wherever it sits (searched, not anchored).
SHARE_LINK_HREF_PATTERNS: list[Pattern] = [
    Pattern("blogger-share-post", r"blogger\.com/share-post\.g", "https://www.blogger.com/share-post.g?target=email"),
    Pattern("twitter-intent", r"(?:twitter|x)\.com/(?:intent/(?:tweet|retweet)|share)\b", "https://twitter.com/intent/tweet?text=x"),
    Pattern("facebook-sharer", r"facebook\.com/(?:sharer|share\.php|dialog/share)", "https://www.facebook.com/sharer/sharer.php?u=x"),
    Pattern("pinterest-create", r"pinterest\.[a-z.]+/pin/create", "https://pinterest.com/pin/create/button/?url=x"),
    Pattern("linkedin-share", r"linkedin\.com/(?:shareArticle|sharing/share-offsite|cws/share)", "https://www.linkedin.com/shareArticle?url=x"),
    Pattern("reddit-submit", r"reddit\.com/submit\b", "https://www.reddit.com/submit?url=x"),
    Pattern("whatsapp-send", r"(?:api\.whatsapp\.com/send|wa\.me/\?text=|whatsapp://send)", "https://api.whatsapp.com/send?text=x"),
    Pattern("addtoany-share", r"addtoany\.com/(?:share|add_to)", "https://www.addtoany.com/share#url=x"),
    Pattern("wordpress-share-param", r"[?&]share=(?:email|twitter|facebook|reddit|pocket|telegram|jetpack-whatsapp|"
            r"linkedin|tumblr|pinterest|print)\b", "https://example.org/post/?share=twitter"),
]

# --- Whole-text patterns ------------------------------------------------------------------------
# Matched against the WHOLE whitespace-collapsed text of a block element (sanitise) and of a
# paragraph or line (to_text), case-insensitively. Prose that merely contains these words is kept.
_TIME = r"[^.!?]{0,40}\d[^.!?]{0,40}"
TEXT_PATTERNS: list[Pattern] = [
    Pattern("wordpress-entry-utility",
            r"(?:this entry was posted|dieser (?:eintrag|beitrag) wurde (?:am .{1,60} )?(?:in|unter)|cette entrée a été publiée)"
            r".{0,400}(?:bookmark the permalink|permalink|lesezeichen|marque-page)[^.]{0,40}\.?",
            "This entry was posted in Policy and tagged volunteering. Bookmark the permalink."),
    Pattern("bookmark-permalink", r"bookmark the permalink\.?|setze ein lesezeichen auf den permalink\.?",
            "Bookmark the permalink."),
    Pattern("wordpress-posted-in",
            r"posted in [^.!?]{1,200}?\s*\|?\s*(?:leave a comment|\d+ comments?|one comment|comments (?:off|closed))"
            r"(?: on [^.!?]{0,200})?", "Posted in Campaigns | Leave a comment"),
    Pattern("blogger-posted-by", r"(?:posted by|eingestellt von|publié par|posté par|postiwyd gan)\s+[^.!?]{1,80}?\s+"
            r"(?:at|um|à|on|am|le|ar)\s+" + _TIME, "Posted by Jo Bloggs at 10:15 AM"),
    Pattern("comments-count-header",
            r"(?:\d+|no|one|keine|ein|aucun|un|dim) ?(?:comments?|kommentare?|commentaires?|sylw(?:adau)?)\s*:?",
            "4 comments:"),
    Pattern("comments-closed",
            r"(?:comments are (?:now )?closed|comments closed|commenting is closed|comments are disabled|"
            r"kommentare sind (?:geschlossen|deaktiviert)|die kommentarfunktion ist (?:geschlossen|deaktiviert)|"
            r"les commentaires sont fermés|commentaires fermés|mae sylwadau ar gau|sylwadau ar gau)\.?",
            "Comments are closed."),
    Pattern("blogger-share-links",
            r"(?:\s*(?:email this|blogthis!|share to (?:twitter|x|facebook|pinterest)|diesen post per e-mail versenden|"
            r"auf twitter freigeben|in facebook freigeben|auf pinterest teilen|envoyer par e-mail|"
            r"partager sur (?:twitter|facebook|pinterest)|e-bostio hwn|rhannu i (?:twitter|facebook|pinterest)))+",
            "Email ThisBlogThis!Share to TwitterShare to FacebookShare to Pinterest"),
    Pattern("share-label",
            r"(?:share|share this|share this post|share this article|share this page|share button|share on|"
            r"teilen|teilen mit|diesen artikel teilen|diese seite empfehlen|partager|partager ceci|rhannu|rhannwch)\s*:?\s*"
            r"(?:(?:twitter|x|facebook|linkedin|email|e-mail|print|pinterest|whatsapp|reddit|tumblr|pocket|telegram|"
            r"mastodon|bluesky|threads|more|mehr|drucken)\s*,?\s*)*",
            "Share this:"),
    Pattern("click-to-share", r"click to (?:share|email|print) (?:on |this )?[^.!?]{0,40}(?:\(opens in new window\))?",
            "Click to share on Twitter (Opens in new window)"),
    Pattern("jetpack-like",
            r"(?:like this|gefällt mir|j'aime|j’aime)\s*:?\s*(?:(?:like|gefällt mir|j'aime|j’aime)\s*)?"
            r"(?:loading\.*|wird geladen\s*(?:\.\.\.|…)?|chargement\s*(?:\.\.\.|…)?)?",
            "Like this: Like Loading..."),
    Pattern("related-heading",
            r"(?:related|related posts|related articles|you may also like|you might also like|ähnliche beiträge|"
            r"ähnliche artikel|verwandte artikel|articles similaires|sur le même sujet|like this\? read more)\s*:?",
            "Related posts"),
    Pattern("blogger-labels", r"(?:labels|etiketten|libellés|tags|schlagwörter|schlagworte|mots-clés|labeli)"
            r"\s*:\s*[^.!?:]{1,300}", "Labels: volunteering, funding"),
    Pattern("blogger-comment-form",
            r"post a comment|kommentar veröffentlichen|publier un commentaire|postio sylw|"
            r"subscribe to: post comments \(atom\)|abonnieren kommentare zum post \(atom\)|"
            r"s'abonner à : publier les commentaires \(atom\)|links to this post|links zu diesem post|"
            r"liens vers ce message|create a link|leave a comment|add comment|add a comment|"
            r"kommentar schreiben|laisser un commentaire",
            "Post a Comment"),
    Pattern("back-to-listing",
            r"(?:[←«‹<]\s*)?(?:back to (?:all )?(?:posts|news|articles|the blog|blog|overview|top)|"
            r"zurück zu(?:r)? (?:allen )?(?:meldungen|beiträgen|artikeln|übersicht|nachrichten)|zurück|"
            r"retour (?:aux actualités|à la liste|à l'accueil))\s*[→»›>]?", "Zurück zu allen Meldungen"),
    Pattern("tweet-pin-buttons", r"(?:tweet|pin it|pin|share on x|whatsapp|e-?mail this|print this(?: (?:post|page|article))?)",
            "Tweet"),
]

CLASS_RES = [(p.name, re.compile(p.regex, re.I)) for p in CLASS_PATTERNS]
PROTECTED_CLASS_RES = [(p.name, re.compile(p.regex, re.I)) for p in PROTECTED_CLASS_PATTERNS]
SHARE_LINK_HREF_RES = [(p.name, re.compile(p.regex, re.I)) for p in SHARE_LINK_HREF_PATTERNS]
TEXT_RES = [(p.name, re.compile(p.regex, re.I | re.S)) for p in TEXT_PATTERNS]

_CLASS_ANY = re.compile("|".join(f"(?:{p.regex})" for p in CLASS_PATTERNS), re.I)
_PROTECTED_ANY = re.compile("|".join(f"(?:{p.regex})" for p in PROTECTED_CLASS_PATTERNS), re.I)
_HREF_ANY = re.compile("|".join(f"(?:{p.regex})" for p in SHARE_LINK_HREF_PATTERNS), re.I)
_TEXT_ANY = re.compile("|".join(f"(?:{p.regex})" for p in TEXT_PATTERNS), re.I | re.S)

MAX_BOILERPLATE_TEXT = 600
"""Longer texts are never boilerplate by the whole-text patterns (saves work, protects long prose)."""


def is_boilerplate_token(token: str) -> bool:
    """True when a single class token or id names a boilerplate widget (and is not a taxonomy marker)."""
    if not token or _PROTECTED_ANY.fullmatch(token):
        return False
    return _CLASS_ANY.fullmatch(token) is not None


def is_share_href(href: str | None) -> bool:
    """True when a link target is a share/post-to-social-network endpoint."""
    return bool(href) and _HREF_ANY.search(href) is not None


def is_boilerplate_text(text: str) -> bool:
    """True when a whitespace-collapsed text is, as a whole, boilerplate (e.g. '4 comments:')."""
    text = text.strip()
    if not text or len(text) > MAX_BOILERPLATE_TEXT:
        return False
    return _TEXT_ANY.fullmatch(text) is not None


def matching_text_pattern(text: str) -> str | None:
    """Name of the first whole-text pattern matching text, or None (for diagnostics and tests)."""
    text = text.strip()
    return next((name for name, rx in TEXT_RES if rx.fullmatch(text)), None)
