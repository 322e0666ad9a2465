from scrapers.text.normalise import clean_line, clean_text, html_to_text


def test_clean_line_unescapes_entities_a_site_escaped_twice():
    assert clean_line("Pierluca D&#x27;Oro") == "Pierluca D'Oro"
    assert clean_line("R&amp;D &lt;team&gt;") == "R&D <team>"


def test_clean_line_drops_invisible_characters_and_squashes_every_space():
    assert clean_line("\u202aYotam Alexander\u202c\u200f") == "Yotam Alexander"
    assert clean_line("Clinical Coding Specialist ") == "Clinical Coding Specialist"
    assert clean_line(" Deep\u00adLearning\u00a0for\u200b  Vision\n") == "DeepLearning for Vision"


def test_clean_text_keeps_lines_and_drops_blank_ones_and_those_holding_only_a_no_break_space():
    plain = "A World-Changing Company\n\u00a0\nPalantir builds software.  \n\n\nThe Role\r\n&nbsp;\n"

    assert clean_text(plain).splitlines() == ["A World-Changing Company", "Palantir builds software.", "The Role"]


def test_html_to_text_goes_through_the_same_cleaning():
    fragment = "<div>&nbsp;</div><p>Senior&nbsp;Engineer&amp;#x27;s role </p><p>\u200b</p>"

    assert html_to_text(fragment) == "Senior Engineer's role"
