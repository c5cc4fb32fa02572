"""Import of the GC Service Inventory and its service standards.

Three steps. ``read_files`` decodes and checks every file completely. A problem of a file
(encoding, missing columns, a row with the wrong number of fields, a number or fiscal year that
cannot be read) raises ``InventoryFileError`` listing every such problem with its file and
line: such a file imports nothing. A problem of one row (it conflicts with another row for the
same key and fiscal year, it holds an unknown code, its service is not there) leaves the row out
as a ``Rejection`` with its file, line and reason. ``preview`` says what importing the valid
rows would create and update; ``apply`` writes them in one transaction with bulk operations,
changing only what differs, and only when asked to leave the rejected rows out. The newest
fiscal year wins for every service and standard, whatever order files come in.

Both layouts are accepted: the 2024+ layout (``owner_org``, upper-case codes, fractions 0..1)
and the older one (``department_name_en/fr``, often lower-case codes, percentages 0..100).
``NA``, ``ND`` and empty cells are missing values, never zero.

The modules, in the order the data goes through them: ``reading`` (bytes to rows and cells),
``records`` (rows of each kind of file to records), ``validation`` (every file, and what the
files say about each other and the database), ``applying`` (the writes) and ``rejections``
(the rejected rows as a CSV).
"""

from .applying import RejectedRows, apply, preview
from .reading import InventoryFileError, ParsedInventory, Rejection
from .rejections import rejected_csv
from .validation import read_files

__all__ = [
    "InventoryFileError",
    "ParsedInventory",
    "RejectedRows",
    "Rejection",
    "apply",
    "preview",
    "read_files",
    "rejected_csv",
]
