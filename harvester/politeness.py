"""The User-Agent names the project and, through the CONTACT setting, who runs the crawl; warns without one.

``USER_AGENT`` in settings.py is a template: ``{version}``, ``{project_url}`` and ``{contact}`` are filled
in when the crawler starts (``-s CONTACT=archive@example.org``). Without a contact the crawl still runs, with
a warning: site owners then have only the project's URL to complain to. A ``-s USER_AGENT=…`` given on the
command line is used as it is.
"""
from __future__ import annotations

import logging

from normalise import __version__

log = logging.getLogger(__name__)

NO_CONTACT_WARNING = ("no CONTACT set: the User-Agent names only the project, so site owners cannot reach whoever "
                      "runs this crawl; add -s CONTACT=you@example.org (an e-mail address or URL)")


def user_agent(template: str, contact: str, project_url: str) -> str:
    """The User-Agent for a template: the contact part is left out when there is no contact."""
    contact = (contact or "").strip()
    text = template.format(version=__version__, project_url=project_url, contact=contact)
    return text.replace("; contact: )", ")") if not contact else text


def settings_user_agent(settings) -> str:
    """The User-Agent the settings give (the template filled in), for commands that fetch outside a crawl."""
    template = settings.get("USER_AGENT") or ""
    if "{" not in template:
        return template
    return user_agent(template, settings.get("CONTACT") or "", settings.get("PROJECT_URL") or "")


class UserAgentAddon:
    """Fills the USER_AGENT template from CONTACT (unless USER_AGENT was given on the command line)."""

    def update_settings(self, settings) -> None:
        template = settings.get("USER_AGENT") or ""
        if "{" not in template:
            return   # a literal User-Agent given by the user
        if not (settings.get("CONTACT") or "").strip():
            log.warning(NO_CONTACT_WARNING)
        settings.set("USER_AGENT", settings_user_agent(settings), priority=settings.getpriority("USER_AGENT"))
