"""The office's formats: spreadsheets in and out, minutes as HTML and PDF, the
message catalogs of `--lang`, and Vietnamese alphabetical order.

Adapters like the CLI: they read and write files and call the application and the
read models; the domain knows nothing of them.
"""
