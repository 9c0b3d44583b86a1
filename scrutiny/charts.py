"""The chart geometry moved to core.charts so that every app can draw the same charts."""

from core.charts import Point, Tick, TrendChart, axis_range, nice_step, trend_chart

__all__ = ["Point", "Tick", "TrendChart", "axis_range", "nice_step", "trend_chart"]
