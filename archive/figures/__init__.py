"""Figures for papers: events counted over time (`archive chart`) and on a map (`archive map`).

Why static files: a paper needs an image that says what it shows (axes, the filters in the
title, the rules version and the archive's moment in the caption) and that can be made again
from the same archive. Matplotlib draws PNG and SVG; the HTML map is one self-contained file
(an inline SVG and the events as GeoJSON, no script or tile from the network), so it opens
offline and in ten years.
"""
