"""Pure figure builders: validated tables in, plotly Figures out."""
