# SPDX-License-Identifier: MIT
"""Calendar tests (a package so that test modules can import the shared base class)."""
