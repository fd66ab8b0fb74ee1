"""Content of the mock 'Eastbrook Volunteer Centre' Blogger blog (2006-2012, invented for these tests).

One description drives every rendering (three template families, the JSON feeds, the sitemap) and the
expected values of the crawl tests: nothing expected is read back from a crawl.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Europe/London")
SITE_NAME = "Eastbrook Volunteer Centre"
BLOG_ID = "7040381100000000001"
AUTHORS = {"ruth": ("Ruth Palmer", "https://www.blogger.com/profile/10440000000000000001"),
           "dev": ("Dev Mistry", "https://www.blogger.com/profile/10440000000000000002")}
JANET = ("Janet F", "https://www.blogger.com/profile/10440000000000000077")
SPAM_TEXT = "Great article thanks, visit my site for cheap garden sheds"
# Blogger shows at most this many comments on one post page; the rest are on ?commentPage=2, 3…
COMMENTS_PER_PAGE = 200


@dataclass
class Comment:
    id: str
    author: tuple[str, str | None]     # (name, profile URL or None)
    local: str                         # site-local time 'YYYY-MM-DD HH:MM'
    text: str
    parent: str | None = None          # id of the comment replied to (threaded comments)
    repeat_of: str | None = None       # the same comment posted twice: normalise keeps the first only

    @property
    def when(self) -> datetime:
        return datetime.fromisoformat(self.local).replace(tzinfo=TIMEZONE)

    @property
    def epoch_ms(self) -> int:
        return int(self.when.timestamp() * 1000)


@dataclass
class Post:
    id: str
    slug: str
    title: str
    local: str                         # site-local publication time 'YYYY-MM-DD HH:MM'
    author: str
    labels: list[str]
    paragraphs: list[str]
    comments: list[Comment] = field(default_factory=list)
    edited: str | None = None          # site-local time of a later edit (the feed's 'updated'), if any

    @property
    def when(self) -> datetime:
        return datetime.fromisoformat(self.local).replace(tzinfo=TIMEZONE)

    @property
    def updated(self) -> datetime:
        if self.edited:
            return datetime.fromisoformat(self.edited).replace(tzinfo=TIMEZONE)
        return self.when + timedelta(days=1, minutes=7)

    @property
    def path(self) -> str:
        return f"/{self.local[:4]}/{self.local[5:7]}/{self.slug}.html"

    def kept_comments(self) -> list[Comment]:
        """The comments an archive keeps (the second copy of a comment posted twice is removed)."""
        return [c for c in self.comments if c.repeat_of is None]


def _many_comments(post_id: str, start: str, n: int) -> list[Comment]:
    """A long flat discussion (more than one comment page): distinct readers and texts, 40 minutes apart."""
    names = ["Anonymous", "Sam Q", "Laura B", "Mo Hassan", "Pete W", "Aisha N", "Colin R"]
    first = datetime.fromisoformat(start)
    return [Comment(id=f"{post_id[:-4]}{5000 + i:04d}", author=(names[i % len(names)], None),
                    local=(first + timedelta(minutes=40 * i)).strftime("%Y-%m-%d %H:%M"),
                    text=f"Count me in for befriending round {i + 1}: I can do weekday mornings.")
            for i in range(n)]


def sample_posts() -> list[Post]:
    """Every public post, newest first (as the blog shows them)."""
    posts = [
        Post("8800000000000000009", "closing-this-blog-we-have-moved", "Closing this blog: we have moved",
             "2012-12-20 16:00", "ruth", ["news"],
             ["After six years we are moving our news to the new Eastbrook website.",
              "Thank you to everyone who read, commented and volunteered."],
             [Comment("4100000000000000901", JANET, "2012-12-20 17:30", "Good luck with the new site!"),
              Comment("4100000000000000902", ("Dev Mistry", AUTHORS["dev"][1]), "2012-12-20 18:02",
                      "Thank you Janet, see you at the centre.", parent="4100000000000000901"),
              Comment("4100000000000000903", ("Anonymous", None), "2012-12-21 09:15", "Will the old posts stay up?")]),
        Post("8800000000000000008", "summer-of-volunteering", "Summer of volunteering", "2011-07-09 10:00", "dev",
             ["volunteering"], ["Forty-two new volunteers joined us this summer, most of them students."]),
        Post("8800000000000000007", "funding-cuts-our-response", "Funding cuts: our response to the council",
             "2010-02-18 13:45", "ruth", ["policy", "funding"],
             ["The council proposes to cut the infrastructure grant by a third.",
              "We have written to every councillor; our response is below."],
             [Comment("4100000000000000701", ("Mo Hassan", None), "2010-02-18 15:00",
                      "Which services would close first?"),
              Comment("4100000000000000702", (AUTHORS["ruth"][0], AUTHORS["ruth"][1]), "2010-02-18 16:20",
                      "The evening drop-in, sadly, unless we find other money.", parent="4100000000000000701")]),
        Post("8800000000000000006", "befriending-scheme-needs-you", "Befriending scheme needs you",
             "2009-11-05 12:00", "dev", ["volunteering", "befriending"],
             ["Our befriending scheme pairs volunteers with older people living alone.",
              "Leave a comment to say you are interested and we will be in touch."],
             _many_comments("8800000000000000006", "2009-11-05 13:00", 230)),
        Post("8800000000000000005", "photos-from-the-open-day", "Photos from the open day", "2008-09-27 18:45", "dev",
             ["events"], ["Here are a few photos from today's open day. Thank you to all who came."],
             [Comment("4100000000000000501", JANET, "2008-09-28 08:10", "Lovely photos, what a turnout.")]),
        Post("8800000000000000004", "saturday-drop-in-what-we-heard", "Saturday drop-in: what we heard",
             "2008-09-27 14:30", "ruth", ["drop-in"],
             ["Twelve people came to the Saturday drop-in, most asking about volunteering with young people."]),
        Post("8800000000000000003", "trustee-recruitment-evening", "Trustee recruitment evening",
             "2008-09-27 10:15", "ruth", ["trustees", "events"],
             ["We are holding a trustee recruitment evening on 14 October for anyone thinking of joining a board.",
              "Local charities will be there to talk about their vacancies."],
             [Comment("4100000000000000301", JANET, "2008-09-28 09:03", "Is there parking at the centre?"),
              Comment("4100000000000000302", JANET, "2008-09-28 09:04", "Is there parking at the centre?",
                      repeat_of="4100000000000000301"),
              Comment("4100000000000000303", ("Anonymous", None), "2008-10-02 01:12", SPAM_TEXT),
              Comment("4100000000000000304", ("Laura B", None), "2008-10-03 19:40",
                      "Thank you, I have signed up for the evening.")]),
        Post("8800000000000000002", "volunteers-week-thank-you", "Volunteers' Week: thank you",
             "2007-06-02 09:05", "ruth", ["volunteering", "events"],
             ["This week we celebrate the 300 volunteers who give their time through the centre."],
             [Comment("4100000000000000201", JANET, "2007-06-02 11:30", "Proud to be one of them!"),
              Comment("4100000000000000202", (AUTHORS["ruth"][0], AUTHORS["ruth"][1]), "2007-06-02 12:10",
                      "And we are proud to have you, Janet.", parent="4100000000000000201"),
              Comment("4100000000000000203", ("Dev Mistry", AUTHORS["dev"][1]), "2007-06-03 08:00",
                      "The tea party is on Friday at 3pm."),
              Comment("4100000000000000204", JANET, "2007-06-03 10:45", "I'll bring scones.",
                      parent="4100000000000000202")]),
        Post("8800000000000000001", "welcome-to-our-new-blog", "Welcome to our new blog", "2006-03-14 11:20", "ruth",
             ["news"], ["Welcome to the Eastbrook Volunteer Centre blog. We will post news, vacancies and events here."],
             [Comment("4100000000000000101", JANET, "2006-03-14 19:02", "Welcome to the blogosphere!")]),
    ]
    return sorted(posts, key=lambda p: p.when, reverse=True)
