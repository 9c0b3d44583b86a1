"""Thin views: selector, form, one service, message, redirect. Every page that shows a
restricted record writes a row to the access log as it is shown (core.access_log.log_view;
read-only pages are core.access_log.restricted_read)."""
