"""The compliance clock: for every column in the navigation, how long since its last public
article and how long before it counts as stale; the blank columns; the home page's freshness;
and whether any of the inspection's veto thresholds (单项否决) is reached or close.

Public means Article.objects.published(), the site's one definition; hidden columns are not
in the navigation, so an inspector does not see them and they do not count."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def limits():
    """The home page's period, the veto thresholds and the warning window: settings.COMPLIANCE
    (caiqiao/settings.py, where each is explained)."""
    return settings.COMPLIANCE


class State:
    OK = "ok"
    SOON = "soon"
    STALE = "stale"
    BLANK = "blank"


STATE_LABELS = {
    State.OK: _("正常"),
    State.SOON: _("即将超期"),
    State.STALE: _("已超期"),
    State.BLANK: _("空白栏目"),
}


@dataclass
class ColumnClock:
    column: object
    last_published: object  # the newest public article's publish time, or None
    days_since: int | None
    days_left: int | None  # None: no period, or blank
    state: str
    long_stale: bool

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def days_over(self):
        """How many days past its period (0 when not)."""
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


@dataclass
class Clock:
    now: object
    columns: list
    home_last: object
    home_days_since: int | None
    home_days_left: int | None
    limits: dict

    def of_state(self, state):
        return [clock for clock in self.columns if clock.state == state]

    @property
    def stale(self):
        return self.of_state(State.STALE)

    @property
    def soon(self):
        return self.of_state(State.SOON)

    @property
    def blank(self):
        return self.of_state(State.BLANK)

    @property
    def long_stale(self):
        return [clock for clock in self.columns if clock.long_stale]

    @property
    def home_state(self):
        if self.home_last is None or self.home_days_left < 0:
            return State.STALE
        return State.SOON if self.home_days_left <= self.limits["WARNING_DAYS"] else State.OK

    def vetoes(self):
        """The veto thresholds reached, in plain Chinese (empty when none)."""
        return [text for _key, text in self.veto_items()]

    def veto_items(self):
        """(key, text) of each veto threshold reached: the key names the threshold (home,
        STALE_COLUMNS, ...), the text says it with today's numbers."""
        found, limit = [], self.limits
        if self.home_state == State.STALE:
            found.append(
                ("HOME_DAYS", _("首页超过 %(days)s 天没有更新") % {"days": limit["HOME_DAYS"]})
            )
        counted = [
            (self.stale, "STALE_COLUMNS",
             _("%(count)s 个栏目超过更新期限（达到 %(limit)s 个即单项否决）")),
            (self.long_stale, "LONG_STALE_COLUMNS",
             _("%(count)s 个栏目一年以上没有更新（达到 %(limit)s 个即单项否决）")),
            (self.blank, "BLANK_COLUMNS", _("%(count)s 个空白栏目（达到 %(limit)s 个即单项否决）")),
        ]  # fmt: skip
        for columns, threshold, text in counted:
            if len(columns) >= limit[threshold]:
                found.append((threshold, text % {"count": len(columns), "limit": limit[threshold]}))
        return found

    def warnings(self):
        """What will go stale within the warning window, in plain Chinese."""
        found = [
            _("“%(column)s”还有 %(days)s 天超期")
            % {"column": clock.column, "days": clock.days_left}
            for clock in self.soon
        ]
        if self.home_state == State.SOON:
            found.insert(0, _("首页还有 %(days)s 天超过两周未更新") % {"days": self.home_days_left})
        return found


def _days_between(earlier, later):
    return (timezone.localdate(later) - timezone.localdate(earlier)).days


def read_clock(now=None):
    """The clock now (two queries: the columns with their newest public article, the home
    page's newest)."""
    from news.models import Article, Column

    now = now or timezone.now()
    limit = limits()
    public = Article.objects.published(now=now)
    newest = public.filter(column=OuterRef("pk")).order_by("-publish_at").values("publish_at")
    columns = Column.objects.filter(visible=True).annotate(last_published=Subquery(newest[:1]))
    clocks = []
    for column in columns:
        last = column.last_published
        if last is None:
            clocks.append(ColumnClock(column, None, None, None, State.BLANK, False))
            continue
        since = _days_between(last, now)
        period = column.period_days
        left = None if period is None else period - since
        if left is not None and left < 0:
            state = State.STALE
        elif left is not None and left <= limit["WARNING_DAYS"]:
            state = State.SOON
        else:
            state = State.OK
        clocks.append(
            ColumnClock(column, last, since, left, state, since > limit["LONG_STALE_DAYS"])
        )
    home_last = (
        public.filter(column__visible=True).order_by("-publish_at")
        .values_list("publish_at", flat=True).first()
    )  # fmt: skip
    home_since = None if home_last is None else _days_between(home_last, now)
    return Clock(
        now=now,
        columns=clocks,
        home_last=home_last,
        home_days_since=home_since,
        home_days_left=None if home_last is None else limit["HOME_DAYS"] - home_since,
        limits=limit,
    )
