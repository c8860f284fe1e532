"""Datasette plugins that `archive serve` loads (``--plugins-dir``): each module is one."""
