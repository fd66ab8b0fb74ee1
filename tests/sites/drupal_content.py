"""The invented content of the mock Drupal site: Calder Valley Advice Centre, a debt-advice charity whose blog (/blog/)
runs on Drupal 7 or 10. One post has a long comment thread that Drupal splits over three ?page=N pages, with replies
whose parent is on the page before. The tests' expected values come from here."""
from __future__ import annotations

from dataclasses import dataclass

SITE_NAME = "Calder Valley Advice Centre"
BLOG_PATH = "/blog/"
PER_PAGE = 2            # teasers per blog listing page (?page=0, 1)
COMMENTS_PER_PAGE = 4   # Drupal's "comments per page" setting of the blog content type


@dataclass(frozen=True)
class Comment:
    cid: int
    author: str
    when: str            # ISO 8601 with offset
    text: str
    parent: int | None = None


@dataclass(frozen=True)
class Post:
    nid: int
    slug: str
    title: str
    author: str
    when: str
    paragraphs: tuple[str, ...]
    comments: tuple[Comment, ...] = ()
    listed: bool = True            # on the /blog/ listing pages
    sitemap: str | None = None     # 'blog' (the gzipped sitemap of the index), 'extra' (the second robots.txt line)

    @property
    def path(self) -> str:
        return f"{BLOG_PATH}{self.slug}"


def _c(cid: int, author: str, day: int, hour: int, text: str, parent: int | None = None) -> Comment:
    return Comment(cid, author, f"2024-03-{day:02d}T{hour:02d}:00:00+00:00", text, parent)


# Thread order (Drupal's vancode order), 11 comments, 4 per page:
#   page 0: 201, 202 (reply to 201), 203, 204 (reply to 203)
#   page 1: 205 (reply to 203, whose parent is on page 0), 206 (reply to 205), 207, 208 (reply to 207)
#   page 2: 209 (reply to 208, a second-level reply whose parent is on page 1), 210, 211 (reply to 210)
THREAD = (
    _c(201, "Dafydd Rees", 4, 9, "Does the new breathing space scheme cover council tax arrears?"),
    _c(202, "Sian Morgan", 4, 11, "Yes, council tax arrears are covered for the sixty days.", parent=201),
    _c(203, "Oliver Grant", 5, 8, "How long does a referral from the food bank take to reach you?"),
    _c(204, "Sian Morgan", 5, 10, "Usually two working days; call us if it is urgent.", parent=203),
    _c(205, "Oliver Grant", 5, 14, "Thanks. Can I ring on a Saturday morning instead?", parent=203),
    _c(206, "Sian Morgan", 5, 16, "The phone line is open on Saturdays from nine until noon.", parent=205),
    _c(207, "Bethan Lloyd", 6, 9, "Is the drop-in session at the library still running in April?"),
    _c(208, "Aled Hughes", 6, 12, "It moved to the community hall on Church Street in March.", parent=207),
    _c(209, "Bethan Lloyd", 6, 15, "Is the community hall step-free for wheelchair users?", parent=208),
    _c(210, "Megan Price", 7, 10, "Thank you for the clear explanation of the scheme."),
    _c(211, "Sian Morgan", 7, 12, "You are welcome; share it with anyone who might need it.", parent=210),
)


def sample_posts() -> list[Post]:
    """Newest first, as the listing shows them."""
    return [
        Post(31, "breathing-space-explained", "Breathing space, explained", "Sian Morgan",
             "2024-03-04T08:30:00+00:00",
             ("The breathing space scheme pauses most enforcement action on debts for sixty days.",
              "During that time interest and charges are frozen while an adviser works out a plan with you.",
              "Anyone can apply through a debt adviser; there is no fee and no minimum debt."),
             comments=THREAD),
        Post(30, "energy-bills-winter", "Help with energy bills this winter", "Aled Hughes",
             "2024-01-15T10:00:00+00:00",
             ("Suppliers must offer a payment plan you can afford before they fit a prepayment meter.",
              "Our advisers can check whether you qualify for the warm home discount.")),
        Post(29, "volunteer-advisers", "We are training new volunteer advisers", "Megan Price",
             "2023-11-02T12:00:00+00:00",
             ("Twelve volunteers begin the accredited debt-advice course in January.",
              "The course lasts ten weeks and we pay every travel cost.")),
        Post(28, "annual-review-2023", "Our annual review for 2023", "Sian Morgan",
             "2023-10-20T09:00:00+00:00",
             ("Last year our advisers helped 1,840 households deal with debts totalling four million pounds.",
              "Two thirds of the people we saw were in work.")),
        Post(27, "court-forms-guide", "A guide to the county court forms", "Aled Hughes",
             "2023-06-12T14:00:00+01:00",
             ("If you receive a county court claim form you have fourteen days to respond.",
              "The reply pack explains how to admit, defend or propose repayments."),
             listed=False, sitemap="blog"),
        Post(26, "debt-relief-orders", "Debt relief orders after the fee was abolished", "Megan Price",
             "2023-04-03T11:00:00+01:00",
             ("Since April there is no fee to apply for a debt relief order.",
              "The debt limit has also risen to fifty thousand pounds."),
             listed=False, sitemap="extra"),
    ]
