"""Forms for the audits app: frameworks, cycles, answers and case audits."""


class GovukLengths:
    """Too-long text gets the Design System's wording ("Title must be 200 characters or
    fewer") rather than Django's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            limit = getattr(field, "max_length", None)
            if limit and field.label:
                label = str(field.label).replace(" (optional)", "")
                field.error_messages["max_length"] = f"{label} must be {limit} characters or fewer"
