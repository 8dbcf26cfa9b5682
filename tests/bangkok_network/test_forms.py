"""The core's form fields: dates and years are typed and shown in the Buddhist Era."""

from datetime import date

from bangkok_network.forms import BEDateField, BEDateInput


def test_a_stored_date_is_shown_with_its_buddhist_era_year():
    assert BEDateInput().format_value(date(2021, 3, 13)) == "13/03/2564"
    assert BEDateInput().format_value("13/03/2564") == "13/03/2564"  # what the user typed stays


def test_what_the_input_shows_reads_back_as_the_same_date():
    shown = BEDateInput().format_value(date(2020, 10, 1))

    assert BEDateField().clean(shown) == date(2020, 10, 1)
