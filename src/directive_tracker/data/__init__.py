# SPDX-License-Identifier: MIT
"""Package data of directive_tracker (official-notice calendar data), via importlib.resources."""
