"""Downloads staff take into Excel: CSV tables (statistics, the security audit log)."""

import csv

from django.http import HttpResponse


def csv_response(filename, header, rows):
    """A CSV download that Excel opens with the Chinese intact (UTF-8 with BOM)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows([_inert(value) for value in row] for row in rows)
    return response


def _inert(value):
    """A cell that starts like a formula (=, +, -, @) must not run as one in a spreadsheet."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
