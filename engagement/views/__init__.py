"""Thin views: selector, form, one service, message, redirect."""
