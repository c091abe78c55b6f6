"""Views of the reviews app, one module per area."""
