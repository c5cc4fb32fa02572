"""Date formats in both languages that no Canadian reader can misread: ISO 8601 dates
(2026-12-04) and 24-hour times, or the month spelled out; never a month-first 12/04/2026."""
