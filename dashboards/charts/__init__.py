"""Dashboard charts: `datasets` describes each chart once (`render.ChartData`); `render`
draws it as SVG and writes it as CSV."""
