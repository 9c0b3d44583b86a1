import re
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from core import addresses


class Organisation(models.Model):
    """An organisation in the stakeholder directory: a safeguarding partner or an agency."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        INTEGRATED_CARE_BOARD = "integrated_care_board", "Integrated care board"
        POLICE = "police", "Police"
        NHS_TRUST = "nhs_trust", "NHS trust"
        SCHOOL = "school", "School or academy"
        EARLY_YEARS = "early_years", "Early years setting"
        COLLEGE = "college", "College"
        PROBATION = "probation", "Probation"
        YOUTH_JUSTICE = "youth_justice", "Youth justice"
        HOUSING = "housing", "Housing"
        CAFCASS = "cafcass", "CAFCASS"
        FIRE_AND_RESCUE = "fire_and_rescue", "Fire and rescue"
        GP_PRACTICE = "gp_practice", "GP practice"
        VOLUNTARY = "voluntary", "Voluntary or community organisation"
        RESIDENTIAL_FOSTERING = "residential_fostering", "Residential or fostering provider"
        OTHER = "other", "Other"

    class Involvement(models.TextChoices):
        SUBGROUP_MEMBER = "subgroup_member", "Sub-group member"
        WIDER_PARTNERSHIP = "wider_partnership", "Wider partnership events only"

    class AuditDuty(models.TextChoices):
        SECTION_11 = "section_11", "Section 11 (Children Act 2004)"
        SECTION_175 = "section_175", "Section 175 (Education Act 2002)"
        SECTION_157 = "section_157", "Section 157 (Education Act 2002)"
        NONE = "none", "None"

    # Only these kinds can be one of the three statutory safeguarding partners.
    PARTNER_KINDS = frozenset({Kind.LOCAL_AUTHORITY, Kind.INTEGRATED_CARE_BOARD, Kind.POLICE})

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    is_safeguarding_partner = models.BooleanField(
        "safeguarding partner",
        default=False,
        help_text="One of the three statutory partners: local authority, integrated care board, police",
    )
    is_relevant_agency = models.BooleanField(
        "relevant agency",
        default=True,
        help_text="Named by the partners under the Relevant Agency Regulations",
    )
    involvement = models.CharField(max_length=30, choices=Involvement.choices, default=Involvement.WIDER_PARTNERSHIP)
    audit_duty = models.CharField(max_length=20, choices=AuditDuty.choices, default=AuditDuty.SECTION_11)
    address = models.TextField(blank=True)
    contact_name = models.CharField("contact name", max_length=200, blank=True)
    contact_email = models.EmailField("contact email", blank=True)
    contact_phone = models.CharField("contact phone", max_length=50, blank=True)
    website = models.URLField(blank=True)
    email_domains = models.CharField(
        "email domains",
        max_length=500,
        blank=True,
        help_text="The domains of the organisation’s own email addresses, separated by commas, like "
        "northbridgehospitals.nhs.uk. Its staff can register with these to book multi-agency training.",
    )
    is_active = models.BooleanField("active", default=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="parent organisation",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="organisation_name_unique_ci",
                violation_error_message="There is already an organisation with this name",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "is_active"]),
            models.Index(fields=["audit_duty", "is_active"]),
        ]
        permissions = [("lead_organisation", "Lead for the organisation")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return addresses.of("partnership:organisation-detail", self.pk)

    def clean(self) -> None:
        errors = {}
        try:
            self.email_domains = ", ".join(parse_email_domains(self.email_domains))
        except ValidationError as error:
            errors["email_domains"] = error.messages
        if self.is_safeguarding_partner and self.kind not in self.PARTNER_KINDS:
            errors["is_safeguarding_partner"] = (
                "Only a local authority, an integrated care board or the police can be a safeguarding partner"
            )
        if self.parent_id and self.pk and self._parent_chain_contains(self.pk):
            errors["parent"] = "An organisation cannot be its own parent, directly or through others"
        if errors:
            raise ValidationError(errors)

    @property
    def domain_list(self) -> list[str]:
        return [d.strip() for d in self.email_domains.split(",") if d.strip()]

    @property
    def audit_duty_short(self) -> str:
        return self.get_audit_duty_display().split(" (")[0]

    def _parent_chain_contains(self, pk: int) -> bool:
        seen = set()
        current = self.parent
        while current is not None and current.pk not in seen:
            if current.pk == pk:
                return True
            seen.add(current.pk)
            current = current.parent
        return False


# Addresses anyone can get: a domain like these proves nothing about where someone works.
PUBLIC_EMAIL_DOMAINS = frozenset(
    {
        "aol.com",
        "btinternet.com",
        "gmail.com",
        "googlemail.com",
        "hotmail.co.uk",
        "hotmail.com",
        "icloud.com",
        "live.co.uk",
        "live.com",
        "me.com",
        "msn.com",
        "outlook.com",
        "protonmail.com",
        "proton.me",
        "sky.com",
        "talktalk.net",
        "virginmedia.com",
        "yahoo.co.uk",
        "yahoo.com",
    }
)
DOMAIN_PATTERN = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def parse_email_domains(text: str) -> list[str]:
    """The domains in `text` (separated by commas, semicolons, spaces or new lines), lower case,
    without an "@" before them, each once; refuses anything that is not a domain and the public
    email services."""
    domains: list[str] = []
    for raw in re.split(r"[,;\s]+", text or ""):
        domain = raw.strip().lower().lstrip("@").rstrip(".")
        if not domain:
            continue
        if not DOMAIN_PATTERN.match(domain):
            raise ValidationError(
                f"“{raw[:100]}” is not an email domain: enter domains like northbridgehospitals.nhs.uk"
            )
        if domain in PUBLIC_EMAIL_DOMAINS:
            raise ValidationError(
                f"“{domain}” is a public email service that anyone can use: enter the organisation’s own domain"
            )
        if domain not in domains:
            domains.append(domain)
    return domains


def email_domain(email: str) -> str:
    return (email or "").rsplit("@", 1)[-1].strip().lower() if "@" in (email or "") else ""


class OrganisationUserObjectPermission(UserObjectPermissionBase):
    # Direct foreign keys keep guardian's object-permission queries to plain joins.
    content_object = models.ForeignKey(Organisation, on_delete=models.CASCADE)


class OrganisationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Organisation, on_delete=models.CASCADE)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=normalise_email(email), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


class User(AbstractBaseUser, PermissionsMixin):
    """A person who uses the portal. Email is the login. Never deleted: deactivated."""

    email = models.EmailField("email address", unique=True)
    name = models.CharField(max_length=200)
    job_title = models.CharField("job title", max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    phone = models.CharField(max_length=50, blank=True)
    is_active = models.BooleanField("active", default=True)
    is_staff = models.BooleanField(
        "Django admin access", default=False, help_text="For the portal's technical administrators only"
    )
    date_joined = models.DateTimeField("date joined", default=timezone.now)
    invited_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    deactivated_at = models.DateTimeField(null=True, blank=True)
    deactivation_reason = models.TextField("reason for deactivation", blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    # Not stored: set by the selectors that show a person for display.
    is_lead: bool
    role_labels: list[str]
    organisations_led: list[Organisation]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["organisation", "is_active"])]

    def __str__(self) -> str:
        return self.name or self.email

    def get_absolute_url(self) -> str:
        return addresses.of("partnership:person-detail", self.pk)

    def clean(self) -> None:
        super().clean()
        self.email = normalise_email(self.email)

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    @property
    def has_accepted_invitation(self) -> bool:
        return self.has_usable_password()


class StrategicPriority(models.Model):
    """One of the partnership's strategic priorities for a period (e.g. 2025 to 2028)."""

    title = models.CharField(max_length=200)
    description = models.TextField()
    period_start = models.PositiveSmallIntegerField("first year")
    period_end = models.PositiveSmallIntegerField("last year")
    lead = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="priorities_led")
    outcomes = models.TextField("outcome statements", blank=True, help_text="One outcome statement per line")
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField("current", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_active", "position", "title"]
        verbose_name_plural = "strategic priorities"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return addresses.of("partnership:priority-detail", self.pk)

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "The last year must be the same as or after the first year"})

    @property
    def period(self) -> str:
        return f"{self.period_start} to {self.period_end}"

    @property
    def outcome_list(self) -> list[str]:
        return [line.strip() for line in self.outcomes.splitlines() if line.strip()]


