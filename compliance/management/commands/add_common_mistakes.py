from django.core.management.base import BaseCommand

from compliance.common_mistakes import COMMON_MISTAKES, add_common_mistakes


class Command(BaseCommand):
    help = "把常见错别字（如“截止目前”应为“截至目前”）加入错敏词表；已有的不变。"

    def handle(self, *args, **options):
        added = add_common_mistakes()
        self.stdout.write(f"错敏词表：新增 {added} 个，共 {len(COMMON_MISTAKES)} 个常见错误写法。")
