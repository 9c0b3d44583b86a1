"""Permission-scoped reads for subgroups, one module per part of the app (groups, meetings,
plans, risks, "My work"). Each page's queries are fixed in number whatever the data size:
related rows come by select_related or one prefetch per relation."""
