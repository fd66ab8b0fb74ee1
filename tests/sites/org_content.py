"""The invented content of the mock organisation site: Riverbank Food Network, a food-poverty charity whose news
and blog section (/news/) runs on a Drupal-like CMS. The tests' expected values come from here."""
from __future__ import annotations

from dataclasses import dataclass, field

SITE_NAME = "Riverbank Food Network"
BLOG_PATH = "/news/"
PER_PAGE = 2   # teasers on each listing page (?page=0, 1, 2 in Drupal's zero-based paging)


@dataclass(frozen=True)
class Comment:
    id: str
    author: str
    when: str            # ISO 8601 with offset
    text: str
    parent: str | None = None


@dataclass(frozen=True)
class Post:
    slug: str
    title: str
    author: str
    when: str            # ISO 8601 with offset
    paragraphs: tuple[str, ...]
    tags: tuple[str, ...] = ()
    comments: tuple[Comment, ...] = ()
    listed: bool = True          # on the /news/ listing pages
    in_feed: bool = False        # in /news/rss.xml
    in_sitemap: bool = True

    @property
    def path(self) -> str:
        return f"{BLOG_PATH}{self.slug}"


@dataclass(frozen=True)
class Note:
    """A short post shown in full on a digest page, with no permalink of its own (only an anchor)."""

    anchor: str
    title: str
    author: str
    when: str
    paragraphs: tuple[str, ...]


DIGEST_PATH = f"{BLOG_PATH}digest/spring-2024"
DIGEST_NOTES = (
    Note("note-allotments", "Allotment growers join the network", "Hollie Grant", "2024-04-03T10:00:00+01:00",
         ("Four allotment societies along the river now give their surplus produce every Saturday morning.",
          "Last month that meant three hundred kilograms of fresh vegetables for the pantry shelves.")),
    Note("note-van", "Our second delivery van is on the road", "Marek Nowak", "2024-04-17T15:30:00+01:00",
         ("Thanks to a grant from the county community foundation we bought a second refrigerated van.",
          "It doubles the number of sheltered housing schemes we can reach on a weekday.")),
)


def sample_posts() -> list[Post]:
    """Newest first, as the listing shows them."""
    return [
        Post("school-holiday-meals", "Holiday meals for two hundred children", "Hollie Grant",
             "2024-03-28T09:15:00+00:00",
             ("During the Easter holidays our kitchens will cook a hot lunch every weekday for children who "
              "normally receive free school meals.",
              "Families can book a place at any of the five community centres; no referral is needed.",
              "We are still looking for volunteer cooks with a food hygiene certificate."),
             tags=("holiday-hunger",), in_feed=True),
        Post("community-fridge-opens", "The community fridge opens on Mill Street", "Marek Nowak",
             "2024-02-14T11:00:00+00:00",
             ("Our first community fridge opened on Mill Street this morning, stocked by three supermarkets and "
              "a bakery.",
              "Anyone may take food from it; nobody is asked any questions.",
              "The fridge is cleaned and checked twice a day by a rota of volunteers."),
             tags=("food-poverty",), in_feed=True,
             comments=(
                 Comment("comment-101", "Janet Ellis", "2024-02-14T13:05:00+00:00",
                         "Brilliant news. Will you accept home-grown vegetables?"),
                 Comment("comment-102", "Marek Nowak", "2024-02-14T14:20:00+00:00",
                         "Yes, as long as they are washed and labelled with the day they were picked.",
                         parent="comment-101"),
                 Comment("comment-103", "Janet Ellis", "2024-02-14T15:45:00+00:00",
                         "Thank you, I will bring courgettes on Saturday.", parent="comment-102"),
                 Comment("comment-104", "Owen Price", "2024-02-15T08:10:00+00:00",
                         "Is the fridge open at weekends too?"),
                 Comment("comment-105", "Hollie Grant", "2024-02-15T09:00:00+00:00",
                         "It is open every day from eight in the morning until eight at night.",
                         parent="comment-104"),
             )),
        Post("trustees-annual-report", "Our trustees' annual report for 2023", "Priya Shah",
             "2024-01-22T16:40:00+00:00",
             ("The trustees have published the annual report and accounts for the year to December 2023.",
              "We distributed the equivalent of 412,000 meals, a rise of a third on the year before.",
              "The report thanks the 640 volunteers who gave more than 52,000 hours."),
             tags=("governance",), in_feed=True),
        Post("volunteer-week", "Volunteers' week: meet the Tuesday sorting team", "Hollie Grant",
             "2023-12-05T10:30:00+00:00",
             ("Every Tuesday a team of twelve volunteers sorts the donations that arrive from collection points.",
              "Some of them have come every week since the network began in 2016.",
              "Their work means each food parcel holds a balanced mix of tins, fresh food and toiletries."),
             tags=("volunteering",)),
        Post("winter-appeal-2023", "Our winter appeal: warm food, warm homes", "Priya Shah",
             "2023-11-20T09:30:00+00:00",
             ("This winter we aim to raise enough to provide hot meals and energy vouchers for 900 households.",
              "Every donation of twenty pounds pays for a week of hot meals for one family.",
              "Local businesses can match their staff's donations through our workplace scheme."),
             tags=("food-poverty",)),
        Post("allotment-partnership", "A new partnership with the allotment federation", "Marek Nowak",
             "2023-10-09T12:00:00+01:00",
             ("We have signed a partnership with the county allotment federation to collect surplus produce.",
              "Growers can drop their surplus at six collection points on Saturday mornings."),
             listed=False),
        Post("ask-a-nutritionist", "Ask a nutritionist: cooking on a budget", "Priya Shah",
             "2023-09-18T14:00:00+01:00",
             ("Our volunteer nutritionist answers the questions our visitors ask most often about cheap meals.",
              "Lentils, oats and frozen vegetables are cheap, keep well and make many different dishes."),
             listed=False, in_feed=True, in_sitemap=False),
    ]
