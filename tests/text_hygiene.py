"""What no cleaned field or text of a record holds: markup, entities, no-break or invisible characters,
spaces at a line's ends or two in a row, blank lines."""
import re

_UNCLEAN = re.compile(
    r"</?(?:a|b|i|p|br|em|strong|span|div|pre|code|li|ul|ol|h[1-6]|table|tr|td)\b[^>]*>"
    r"|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);"
    r"|[\u00a0\u00ad\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\t\r]|^\s|\s$|\s\s"
)


def assert_clean_line(text: str) -> None:
    assert text and "\n" not in text and not _UNCLEAN.search(text), repr(text)


def assert_clean_text(text: str) -> None:
    for line in text.split("\n"):
        assert_clean_line(line)
