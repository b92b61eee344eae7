"""DailyViews and ViewStatistics, moved here from the news app: the table news_dailyviews and its
indexes stay as they are (state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("news", "0007_readership_moves_out"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DailyViews",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("date", models.DateField(verbose_name="日期")),
                        ("views", models.PositiveIntegerField(default=0, verbose_name="浏览次数")),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="daily_views",
                                to="news.article",
                                verbose_name="文章",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "每日浏览",
                        "verbose_name_plural": "每日浏览",
                        "db_table": "news_dailyviews",
                        "indexes": [
                            models.Index(fields=["date", "article"], name="daily_views_date_idx")
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("article", "date"), name="daily_views_unique"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ViewStatistics",
                    fields=[],
                    options={
                        "verbose_name": "浏览统计",
                        "verbose_name_plural": "浏览统计",
                        "proxy": True,
                        "indexes": [],
                        "constraints": [],
                    },
                    bases=("readership.dailyviews",),
                ),
            ],
        ),
    ]
