"""Daily views and their statistics moved to the readership app; their table stays where it is
(state only). What status means, and the counting policy's new home, in the help texts."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0006_scale_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ViewStatistics"),
                migrations.DeleteModel(name="DailyViews"),
            ],
        ),
        migrations.AlterField(
            model_name="article",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "草稿"),
                    ("submitted", "待审核"),
                    ("approved", "已通过"),
                    ("published", "已发布"),
                    ("returned", "已退回"),
                    ("withdrawn", "已撤回"),
                ],
                default="draft",
                editable=False,
                help_text=(
                    "稿件最新版本在审核流程中的位置，只能通过“提交审核”“通过”“退回”“撤回”等按钮改变。"
                    "它不表示公众能否看到：已上线的文章有修改稿时，状态跟随修改稿（草稿、待审核），"
                    "网站上仍显示已通过的版本。公众能否看到，见“在网站上”。"
                ),
                max_length=20,
                verbose_name="状态",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="view_count",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="按“人次”自动统计，不能手工修改；每天的数字见“浏览统计”。",
                verbose_name="浏览次数",
            ),
        ),
    ]
