"""Forms for groups, meetings, papers, attendance, minutes, plans, risks and the forward plan,
one module per part of the app (mirroring subgroups/services)."""
