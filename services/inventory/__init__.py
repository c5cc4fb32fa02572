"""Import of the GC Service Inventory and its service standards.

Two phases. ``read_files`` decodes and validates every file completely and
returns normalised records, or raises ``InventoryFileError`` listing every
problem with its file and line: a file with any error imports nothing.
``apply`` then writes everything in one transaction with bulk operations,
changing only what differs, so importing the same files twice changes
nothing and a newer fiscal year adds that year.

Both layouts are accepted: the 2024+ layout (``owner_org``, upper-case
codes, fractions 0..1) and the older one (``department_name_en/fr``,
often lower-case codes, percentages 0..100). ``NA``, ``ND`` and empty cells
are missing values, never zero.

The modules, in the order the data goes through them: ``reading`` (bytes to
rows and cells), ``records`` (rows of each kind of file to records),
``validation`` (every file, and what the files say about each other and the
database) and ``applying`` (the writes).
"""

from .applying import apply
from .reading import InventoryFileError, ParsedInventory
from .validation import read_files

__all__ = ["InventoryFileError", "ParsedInventory", "apply", "read_files"]
