"""Reading a page as a person sees it."""

import re


def table_cells(html: str) -> list[list[str]]:
    """The text of each heading and data cell of the first table body in ``html``, row by row."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]
