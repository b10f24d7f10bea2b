"""The learned second opinion of the understanding (issue 13): see `model`."""
