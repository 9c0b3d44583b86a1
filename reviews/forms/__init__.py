"""Forms for cases, rapid reviews, practice reviews, the reviewer directory and learning, one
module per service module. Input shape and GOV.UK messages only; the services hold the rules that
need the database (dates against the case, statuses, permissions)."""
