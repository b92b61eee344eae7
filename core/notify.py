"""Telling staff something: notify() gives each recipient a message in their 消息 and an
e-mail. The inbox app delivers them and registers itself as the one deliverer
(inbox/apps.py), so that the workflow (news) and the apps beside inbox tell people without
importing it. What delivery guarantees (in the caller's transaction; e-mails after the
commit) is said in inbox.delivery."""

from .hooks import Hook

delivery = Hook("notification delivery", single=True)


def notify(recipients, *, subject, text, link=""):
    """Tell each of recipients (users; each once). link is a path on this site."""
    return delivery(recipients, subject=subject, text=text, link=link)