class PartnershipDetails(models.Model):
    """The partnership's own details: one row per deployment (one portal, one partnership)."""

    CACHE_KEY = "partnership-details"

    name = models.CharField(max_length=200, default="Safeguarding Children Partnership")
    area = models.CharField(max_length=200, blank=True, help_text="For example, the borough or city covered")
    description = models.TextField(blank=True)
    logo = models.FileField(upload_to="partnership/", blank=True)
    concern_phone = models.CharField("phone number for reporting a concern", max_length=50, blank=True)
    concern_out_of_hours_phone = models.CharField("out-of-hours phone number", max_length=50, blank=True)
    concern_email = models.EmailField("email for professionals' referrals", blank=True)
    concern_url = models.URLField("web page for reporting a concern", blank=True)
    concern_guidance = models.TextField(
        "what to say to someone reporting a concern",
        blank=True,
        help_text="Shown on the public page. Keep it short and plain.",
    )
    business_unit_email = models.EmailField("business unit email", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "partnership details"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    @classmethod
    def cached(cls) -> "PartnershipDetails | None":
        return cache.get(cls.CACHE_KEY)

    @classmethod
    def load(cls) -> "PartnershipDetails":
        details = cache.get(cls.CACHE_KEY)
        if details is None:
            details = cls.objects.filter(pk=1).first() or cls(pk=1)
            cache.set(cls.CACHE_KEY, details, 300)
        return details


class BudgetContribution(models.Model):
    """A partner's contribution to the partnership's budget for one financial year."""

    financial_year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts in: 2025 means April 2025 to March 2026"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="contributions")
    cash_amount = models.DecimalField("money (£)", max_digits=12, decimal_places=2, default=Decimal("0"))
    in_kind_amount = models.DecimalField(
        "in kind (£ equivalent)", max_digits=12, decimal_places=2, default=Decimal("0")
    )
    in_kind_description = models.TextField("what the in-kind contribution is", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-financial_year", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["financial_year", "organisation"],
                name="one_contribution_per_year",
                violation_error_message=(
                    "This organisation already has a contribution for this year: change that one instead"
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(cash_amount__gte=0) & models.Q(in_kind_amount__gte=0),
                name="contribution_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.financial_year_label}"

    @property
    def financial_year_label(self) -> str:
        return financial_year_label(self.financial_year)

    @property
    def total(self) -> Decimal:
        return self.cash_amount + self.in_kind_amount


def financial_year_label(start_year: int) -> str:
    return f"{start_year} to {start_year + 1}"
