"""The bar chart's geometry (core.charts): pure, no database."""

from core import charts


def test_bars_share_one_scale_and_mark_the_previous_value():
    chart = charts.bar_chart([("Yes", 50, 25), ("No", 25, None)], maximum=100, width=640)
    yes, no = chart.bars
    span = chart.right - chart.left
    assert yes.width == span / 2 and no.width == span / 4
    assert yes.previous_x == chart.left + span / 4 and no.previous_x is None
    assert chart.has_previous
    assert [tick.text for tick in chart.x_ticks] == ["0", "25", "50", "75", "100"]


def test_without_a_maximum_the_scale_rounds_up_from_the_largest_value():
    chart = charts.bar_chart([("A", 7, None), ("B", 13, None)])
    assert chart.x_ticks[-1].text == "15"
    assert not chart.has_previous


def test_long_labels_wrap_to_two_lines_and_an_empty_chart_has_nothing_to_draw():
    assert charts.wrap_label("Agree with a very long label that goes on and on forever", 30) == (
        "Agree with a very long label",
        "that goes on and on forever",
    )
    assert len(charts.wrap_label("word " * 40, 30)) == 2
    assert not charts.bar_chart([]).has_values


def test_a_sparkline_starts_at_zero_marks_the_target_and_breaks_at_a_missing_value():
    chart = charts.sparkline([("Q1", 40), ("Q2", None), ("Q3", 50), ("Q4", 60)], target=100, maximum=100)
    assert chart.top_text == "100" and chart.target_y == chart.top
    assert len(chart.lines) == 2  # the missing quarter breaks the line
    assert chart.last.text == "60" and chart.last.y == round(chart.bottom - 0.6 * (chart.bottom - chart.top), 1)
    assert (chart.first_label, chart.last_label) == ("Q1", "Q4")


def test_a_sparkline_of_counts_rounds_its_top_above_the_values_and_the_target():
    chart = charts.sparkline([("Q1", 3), ("Q2", 7)], target=5)
    assert chart.top_text == "8" and chart.target_y is not None
    assert not charts.sparkline([("Q1", None)]).has_values
