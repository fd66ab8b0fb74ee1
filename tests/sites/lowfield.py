"""Content of the mock 'Lowfield Voluntary Action' blog (invented for these tests), and a scaled-up generator."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Europe/London")
SITE_NAME = "Lowfield Voluntary Action"
USERS = {2: "Priya Shah", 3: "Tom Okafor"}
CATEGORIES = {4: ("Funding", "funding"), 5: ("Volunteering", "volunteering"), 6: ("Policy", "policy")}
TAGS = {7: ("grants", "grants"), 8: ("small charities", "small-charities"), 9: ("trustees", "trustees")}
# Markers of things a public visitor never sees: none may reach the output.
SECRET = "SECRET"


@dataclass
class Comment:
    id: int
    author: str
    date: str                      # site-local time, as WordPress stores 'date'
    text: str
    parent: int = 0
    url: str = ""
    type: str = "comment"
    status: str = "approved"       # 'hold' and 'spam' are never public


@dataclass
class Post:
    id: int
    slug: str
    title: str
    date: str
    author: int
    paragraphs: list[str]
    categories: list[int] = field(default_factory=list)
    tags: list[int] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    type: str = "post"
    status: str = "publish"
    comment_status: str = "open"

    @property
    def public(self) -> bool:
        return self.status == "publish"

    @property
    def path(self) -> str:
        if self.type == "page":
            return f"/{self.slug}/"
        return f"/{self.date[:4]}/{self.date[5:7]}/{self.slug}/"

    def public_comments(self) -> list[Comment]:
        return [c for c in self.comments if c.status == "approved"]


def gmt(local: str) -> str:
    """WordPress 'date_gmt' for a site-local 'date'."""
    moment = datetime.fromisoformat(local).replace(tzinfo=TIMEZONE)
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%S")


def offset(local: str) -> str:
    """The ISO 8601 local time with its UTC offset, as themes print in time@datetime."""
    return datetime.fromisoformat(local).replace(tzinfo=TIMEZONE).isoformat()


def _thanks() -> list[Comment]:
    """Volunteer Week: enough threads for three HTML comment pages and three REST pages; the newest comment is
    a reply to the oldest one, so in the API (newest first) it comes pages before its parent."""
    names = ["Alan Reeve", "Bea Mensah", "Carys Lloyd", "Dan Whitfield", "Esme Clarke", "Farid Haddad",
             "Gwen Morris", "Hal Benson"]
    out = [Comment(40 + i, name, f"2021-06-0{2 + i // 2}T{9 + i:02d}:15:00",
                   f"Thank you from {name}: volunteering at the food bank changed my year ({i + 1}).")
           for i, name in enumerate(names)]
    out.append(Comment(50, "Priya Shah", "2021-06-05T08:00:00", "Thanks Bea, see you at the next induction.",
                       parent=41))
    out.append(Comment(51, "Alan Reeve", "2021-06-09T18:45:00", "Coming back to say the induction was great.",
                       parent=40))
    out.append(Comment(52, "Priya Shah", "2021-06-10T09:05:00", "Glad to hear it, Alan!", parent=51))
    return out


def sample_posts() -> list[Post]:
    """The small hand-written blog every crawl test reads."""
    return [
        Post(11, "unrestricted-funding-what-small-charities-told-us",
             "Unrestricted funding: what small charities told us", "2021-06-14T10:30:00", 2,
             ["We asked forty small charities in Lowfield what a grant without strings would change.",
              "Most said the same thing: they would keep the lights on and pay for the training nobody funds."],
             categories=[4, 6], tags=[7, 8],
             comments=[Comment(21, "Margaret Hale", "2021-06-14T12:02:00",
                               "Our lunch club would finally have a reserve for the boiler."),
                       Comment(22, "Priya Shah", "2021-06-14T13:40:00", "Thanks Margaret, that story is in the report.",
                               parent=21),
                       Comment(23, "Dev Patel", "2021-06-15T08:11:00", "Core costs are the hardest ask, every time."),
                       Comment(24, "Held Back", "2021-06-15T09:00:00", f"HELD-{SECRET} awaiting moderation",
                               status="hold"),
                       Comment(25, "Cheap Pills", "2021-06-15T09:30:00", f"SPAM-{SECRET} buy now", status="spam")]),
        Post(12, "volunteer-week-2021-thank-you", "Volunteer Week 2021: thank you", "2021-06-01T09:00:00", 3,
             ["To every one of the 1,200 volunteers who gave their time this year: thank you.",
              "Tell us below what volunteering meant to you."], categories=[5], comments=_thanks()),
        Post(13, "consultation-response-civil-society-covenant", "Consultation response: the Civil Society Covenant",
             "2021-02-03T16:20:00", 2, ["Our response argues for multi-year funding and fair payment terms."],
             categories=[6], comment_status="closed"),
        Post(14, "trustee-recruitment-toolkit", "Trustee recruitment toolkit", "2020-11-20T11:00:00", 3,
             ["Finding trustees with the right skills is hard; this toolkit walks through a fair process."],
             categories=[5], tags=[9],
             comments=[Comment(31, "Lena Fox", "2020-11-21T10:10:00", "The role description template is a gift."),
                       Comment(32, "Rural Action Blog", "2020-11-22T07:30:00", "[…] see Lowfield's toolkit […]",
                               url="https://rural-action.example.org/trustees/", type="pingback")]),
        Post(15, "annual-general-meeting-2020", "Annual general meeting 2020", "2020-10-05T18:00:00", 2,
             ["The AGM met online this year; minutes and accounts are attached."], categories=[6],
             comments=[Comment(35, "Zoë Ångström", "2020-10-06T09:00:00", "Merci — the café vote was the highlight.")]),
        Post(16, "draft-plans", f"DRAFT-{SECRET} plans for next year", "2021-07-01T09:00:00", 2,
             [f"DRAFT-{SECRET} not ready"], status="draft"),
        Post(5, "about", "About Lowfield Voluntary Action", "2019-01-10T12:00:00", 2,
             ["We support charities, community groups and volunteers across Lowfield."], type="page",
             comments=[Comment(60, "Sam Ortiz", "2019-02-01T15:00:00", "Do you run DBS checks for groups?")]),
    ]


def generated_posts(n_posts: int, seed: int = 7) -> list[Post]:
    """A bigger blog of the same shape for the benchmark: n posts, 0-12 comments each, some threaded."""
    rng = random.Random(seed)
    start = datetime(2015, 1, 5, 9, 0)
    posts: list[Post] = []
    next_comment = 1000
    for i in range(n_posts):
        date = start + timedelta(days=3 * i, minutes=rng.randrange(600))
        comments: list[Comment] = []
        for j in range(rng.randrange(13)):
            parent = comments[rng.randrange(len(comments))].id if comments and rng.random() < 0.3 else 0
            when = date + timedelta(hours=j + 1)
            comments.append(Comment(next_comment, f"Reader {rng.randrange(500)}", when.isoformat(timespec="seconds"),
                                    f"Comment {next_comment} on post {i}: " + "useful point " * rng.randrange(3, 30),
                                    parent=parent))
            next_comment += 1
        words = " ".join(rng.choice(["charity", "funding", "volunteers", "community", "trustees", "policy",
                                     "grant", "impact", "report", "local"]) for _ in range(rng.randrange(80, 400)))
        posts.append(Post(100 + i, f"generated-post-{i}", f"Generated post {i}", date.isoformat(timespec="seconds"),
                          2 + i % 2, [words[k:k + 400] for k in range(0, len(words), 400)],
                          categories=[4 + i % 3], tags=[7 + i % 3], comments=comments))
    return posts
