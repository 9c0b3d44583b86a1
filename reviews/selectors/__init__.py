"""Permission-scoped reads for reviews, one module per part of the app (cases, rapid reviews,
practice reviews, the reviewer directory, learning, the pipeline and "My work").

404 for "missing or not yours": a record the person cannot open is indistinguishable from one
that does not exist. Every page's queries are fixed in number whatever the data size.
"""
