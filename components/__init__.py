"""Pure component builders: data and language in, a Dash component tree out."""
