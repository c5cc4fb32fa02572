"""The rejected rows as a CSV: each row's own columns as its file gave them, then where it came
from and why it was left out, so a person can correct the rows and import them again."""

import csv
import io

from .reading import ParsedInventory

WHERE = ["file", "line", "reason"]


def rejected_csv(parsed: ParsedInventory) -> str:
    """Every rejected row; the columns of all their files in the order first met."""
    columns: list[str] = []
    for rejection in parsed.rejected:
        for column in parsed.columns.get(rejection.file, rejection.cells):
            if column not in columns and column not in WHERE:
                columns.append(column)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*columns, *WHERE])
    for rejection in parsed.rejected:
        writer.writerow(
            [
                *(rejection.cells.get(column, "") for column in columns),
                rejection.file,
                rejection.line,
                rejection.reason,
            ]
        )
    return out.getvalue()
